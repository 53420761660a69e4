// `npm run dev -- --persist DIR` restarted with a backlog (issue 10): leads and bookings written
// while the mail service was down, and the stream worker killed before it could send their emails,
// are emailed — once each — by the next run on the same DIR. Before, the worker started a persisted
// table's stream at LATEST and those emails were never sent. Now it resumes each shard after the
// last record a run handled (local/stream-positions.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { addDays, localDateOf } from '../../shared/core/scheduling/time.ts';
import { commandLine, type DevProcess, descendantPids, isRunning, startDev } from './support/dev-process.ts';
import { randomClientIp, type SesEmail, uniqueEmail } from './support/index.ts';
import { uniquePhone } from './support/sms.ts';

const scratch = mkdtempSync(join(tmpdir(), 'dev-backlog-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const ANY_PORTS = {
  PORT: '0',
  DYNAMODB_PORT: '0',
  SES_PORT: '0',
  SMS_PORT: '0',
  COGNITO_PORT: '0',
  DEMO_DATA: '0',
  TABLE_NAME: 'backlog-test',
} as const;

function printedUrl(dev: DevProcess, label: string): string {
  const match = dev.output().match(new RegExp(`${label}:\\s+(http://127\\.0\\.0\\.1:\\d+)`));
  if (!match?.[1]) throw new Error(`no ${label} URL in:\n${dev.output()}`);
  return match[1];
}

async function eventually(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`${what}: not so within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function storedEmails(sesUrl: string): Promise<SesEmail[]> {
  const response = await fetch(`${sesUrl}/store`);
  return ((await response.json()) as { emails: SesEmail[] }).emails;
}

/** A record written through the API: the address its emails name (to the patient, reply-to for staff). */
interface Written {
  readonly kind: 'lead' | 'booking';
  readonly address: string;
}

/** The emails about one record, by kind: the patient's (to the address) and the staff's (replying to it). */
function emailsAbout(emails: readonly SesEmail[], record: Written): { patient: number; staff: number } {
  const named = (entries: readonly string[]) =>
    entries.some((entry) => entry.toLowerCase().includes(record.address));
  return {
    patient: emails.filter((email) => named(email.destination.to)).length,
    staff: emails.filter((email) => !named(email.destination.to) && named(email.replyTo)).length,
  };
}

async function post(apiUrl: string, path: string, body: Record<string, unknown>) {
  const response = await fetch(`${apiUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': randomClientIp() },
    body: JSON.stringify(body),
  });
  if (response.status !== 201)
    throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
}

async function writeLead(apiUrl: string): Promise<Written> {
  const address = uniqueEmail('backlog-lead');
  await post(apiUrl, '/v1/inquiries', {
    name: 'Pat Backlog',
    email: address,
    message: 'Written while the mail service was down.',
    consent: 'on',
  });
  return { kind: 'lead', address };
}

/** Open follow-up slots on the stack's (fresh) table, from day 3 on. */
async function openStarts(apiUrl: string, count: number): Promise<string[]> {
  const today = localDateOf(new Date(), 'America/New_York');
  const query = new URLSearchParams({ type: 'follow-up', from: addDays(today, 3), to: addDays(today, 12) });
  const response = await fetch(`${apiUrl}/v1/availability?${query}`);
  const { slots } = (await response.json()) as { slots: { start: string }[] };
  if (slots.length < count) throw new Error(`only ${slots.length} open slots`);
  return slots.slice(0, count).map((slot) => slot.start);
}

async function writeBooking(apiUrl: string, start: string): Promise<Written> {
  const address = uniqueEmail('backlog-booking');
  await post(apiUrl, '/v1/bookings', {
    type: 'follow-up',
    start,
    name: 'Pat Backlog',
    email: address,
    phone: uniquePhone(),
    consent: 'on',
  });
  return { kind: 'booking', address };
}

async function startedDev(persistDir: string): Promise<DevProcess> {
  const dev = startDev(ANY_PORTS, ['--persist', persistDir]);
  await dev.waitFor(/Press Ctrl-C to stop/, 90_000);
  return dev;
}

describe('npm run dev -- --persist DIR, restarted with a backlog', () => {
  it('emails every lead and booking written before the stop exactly once, and nothing handled earlier again', async () => {
    const persistDir = join(scratch, 'data');
    const first = await startedDev(persistDir);
    let second: DevProcess | undefined;
    try {
      const api1 = printedUrl(first, 'API');
      const ses1 = printedUrl(first, 'Email viewer');
      const starts = await openStarts(api1, 5);

      // Handled by the first run: these must not be emailed again by the second.
      const handled = [
        await writeLead(api1),
        await writeLead(api1),
        await writeBooking(api1, starts[0] as string),
      ];
      await eventually(async () => {
        const emails = await storedEmails(ses1);
        return handled.every((record) => {
          const about = emailsAbout(emails, record);
          return about.patient === 1 && about.staff === 1;
        });
      }, 'the first records emailed');
      const firstRunEmails = await storedEmails(ses1);

      // The mail service goes down; the backlog is stored but cannot be emailed.
      const sesPid = descendantPids(first.child.pid as number).find((pid) =>
        (commandLine(pid) ?? '').includes('aws-ses-v2-local'),
      );
      expect(sesPid).toBeDefined();
      process.kill(sesPid as number, 'SIGKILL');
      await eventually(() => !isRunning(sesPid as number), 'the SES emulator stopped');
      const backlog: Written[] = [];
      for (let i = 0; i < 6; i++) backlog.push(await writeLead(api1));
      for (const start of starts.slice(1, 4)) backlog.push(await writeBooking(api1, start));
      await first.waitFor(/\[stream\] retrying from sequence/, 30_000);

      // The worker is killed while it retries (the whole dev process: no clean stop).
      const children = descendantPids(first.child.pid as number);
      first.child.kill('SIGKILL');
      await first.exited;
      await eventually(() => !children.some(isRunning), 'the first run’s processes gone');

      second = await startedDev(persistDir);
      const api2 = printedUrl(second, 'API');
      const ses2 = printedUrl(second, 'Email viewer');
      await eventually(
        async () => {
          const emails = await storedEmails(ses2);
          return backlog.every((record) => {
            const about = emailsAbout(emails, record);
            return about.patient >= 1 && about.staff >= 1;
          });
        },
        'every backlog record emailed by the second run',
        60_000,
      );
      // A marker written now is handled after everything before it: then nothing more will come.
      const marker = await writeLead(api2);
      await eventually(
        async () => emailsAbout(await storedEmails(ses2), marker).patient === 1,
        'the marker emailed',
      );
      const secondRunEmails = await storedEmails(ses2);
      for (const record of backlog) {
        expect(emailsAbout([...firstRunEmails, ...secondRunEmails], record), record.kind).toEqual({
          patient: 1,
          staff: 1,
        });
      }
      for (const record of handled) {
        expect(emailsAbout(secondRunEmails, record), record.kind).toEqual({ patient: 0, staff: 0 });
      }
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
    } finally {
      first.child.kill('SIGKILL');
      second?.child.kill('SIGKILL');
    }
  }, 240_000);
});
