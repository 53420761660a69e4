import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type { ItemKey } from '../../../shared/adapters/dynamodb/outbox.ts';
import { changeOf, processStreamBatch } from '../../../shared/adapters/dynamodb/stream.ts';
import type { OutgoingEmail, OutgoingMessage, OutgoingText } from '../../../shared/core/messages/message.ts';
import type { PlannerRegistration } from '../../../shared/core/messages/planner.ts';

let sequence = 100;
function record(
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE',
  newItem?: Record<string, unknown>,
  oldItem?: Record<string, unknown>,
): DynamoDBRecord {
  sequence += 1;
  return {
    eventID: `e${sequence}`,
    eventName,
    eventSource: 'aws:dynamodb',
    dynamodb: {
      SequenceNumber: String(sequence),
      StreamViewType: 'NEW_AND_OLD_IMAGES',
      ...(newItem ? { NewImage: marshall(newItem) as never } : {}),
      ...(oldItem ? { OldImage: marshall(oldItem) as never } : {}),
    },
  };
}

const email = (id: string, to = 'desk@clinic.example'): OutgoingEmail => ({
  id,
  to: [to],
  subject: 'New website inquiry',
  text: 't',
  html: '<p>t</p>',
});

const text = (id: string, to = '+12015550123'): OutgoingText => ({
  channel: 'sms',
  id,
  to,
  body: 'Riverside Spine: your appointment is Tue, Dec 1 at 9:00 AM. Reply STOP to opt out',
});

const note: PlannerRegistration = {
  plan: (change) => (change.eventName === 'INSERT' ? [email(`staff-${String(change.newItem?.n)}`)] : []),
};

function recorder(failOn?: string) {
  const delivered: string[] = [];
  const deleted: ItemKey[] = [];
  return {
    delivered,
    deleted,
    deps: {
      deliver: async (_key: ItemKey, planned: OutgoingMessage) => {
        if (planned.id === failOn) throw new Error('mail service down');
        delivered.push(`${planned.channel ?? 'email'}:${planned.id}`);
      },
      deleteItem: async (key: ItemKey) => {
        deleted.push(key);
      },
    },
  };
}

