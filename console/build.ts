// Builds the staff console with esbuild, in memory: index.html, app.<hash>.js and
// styles.<hash>.css, hashed so that they can be cached for a year while index.html is not.
// `tsx console/build.ts --out DIR` writes the same files (and manifest.json) for a deployment bundle.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';

const CONSOLE_DIR = dirname(fileURLToPath(import.meta.url));

/** One file of the built console, as the serving module (shared/adapters/http/console-assets.ts) takes it. */
export interface BuiltConsoleFile {
  /** Path under `/staff/`: `index.html`, `app.3f2a9c01de.js`. */
  readonly path: string;
  readonly contentType: string;
  readonly body: string;
  /** Named by its content: cacheable for good. */
  readonly immutable: boolean;
}

export interface BuildOptions {
  /** @default true */
  readonly minify?: boolean;
}

function contentHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 10);
}

function bundle(entry: string, minify: boolean): string {
  const result = buildSync({
    entryPoints: [join(CONSOLE_DIR, entry)],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    // Evergreen browsers of a front desk; nothing older is worth the bytes.
    target: ['es2022', 'chrome111', 'firefox113', 'safari16.4'],
    minify,
    legalComments: 'none',
    charset: 'utf8',
    logLevel: 'silent',
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error(`esbuild produced nothing for ${entry}`);
  return output.text;
}

/** The console, built now: the CDK app calls it while it synthesizes (a constructor cannot await). */
export function buildConsoleSync(options: BuildOptions = {}): BuiltConsoleFile[] {
  const minify = options.minify ?? true;
  const script = bundle('src/main.ts', minify);
  const styles = bundle('styles.css', minify);
  const scriptPath = `app.${contentHash(script)}.js`;
  const stylesPath = `styles.${contentHash(styles)}.css`;
  const template = readFileSync(join(CONSOLE_DIR, 'index.html'), 'utf8');
  if (!template.includes('href="styles.css"') || !template.includes('src="app.js"')) {
    throw new Error('console/index.html must link styles.css and app.js, which the build names by hash');
  }
  // Absolute, so index.html works whether it is reached as /staff or /staff/.
  const html = template
    .replace('href="styles.css"', `href="/staff/${stylesPath}"`)
    .replace('src="app.js"', `src="/staff/${scriptPath}"`);
  return [
    { path: 'index.html', contentType: 'text/html; charset=utf-8', body: html, immutable: false },
    { path: scriptPath, contentType: 'text/javascript; charset=utf-8', body: script, immutable: true },
    { path: stylesPath, contentType: 'text/css; charset=utf-8', body: styles, immutable: true },
  ];
}

export async function buildConsole(options: BuildOptions = {}): Promise<BuiltConsoleFile[]> {
  return buildConsoleSync(options);
}

/** Writes the built files and a manifest.json (path → content type, immutable) under `outDir`. */
export async function writeConsole(outDir: string, options: BuildOptions = {}): Promise<BuiltConsoleFile[]> {
  const files = await buildConsole(options);
  mkdirSync(outDir, { recursive: true });
  for (const file of files) writeFileSync(join(outDir, file.path), file.body);
  writeFileSync(
    join(outDir, 'manifest.json'),
    `${JSON.stringify(
      files.map(({ body: _body, ...meta }) => meta),
      null,
      2,
    )}\n`,
  );
  return files;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf('--out');
  const outDir = at > 0 ? process.argv[at + 1] : undefined;
  if (!outDir) {
    console.error('usage: tsx console/build.ts --out DIR');
    process.exit(2);
  }
  const files = await writeConsole(resolve(outDir));
  console.info(`staff console built: ${files.map((f) => f.path).join(', ')} in ${outDir}`);
}
