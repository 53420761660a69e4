// `npm run bench:cold-start`: synthesizes the prod app, then for every function's real bundle prints
// its size and its module init time (a fresh Node 24 process importing it, as Lambda's init phase
// does), median of several runs. Run it before and after a change that touches what a bundle pulls in.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp, CLI_METADATA_CONTEXT } from '../infra/build-app.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);

const outdir = mkdtempSync(join(tmpdir(), 'cfd-cold-start-'));
try {
  const built = buildApp({ app: new App({ outdir, context: CLI_METADATA_CONTEXT }), stage: 'prod' });
  built.app.synth();
  const functions = Object.values(
    Template.fromStack(built.stack.stateless).findResources('AWS::Lambda::Function'),
  )
    .map((resource) => ({
      // …/Stateless/Routes/CreateBooking/Function/Resource → CreateBooking
      name: String(resource.Metadata?.['aws:cdk:path'] ?? '')
        .split('/')
        .slice(-3, -2)[0] as string,
      asset: resource.Metadata?.['aws:asset:path'] as string | undefined,
    }))
    .filter((fn): fn is { name: string; asset: string } => typeof fn.asset === 'string')
    .sort((a, b) => a.name.localeCompare(b.name));

  const env = {
    PATH: process.env.PATH ?? '',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    TABLE_NAME: 'bench-table',
    STAGE: 'bench',
    SES_CONFIGURATION_SET: 'bench',
    API_BASE_URL: 'https://api.example',
    POWERTOOLS_SERVICE_NAME: 'clinic-front-door',
  };
  const rows: string[] = [];
  rows.push(
    `${'function'.padEnd(28)} ${'bundle KB'.padStart(10)} ${'init ms (median)'.padStart(17)} ${'min'.padStart(7)}`,
  );
  for (const fn of functions) {
    const bundle = join(outdir, fn.asset, 'index.mjs');
    const sizeKb = statSync(bundle).size / 1024;
    const script = `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(bundle).href)}); process.stdout.write(String(performance.now() - t));`;
    const samples: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
        env,
        encoding: 'utf8',
      });
      samples.push(Number(out));
    }
    samples.sort((a, b) => a - b);
    const median = samples[Math.floor(samples.length / 2)] as number;
    rows.push(
      `${fn.name.padEnd(28)} ${sizeKb.toFixed(0).padStart(10)} ${median.toFixed(1).padStart(17)} ${(samples[0] as number).toFixed(1).padStart(7)}`,
    );
  }
  process.stdout.write(
    `Cold start: module init of each bundle on Node ${process.versions.node}, ${RUNS} runs each\n`,
  );
  process.stdout.write(`${rows.join('\n')}\n`);
} finally {
  rmSync(outdir, { recursive: true, force: true });
}
