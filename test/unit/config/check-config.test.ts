// `npm run config:check`: the command ops run on a config file before a deploy.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function check(...files: string[]) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/check-config.ts', ...files], {
    encoding: 'utf8',
  });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe('npm run config:check', () => {
  it('checks every stage file in config/ when given none, and says each is valid', () => {
    const { status, output } = check();
    expect(status).toBe(0);
    expect(output).toContain('config/dev.json: valid');
    expect(output).toContain('config/prod.json: valid');
  });

  it('exits 1 naming the key and the reason for a bad file', () => {
    const document = JSON.parse(readFileSync('config/dev.json', 'utf8'));
    document.clinic.timeZone = 'Mars/Olympus_Mons';
    const file = join(mkdtempSync(join(tmpdir(), 'config-check-')), 'bad.json');
    writeFileSync(file, JSON.stringify(document));
    const { status, output } = check(file);
    expect(status).toBe(1);
    expect(output).toContain('clinic.timeZone');
    expect(output).not.toContain('    at '); // a message, not a stack trace
  });
});
