// The web kit's promises that a build can break: each file stands alone (no imports, so no runtime
// dependency and nothing for a clinic to bundle) and stays small once minified and gzipped.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { transform } from 'esbuild';
import { describe, expect, it } from 'vitest';

const KIT = new URL('../../../web/kit/', import.meta.url);
const LIMITS = { 'clinic-booking.js': 15 * 1024, 'contact-form.js': 5 * 1024 } as const;

async function minified(name: string): Promise<string> {
  const source = readFileSync(new URL(name, KIT), 'utf8');
  return (await transform(source, { minify: true, format: 'esm', target: 'es2022' })).code;
}

describe('web/kit', () => {
  it.each(Object.entries(LIMITS))('%s is at most its limit gzipped, minified', async (name, limit) => {
    const code = await minified(name);
    const gzipped = gzipSync(code, { level: 9 }).length;
    expect(gzipped).toBeGreaterThan(1000); // the file is really there
    expect(gzipped).toBeLessThanOrEqual(limit);
  });

  it.each(Object.keys(LIMITS))('%s imports nothing', (name) => {
    const source = readFileSync(new URL(name, KIT), 'utf8');
    expect(source).not.toMatch(/^\s*import\b|\bimport\s*\(|\brequire\s*\(/m);
  });
});
