// The deployed bundles, as `cdk synth` builds them for prod, and the naive handler built beside
// them; module init and cold requests, each timed in fresh processes of the project's pinned Node 24.
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { build } from 'esbuild';
import { buildApp, CLI_METADATA_CONTEXT } from '../infra/build-app.ts';
import { NOTIFIER, REMINDER_RUNNER, ROUTES } from '../shared/adapters/http/routes/index.ts';
import { median } from './stats.ts';

const run = promisify(execFile);

/** The project's pinned Node 24 (the `node` dev dependency): every fresh process of the bench runs it. */
export const NODE = new URL('../node_modules/.bin/node', import.meta.url).pathname;

/** NODE's version, after checking that it is a Node 24 (Lambda's `nodejs24.x`). */
export function pinnedNodeVersion(): string {
  const version = execFileSync(NODE, ['--version'], { encoding: 'utf8' }).trim();
  if (!version.startsWith('v24.')) throw new Error(`${NODE} is ${version}, not Node 24`);
  return version;
}

/** The environment a bundle runs with here: dummy credentials, the table, no AWS reached. */
export function functionEnv(tableName: string, dynamoDbEndpoint?: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    TABLE_NAME: tableName,
    ...(dynamoDbEndpoint ? { DYNAMODB_ENDPOINT: dynamoDbEndpoint } : {}),
    STAGE: 'local',
    API_BASE_URL: 'https://api.example',
    POWERTOOLS_SERVICE_NAME: 'clinic-front-door',
    POWERTOOLS_LOG_LEVEL: 'ERROR',
  };
}

export type FunctionKind = 'http' | 'background' | 'other';

export interface Bundle {
  readonly name: string;
  readonly kind: FunctionKind;
  /** file URL of the bundle's entry module. */
  readonly url: string;
  readonly bytes: number;
}

const HTTP_IDS = new Set(ROUTES.map((route) => route.id));
const BACKGROUND_IDS = new Set<string>([NOTIFIER.id, REMINDER_RUNNER.id]);

/** Synthesizes the prod app into `outdir` and lists every function bundle it built. */
export function synthBundles(outdir: string): Bundle[] {
  const built = buildApp({ app: new App({ outdir, context: CLI_METADATA_CONTEXT }), stage: 'prod' });
  built.app.synth();
  const bundles: Bundle[] = [];
  for (const stack of [built.stack.stateless]) {
    for (const resource of Object.values(Template.fromStack(stack).findResources('AWS::Lambda::Function'))) {
      const asset = resource.Metadata?.['aws:asset:path'];
      if (typeof asset !== 'string') continue;
      const file = join(outdir, asset, 'index.mjs');
      if (!existsSync(file)) continue;
      // …/Stateless/Routes/CreateBooking/Function/Resource → CreateBooking
      const name =
        String(resource.Metadata?.['aws:cdk:path'] ?? '')
          .split('/')
          .slice(-3, -2)[0] ?? asset;
      const kind: FunctionKind = HTTP_IDS.has(name)
        ? 'http'
        : BACKGROUND_IDS.has(name)
          ? 'background'
          : 'other';
      bundles.push({ name, kind, url: pathToFileURL(file).href, bytes: statSync(file).size });
    }
  }
  return bundles.sort((a, b) => a.name.localeCompare(b.name));
}

/** bench/naive/handler.ts, bundled the way esbuild bundles by default for Node (CommonJS, not minified). */
export async function buildNaive(outdir: string): Promise<Bundle> {
  const outfile = join(outdir, 'naive', 'index.cjs');
  await build({
    entryPoints: [new URL('./naive/handler.ts', import.meta.url).pathname],
    bundle: true,
    platform: 'node',
    target: 'node24',
    outfile,
    logLevel: 'error',
  });
  return {
    name: 'naive handler',
    kind: 'other',
    url: pathToFileURL(outfile).href,
    bytes: statSync(outfile).size,
  };
}

export interface ColdSample {
  readonly initMs: number;
  readonly coldMs: number;
  readonly status: number | undefined;
}

const CHILD = new URL('./child/cold.mjs', import.meta.url).pathname;

/** One fresh process: import `bundle` and, given an event, invoke it once. */
export async function coldSample(
  node: string,
  bundle: Bundle,
  env: Readonly<Record<string, string>>,
  event?: unknown,
  scratch?: string,
): Promise<ColdSample> {
  const args = [CHILD, bundle.url];
  if (event !== undefined && scratch) {
    const file = join(scratch, `event-${process.hrtime.bigint()}.json`);
    writeFileSync(file, JSON.stringify(event));
    args.push(file);
  }
  const { stdout } = await run(node, args, { env: { ...env }, maxBuffer: 16 * 1024 * 1024 });
  const line = stdout
    .trim()
    .split('\n')
    .reverse()
    .find((candidate) => candidate.startsWith('{"initMs"'));
  if (!line) throw new Error(`${bundle.name}: the child printed no timing:\n${stdout}`);
  return JSON.parse(line) as ColdSample;
}

/**
 * Module init of every bundle and of the naive handler, `runs` rounds: each round imports every
 * bundle once and the naive handler once, so load on the shared machine falls on both alike.
 */
export async function measureInit(
  node: string,
  bundles: readonly Bundle[],
  naive: Bundle,
  env: Readonly<Record<string, string>>,
  runs: number,
): Promise<{ perBundle: Map<string, number>; naiveMs: number }> {
  const samples = new Map<string, number[]>(bundles.map((bundle) => [bundle.name, []]));
  const naiveSamples: number[] = [];
  for (let round = 0; round < runs; round++) {
    for (const bundle of bundles) {
      naiveSamples.push((await coldSample(node, naive, env)).initMs);
      samples.get(bundle.name)?.push((await coldSample(node, bundle, env)).initMs);
    }
  }
  return {
    perBundle: new Map([...samples].map(([name, values]) => [name, median(values)])),
    naiveMs: median(naiveSamples),
  };
}

export function scratchDir(): string {
  return mkdtempSync(join(tmpdir(), 'cfd-bench-'));
}
