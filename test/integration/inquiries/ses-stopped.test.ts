// The mail service really down: this file starts a local stack of its own (so stopping its SES
// emulator disturbs no other test), stops the emulator process, posts a lead, starts the emulator
// again and sees both emails arrive once.
import { describe, expect, it } from 'vitest';
import { loadClinicConfigFile } from '../../../shared/config/load.ts';
import { emailsOnceHandled, isAddressedTo, type SesEmail, waitForEmails } from '../support/index.ts';
import { ownLocalStack } from '../support/own-stack.ts';
import { newLead } from './helpers.ts';

const config = loadClinicConfigFile('config/dev.json');
const problems: string[] = [];
const stack = ownLocalStack({
  config,
  tableName: 'ses-stopped-test',
  // The worker's retries while SES is down are expected here; the test waits for one.
  logProblem: (line) => problems.push(line),
});

async function eventually(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('POST /v1/inquiries while the mail service is stopped', () => {
  it('answers 201 at once, and emails staff and patient once the mail service is back, without duplicates', async () => {
    const { apiUrl, sesUrl } = stack();
    await stack().stopSes();
    await expect(fetch(`${sesUrl}/health-check`)).rejects.toThrow();

    const lead = newLead();
    const response = await fetch(`${apiUrl}/v1/inquiries`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(lead),
    });
    expect(response.status, problems.join('\n')).toBe(201);
    const { id } = (await response.json()) as { id: string };
    expect(id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);

    // The stream worker tried, failed on a refused connection, and scheduled a retry (this stack's
    // table has no other change that sends mail).
    await eventually(() => problems.some((line) => line.includes('[stream] retrying')), 'a retry');
    await stack().startSes();

    const staff = config.email.staff[0] as string;
    const toLead = (email: SesEmail) => isAddressedTo(email, lead.email);
    // The staff email about this lead replies to it; the marker lead below sends staff one of its own.
    const toStaffAboutLead = (email: SesEmail) =>
      isAddressedTo(email, staff) &&
      email.subject === 'New website inquiry' &&
      email.replyTo.some((entry) => entry.includes(lead.email));
    await waitForEmails(toLead, { sesUrl });
    await waitForEmails(toStaffAboutLead, { sesUrl });
    // A retried batch must not send again what already went out.
    const site = { apiUrl, sesUrl };
    expect(await emailsOnceHandled(toLead, { site })).toHaveLength(1);
    expect(await emailsOnceHandled(toStaffAboutLead, { site })).toHaveLength(1);
  }, 60_000);
});
