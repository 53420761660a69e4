// Modules written at synth under node_modules/.cache (phone plans, the clinic's VTIMEZONE, the
// built-in shims, the MailComposer pre-bundle). Parallel synths (the infra tests' workers) write
// the same files: each writes a file of its own and renames it into place, so esbuild never reads
// one half written.
import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPOSITORY_ROOT } from './config.ts';

/** node_modules/.cache/clinic-front-door, created on first use. */
export function cacheDir(...sub: string[]): string {
  const dir = join(REPOSITORY_ROOT, 'node_modules', '.cache', 'clinic-front-door', ...sub);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** A name no other process or worker writes to, beside `file`. */
export function partialPath(file: string): string {
  return `${file}.${process.pid}-${randomUUID()}.tmp`;
}

/** Writes `text` to `file` unless it already holds it, atomically. */
export function writeCacheFile(file: string, text: string): void {
  try {
    if (readFileSync(file, 'utf8') === text) return;
  } catch {
    // not written yet
  }
  const partial = partialPath(file);
  writeFileSync(partial, text);
  renameSync(partial, file);
}

/** Writes `text` as `<name>-<hash of text>.mjs` (once per content) and returns its path. */
export function writeCacheModule(name: string, text: string): string {
  const file = join(
    cacheDir(),
    `${name}-${createHash('sha256').update(text).digest('hex').slice(0, 16)}.mjs`,
  );
  writeCacheFile(file, text);
  return file;
}
