// Every Lambda entry stays thin: parse (the route record), call a use case, present its outcome.
// The length caps what can hide in one; the imports keep outcomes (metrics, logs, responses with
// their statuses) in the presenters of shared/adapters/http, decided in one place per route.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const functionsDir = fileURLToPath(new URL('../../../functions', import.meta.url));
const MAX_LINES = 30;
const entries = readdirSync(functionsDir)
  .filter((name) => name.endsWith('.ts'))
  .map((name) => ({ name, source: readFileSync(path.join(functionsDir, name), 'utf8') }));
const httpEntries = entries.filter(({ source }) => source.includes('httpRoute('));

describe('functions/*.ts', () => {
  it('finds the entries', () => {
    expect(entries.length).toBeGreaterThanOrEqual(11);
    expect(httpEntries.length).toBeGreaterThanOrEqual(10);
  });

  it.each(entries)(`$name has at most ${MAX_LINES} lines`, ({ source }) => {
    expect(source.trimEnd().split('\n').length).toBeLessThanOrEqual(MAX_LINES);
  });

  it.each(httpEntries)('$name leaves outcomes to its use case and presenter', ({ source }) => {
    const code = source.replace(/^\s*\/\/.*$/gm, '');
    // No branch on an outcome, no metric or log line of its own, and its schemas from its record.
    expect(code).not.toMatch(/\bif\s*\(|\bswitch\s*\(|\bcatch\s*\(/);
    expect(code).not.toMatch(/platform\/(metrics|logger)\.ts/);
    expect(code).toMatch(/from '\.\.\/shared\/adapters\/http\/routes\/[a-z-]+\.ts'/);
    expect(code).not.toMatch(/from 'zod'|\bz\.object\(/);
  });
});
