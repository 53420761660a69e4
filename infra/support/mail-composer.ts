// The MailComposer a function bundle carries: nodemailer's own, pre-bundled at synth without the
// two parts no email of ours reaches. Its MIME type table (90 KB of source, 74 KB of the
// notifier's bundle) gives way to the rows for the types our emails name — the text and HTML
// bodies and the invite — taken from the table itself, so those answer exactly as before; and
// its HTTP client (for `href` attachments, which we never use) to one whose stream fails. esbuild's
// command line, which the CDK bundles with, cannot replace a module a package imports by a
// relative path, so the pre-bundle is built by esbuild's API in a child process (synth is
// synchronous), once per nodemailer version, and the bundles alias
// `nodemailer/lib/mail-composer` to it (clinic-function.ts).

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDir, partialPath } from './cache-file.ts';
import { REPOSITORY_ROOT } from './config.ts';

export const MAIL_COMPOSER_IMPORT = 'nodemailer/lib/mail-composer';

/** What our emails name: their bodies, the invite, and the defaults the table falls back to. */
export const KEPT_EXTENSIONS = ['txt', 'html', 'htm', 'ics', 'bin'] as const;
export const KEPT_TYPES = [
  'text/plain',
  'text/html',
  'text/calendar',
  'application/ics',
  'application/octet-stream',
] as const;

const BUILD = `
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
const [out, keptExtensions, keptTypes] = process.argv.slice(2);
// Not among the package's exports: reached beside the mail composer it belongs to.
const mimeTypes = await import(new URL('../mime-funcs/mime-types.js', import.meta.resolve('nodemailer/lib/mail-composer')).href);
const extensions = Object.fromEntries(JSON.parse(keptExtensions).map((e) => [e, mimeTypes.detectMimeType('x.' + e)]));
const types = Object.fromEntries(JSON.parse(keptTypes).map((t) => [t, mimeTypes.detectExtension(t)]));
const standIn = [
  "// nodemailer's MIME type table, cut at synth to the rows our emails use (infra/support/mail-composer.ts).",
  "import path from 'node:path';",
  'const EXTENSIONS = new Map(Object.entries(' + JSON.stringify(extensions) + '));',
  'const TYPES = new Map(Object.entries(' + JSON.stringify(types) + '));',
  // The library's own two functions, over the cut table.
  'export function detectMimeType(filename) {',
  "  if (!filename) return 'application/octet-stream';",
  '  const parsed = path.parse(filename);',
  "  const extension = (parsed.ext.substr(1) || parsed.name || '').split('?').shift().trim().toLowerCase();",
  "  return EXTENSIONS.get(extension) ?? 'application/octet-stream';",
  '}',
  'export function detectExtension(mimeType) {',
  "  if (!mimeType) return 'bin';",
  "  const parts = mimeType.toLowerCase().trim().split('/');",
  '  const rootType = parts.shift().trim();',
  "  const subType = parts.join('/').trim();",
  "  const known = TYPES.get(rootType + '/' + subType);",
  '  if (known !== undefined) return known;',
  "  return rootType === 'text' ? 'txt' : 'bin';",
  '}',
].join('\\n');
const refusingFetch = [
  "// nodemailer's HTTP client, for href attachments, which no email of ours has (infra/support/mail-composer.ts).",
  // A stream that fails, as the real client's does when a fetch fails: the build's promise rejects.
  "import { PassThrough } from 'node:stream';",
  'export default function nmfetch() {',
  '  const stream = new PassThrough();',
  "  setImmediate(() => stream.emit('error', new Error('This bundle fetches no attachment by URL')));",
  '  return stream;',
  '}',
].join('\\n');
await build({
  entryPoints: [fileURLToPath(import.meta.resolve('nodemailer/lib/mail-composer'))],
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node24',
  outfile: out,
  logLevel: 'error',
  plugins: [{
    name: 'trim-nodemailer',
    setup(b) {
      b.onResolve({ filter: /mime-types\\.js$/ }, () => ({ path: 'mime-types', namespace: 'trimmed' }));
      b.onResolve({ filter: /\\/fetch\\/index\\.js$/ }, () => ({ path: 'fetch', namespace: 'trimmed' }));
      b.onLoad({ filter: /.*/, namespace: 'trimmed' }, (args) => ({
        contents: args.path === 'mime-types' ? standIn : refusingFetch,
        resolveDir: process.cwd(),
        loader: 'js',
      }));
    },
  }],
});
`;

/** Builds the pre-bundle once per nodemailer version and returns its path (under node_modules/.cache). */
export function mailComposerModule(): string {
  const version = JSON.parse(
    readFileSync(join(REPOSITORY_ROOT, 'node_modules', 'nodemailer', 'package.json'), 'utf8'),
  ).version as string;
  const key = createHash('sha256')
    .update(`${version}\n${BUILD}\n${KEPT_EXTENSIONS.join()}\n${KEPT_TYPES.join()}`)
    .digest('hex')
    .slice(0, 16);
  const file = join(cacheDir(), `mail-composer-${key}.mjs`);
  if (existsSync(file)) return file;
  // Per worker: the infra tests synthesize in parallel, and any of them may get here first.
  const partial = partialPath(file);
  const script = `${partial}.build.mjs`;
  writeFileSync(script, BUILD);
  execFileSync(
    process.execPath,
    [script, partial, JSON.stringify(KEPT_EXTENSIONS), JSON.stringify(KEPT_TYPES)],
    {
      cwd: REPOSITORY_ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  // Written whole or not at all: a synth cut short leaves no half a module to alias.
  renameSync(partial, file);
  rmSync(script, { force: true });
  return file;
}
