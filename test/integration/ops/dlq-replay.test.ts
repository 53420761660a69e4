// Dead letters and their replay, on a stack of this file's own whose stream worker gives up after
// two retries (the deployed mapping gives up after 6 hours; waiting that long is not a test): with
// the mail service stopped, a lead's record ends in the local dead-letter table and the stream goes
// on; `npm run dlq:replay` while the mail service is still down keeps the letter, and after the fix
// sends the lead's emails exactly once; the same letter replayed again sends nothing, and a replay
// of an empty queue says so.
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LocalDeadLetterQueue } from '../../../local/dead-letters.ts';
import { streamBatchInfoOf } from '../../../shared/adapters/dynamodb/stream-failures.ts';
import { loadClinicConfigFile } from '../../../shared/config/load.ts';
import { isAddressedTo, type SesEmail, sesEmails, waitForEmails } from '../support/index.ts';
import { ownLocalStack } from '../support/own-stack.ts';
import { ownStackHelpers, runToolProcess } from './support.ts';

const configPath = resolve('config/dev.json');
const config = loadClinicConfigFile(configPath);
const problems: string[] = [];
const stack = ownLocalStack({
  config,
  tableName: 'dlq-test',
  cognitoPort: 0,
  giveUp: { maxRetryAttempts: 2 },
  logProblem: (line) => problems.push(line),
});
const own = ownStackHelpers(stack, config, configPath);
const staff = config.email.staff[0] as string;

async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline)
      throw new Error(`${what} did not happen within ${timeoutMs} ms:\n${problems.join('\n')}`);
    await new Promise((done) => setTimeout(done, 200));
  }
}

async function postLead(email: string): Promise<string> {
  const answer = await own.call('/v1/inquiries', {
    json: { name: 'Dee Letter', email, message: `Waiting for an answer ${randomUUID()}`, consent: 'on' },
  });
  expect(answer.status, answer.text).toBe(201);
  return String(answer.body.id);
}

const aboutLead = (address: string) => (email: SesEmail) =>
  isAddressedTo(email, address) ||
  (isAddressedTo(email, staff) && email.replyTo.some((entry) => entry.includes(address)));

describe('npm run dlq:replay against the local stack', () => {
  it('re-drives a record dead-lettered during a mail outage once the mail is back: its emails exactly once', async () => {
    const queue = new LocalDeadLetterQueue(own.db(), stack().tableName);
    const tool = () => runToolProcess('scripts/dlq-replay.ts', [], own.toolEnv());
    const lead = `dee+${randomUUID().slice(0, 8)}@example.com`;

    await stack().stopSes();
    await postLead(lead);
    const [letter] = await eventually('a dead letter', async () => {
      const letters = await queue.receive();
      return letters.length > 0 ? letters : undefined;
    });
    const info = streamBatchInfoOf(String(letter?.body));
    expect(info?.streamArn).toContain('dlq-test');
    expect(JSON.parse(String(letter?.body)).requestContext.condition).toBe('RetryAttemptsExhausted');
    expect(problems.some((line) => line.includes('gave up on'))).toBe(true);

    // Still down: the replay fails again, says so, and keeps the letter.
    const whileDown = await tool();
    expect(whileDown.code, whileDown.stderr).toBe(1);
    expect(whileDown.stdout).toContain('✗ shard');
    expect(whileDown.stdout).toContain('left in the queue');
    expect(await queue.receive()).toHaveLength(1);

    // The mail service is back; the stream went on without the dead-lettered record.
    await stack().startSes();
    const marker = `marker+${randomUUID().slice(0, 8)}@example.com`;
    await postLead(marker);
    await waitForEmails((email) => isAddressedTo(email, marker), { sesUrl: stack().sesUrl });
    expect((await sesEmails(stack().sesUrl)).filter(aboutLead(lead))).toEqual([]);

    const replayed = await tool();
    expect(replayed.code, `${replayed.stdout}\n${replayed.stderr}`).toBe(0);
    expect(replayed.stdout).toMatch(
      /✓ shard .*: \d+ record\(s\) read back from the stream; 2 email\(s\) sent, 0 already sent before; removed from the queue/,
    );
    expect(replayed.stdout).toContain('Replayed 1 of 1 dead letter(s)');
    const sent = (await sesEmails(stack().sesUrl)).filter(aboutLead(lead));
    expect(sent.map((email) => (isAddressedTo(email, lead) ? 'ack' : 'staff')).sort()).toEqual([
      'ack',
      'staff',
    ]);
    expect(await queue.receive()).toEqual([]);

    // A letter replayed twice (say, its deletion was lost) sends nothing the second time.
    await queue.send(JSON.parse(String(letter?.body)));
    const twice = await tool();
    expect(twice.code, twice.stderr).toBe(0);
    expect(twice.stdout).toMatch(
      /✓ shard .*; 0 email\(s\) sent, 2 already sent before; removed from the queue/,
    );

    const again = await tool();
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('No dead letters in the local dead-letter table dlq-test-dead-letters');
    // Nothing more went out for the lead, once everything the replay changed has gone through the stream.
    const later = `later+${randomUUID().slice(0, 8)}@example.com`;
    await postLead(later);
    await waitForEmails((email) => isAddressedTo(email, later), { sesUrl: stack().sesUrl });
    expect((await sesEmails(stack().sesUrl)).filter(aboutLead(lead))).toHaveLength(2);
  }, 120_000);
});