describe('notifier stream processing', () => {
  it('plans and delivers the emails of each new item, in stream order', async () => {
    const { delivered, deps } = recorder();
    const records = [1, 2, 3].map((n) => record('INSERT', { pk: `NOTE#${n}`, sk: 'NOTE', kind: 'note', n }));
    const result = await processStreamBatch(records, { note }, deps);
    expect(result.batchItemFailures).toEqual([]);
    expect(delivered).toEqual(['email:staff-1', 'email:staff-2', 'email:staff-3']);
  });

  it('reports the failed record and every later one, and delivers nothing after it', async () => {
    const { delivered, deps } = recorder('staff-2');
    const records = [1, 2, 3].map((n) => record('INSERT', { pk: `NOTE#${n}`, sk: 'NOTE', kind: 'note', n }));
    const result = await processStreamBatch(records, { note }, deps);
    expect(delivered).toEqual(['email:staff-1']);
    expect(result.batchItemFailures).toEqual(
      records.slice(1).map((r) => ({ itemIdentifier: r.dynamodb?.SequenceNumber })),
    );
  });

  it('ignores changes that only recorded email delivery state', () => {
    const before = { pk: 'NOTE#1', sk: 'NOTE', kind: 'note', n: 1 };
    const after = { ...before, email_staff: { status: 'sent', at: '2026-11-24T10:00:00.000Z', attempts: 1 } };
    expect(changeOf(record('MODIFY', after, before))).toBeUndefined();
    const realChange = changeOf(record('MODIFY', { ...after, n: 2 }, before));
    expect(realChange?.newItem).toEqual({ pk: 'NOTE#1', sk: 'NOTE', kind: 'note', n: 2 });
  });

  it('ignores changes that only recorded text delivery state, and strips it from the images', () => {
    const before = { pk: 'REMIND#1', sk: '0', kind: 'reminder', smsConsent: true };
    const optedOut = {
      status: 'failed',
      at: '2026-11-24T10:00:00.000Z',
      attempts: 1,
      error: 'opted_out',
      permanent: true,
    };
    const after = { ...before, sms_reminder_1440: optedOut };
    expect(changeOf(record('MODIFY', after, before))).toBeUndefined();
    const both = {
      ...after,
      email_reminder_1440: { status: 'sent', at: '2026-11-24T10:00:01.000Z', attempts: 1 },
    };
    expect(changeOf(record('MODIFY', both, after))).toBeUndefined();
    const realChange = changeOf(record('MODIFY', { ...both, n: 2 }, after));
    // Attributes that merely begin like a channel name (smsConsent) are the item's own.
    expect(realChange?.newItem).toEqual({ ...before, n: 2 });
    expect(realChange?.oldItem).toEqual(before);
  });

  it('hands each planned email and text to delivery, in the order planned, with its channel', async () => {
    const { delivered, deps } = recorder();
    const reminder: PlannerRegistration = {
      plan: () => [email('reminder-email'), text('reminder-sms'), email('staff-copy')],
    };
    const result = await processStreamBatch(
      [record('INSERT', { pk: 'REMIND#1', sk: '0', kind: 'reminder', n: 1 })],
      { reminder },
      deps,
    );
    expect(result.batchItemFailures).toEqual([]);
    expect(delivered).toEqual(['email:reminder-email', 'sms:reminder-sms', 'email:staff-copy']);
  });

  it('retries from a record whose text failed, and delivers nothing after it', async () => {
    const { delivered, deps } = recorder('sms-2');
    const texting: PlannerRegistration = {
      plan: (change) => [
        text(`sms-${String(change.newItem?.n)}`),
        email(`mail-${String(change.newItem?.n)}`),
      ],
    };
    const records = [1, 2, 3].map((n) => record('INSERT', { pk: `T#${n}`, sk: 'T', kind: 'texting', n }));
    const result = await processStreamBatch(records, { texting }, deps);
    expect(delivered).toEqual(['sms:sms-1', 'email:mail-1']);
    expect(result.batchItemFailures.map((failure) => failure.itemIdentifier)).toEqual(
      records.slice(1).map((r) => r.dynamodb?.SequenceNumber),
    );
  });

  it('skips items of kinds no planner handles', async () => {
    const { delivered, deps } = recorder();
    const result = await processStreamBatch(
      [record('INSERT', { pk: 'IDEMPOTENCY#x', sk: 'IDEMPOTENCY', kind: 'idempotency' })],
      { note },
      deps,
    );
    expect(result.batchItemFailures).toEqual([]);
    expect(delivered).toEqual([]);
  });

  it('deletes an outbox-only item once its emails are delivered, and not when delivery failed', async () => {
    const outbox: PlannerRegistration = { ...note, deleteItemWhenDelivered: true };
    const ok = recorder();
    await processStreamBatch(
      [record('INSERT', { pk: 'NOTICE#1', sk: '0', kind: 'notice', n: 1 })],
      { notice: outbox },
      ok.deps,
    );
    expect(ok.deleted).toEqual([{ pk: 'NOTICE#1', sk: '0' }]);

    const failing = recorder('staff-1');
    await processStreamBatch(
      [record('INSERT', { pk: 'NOTICE#1', sk: '0', kind: 'notice', n: 1 })],
      { notice: outbox },
      failing.deps,
    );
    expect(failing.deleted).toEqual([]);
  });
});

describe('changeOf', () => {
  it('treats images listing the same attributes in another order as no change', () => {
    const before = { pk: 'NOTE#1', sk: 'NOTE', kind: 'note', n: 1, nested: { a: 1, b: 2 } };
    const reordered = { nested: { b: 2, a: 1 }, n: 1, kind: 'note', sk: 'NOTE', pk: 'NOTE#1' };
    expect(changeOf(record('MODIFY', reordered, before))).toBeUndefined();
  });
});
