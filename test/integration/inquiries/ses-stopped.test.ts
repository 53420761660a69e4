// The mail service really down: this file starts a local stack of its own (so stopping its SES
// emulator disturbs no other test), stops the emulator process, posts a lead, starts the emulator
// again and sees both emails arrive once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../../local/stack.ts';
import { loadClinicConfigFile } from '../../../shared/config/load.ts';
import { newLead } from './helpers.ts';

interface StoredEmail {
  subject: string;
  destination: { to: string[] };
}

const config = loadClinicConfigFile('config/dev.json');
const savedEnv = { ...process.env };
let stack: LocalStack;

beforeAll(async () => {
  stack = await startLocalStack({
    config,
    apiPort: 0,
    dynamoDbPort: 0,
    sesPort: 0,
    tableName: 'ses-stopped-test',
    logProblem: () => {}, // the worker's retries while SES is down are expected here
  });
}, 90_000);

afterAll(async () => {
  await stack?.stop();
  // startLocalStack points this process's functions at its own stack; give the next file a clean slate.
  for (const key of Object.keys(process.env)) if (!(key in savedEnv)) delete process.env[key];
  Object.assign(process.env, savedEnv);
});

async function emailsTo(address: string): Promise<StoredEmail[]> {
  const response = await fetch(`${stack.sesUrl}/store`);
  const { emails } = (await response.json()) as { emails: StoredEmail[] };
  return emails.filter((email) => email.destination.to.some((to) => to.includes(address)));
}

describe('POST /v1/inquiries while the mail service is stopped', () => {
  it('answers 201 at once, and emails staff and patient once the mail service is back, without duplicates', async () => {
    await stack.stopSes();
    await expect(fetch(`${stack.sesUrl}/health-check`)).rejects.toThrow();

    const lead = newLead();
    const response = await fetch(`${stack.apiUrl}/v1/inquiries`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(lead),
    });
    expect(response.status).toBe(201);
    const { id } = (await response.json()) as { id: string };
    expect(id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);

    // Let the stream worker try, fail on a refused connection, and back off a few times.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    await stack.startSes();

    const staff = config.email.staff[0] as string;
    await expect.poll(() => emailsTo(lead.email), { timeout: 20_000, interval: 250 }).toHaveLength(1);
    await expect
      .poll(async () => (await emailsTo(staff)).filter((e) => e.subject === 'New website inquiry'), {
        timeout: 20_000,
        interval: 250,
      })
      .toHaveLength(1);
    // A retried batch must not send again what already went out.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(await emailsTo(lead.email)).toHaveLength(1);
    expect(await emailsTo(staff)).toHaveLength(1);
  }, 60_000);
});
