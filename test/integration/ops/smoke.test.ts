// `npm run smoke` against the local stack, on a stack of this file's own (--write books and cancels a
// slot, which no other file's availability should see): every check passes on a healthy API, the
// writes reach the mail service as a patient's would, and a check that fails says so and fails the run.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSmoke, SMOKE_EMAIL } from '../../../scripts/lib/smoke.ts';
import { loadClinicConfigFile } from '../../../shared/config/load.ts';
import { isAddressedTo, waitForEmails } from '../support/index.ts';
import { ownLocalStack } from '../support/own-stack.ts';
import { ownStackHelpers, runToolProcess } from './support.ts';

// The dev config with the clinic's public origin first: the smoke test preflights the first allowed
// origin, and dev.json's first, the demo site's http://localhost:8080, is moved by the local stack to
// wherever this file's own stack runs its site (port 0: any free port).
const configPath = join(mkdtempSync(join(tmpdir(), 'cfd-smoke-')), 'clinic.json');
{
  const raw = JSON.parse(readFileSync(resolve('config/dev.json'), 'utf8'));
  const origins: string[] = raw.cors.allowedOrigins;
  raw.cors.allowedOrigins = [
    ...origins.filter((o) => !o.startsWith('http://localhost')),
    ...origins.filter((o) => o.startsWith('http://localhost')),
  ];
  writeFileSync(configPath, JSON.stringify(raw));
}
const config = loadClinicConfigFile(configPath);
const stack = ownLocalStack({ config, tableName: 'smoke-test', cognitoPort: 0, logProblem: () => {} });
const own = ownStackHelpers(stack, config, configPath);

const CHECKS = [
  'health',
  'OpenAPI document',
  'appointment types',
  'availability',
  'CORS, the clinic’s origin',
  'CORS, a foreign origin',
  'security headers',
];
const WRITES = ['inquiry', 'booking', 'booking read back', 'booking cancelled'];

describe('npm run smoke', () => {
  it('passes every check of a healthy local stack, writes included, and cancels what it booked', async () => {
    const run = await runToolProcess('scripts/smoke.ts', ['--url', stack().apiUrl, '--write'], own.toolEnv());
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toBe(`Smoke test of ${stack().apiUrl}`);
    expect(lines.slice(1, -1).map((line) => line.slice(0, line.indexOf(':')))).toEqual(
      [...CHECKS, ...WRITES].map((name) => `✓ ${name}`),
    );
    expect(lines.at(-1)).toBe(`All ${CHECKS.length + WRITES.length} checks passed.`);

    const booked = /booked \S+ at \S+: (\w+)/.exec(run.stdout)?.[1] as string;
    expect((await own.item(`BOOKING#${booked}`, 'BOOKING'))?.status).toBe('cancelled');
    // The patient's emails went to the mailbox simulator: the acknowledgement, the confirmation, the cancellation.
    const emails = await waitForEmails((email) => isAddressedTo(email, SMOKE_EMAIL), {
      sesUrl: stack().sesUrl,
      count: 3,
    });
    expect(emails.map((email) => email.subject)).toEqual(
      expect.arrayContaining([expect.stringMatching(/confirmed/i), expect.stringMatching(/cancel/i)]),
    );
  }, 120_000);

  it('fails a check the API does not pass, and says what it found', async () => {
    const claimed = {
      ...config,
      scheduling: {
        ...config.scheduling,
        appointmentTypes: [
          ...config.scheduling.appointmentTypes,
          { ...config.scheduling.appointmentTypes[0], id: 'not-deployed' },
        ],
      },
    } as typeof config;
    const checks = await runSmoke({ baseUrl: stack().apiUrl, config: claimed, write: false });
    const types = checks.find((check) => check.name === 'appointment types');
    expect(types?.ok).toBe(false);
    expect(types?.detail).toContain('the config has');
    expect(types?.detail).toContain('not-deployed');
    expect(checks.filter((check) => !check.ok)).toHaveLength(1);
  });

  it('fails the CORS check when a foreign origin is let in, and the security headers when they are missing', async () => {
    // A stand-in API that allows every origin and sets no security header.
    const server = createServer((request, response) => {
      response.setHeader('access-control-allow-origin', '*');
      response.setHeader('content-type', 'application/json');
      response.end(request.url === '/v1/health' ? '{"status":"ok"}' : '{}');
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    try {
      const { port } = server.address() as AddressInfo;
      const checks = await runSmoke({ baseUrl: `http://127.0.0.1:${port}`, config, write: false });
      const verdict = Object.fromEntries(checks.map((check) => [check.name, check.ok]));
      expect(verdict).toMatchObject({
        health: true,
        'CORS, a foreign origin': false,
        'security headers': false,
        'OpenAPI document': false,
      });
    } finally {
      await new Promise((done) => server.close(done));
    }
  });

  it('exits non-zero when the API does not answer, and on a usage mistake', async () => {
    const nothing = await runToolProcess('scripts/smoke.ts', ['--url', 'http://127.0.0.1:9'], own.toolEnv());
    expect(nothing.code).toBe(1);
    expect(nothing.stdout).toContain('✗ health: could not ask');
    const usage = await runToolProcess('scripts/smoke.ts', [], own.toolEnv());
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('Give either --url or --stage');
  }, 60_000);
});
