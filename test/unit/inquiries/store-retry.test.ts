// The inquiry store's answer to a cancelled transaction: a conflict with another request in flight
// is tried again through the shared retry helper, a failed condition is an answer. DynamoDB Local
// runs transactions one at a time and never reports TransactionConflict, so these tests inject
// that fault: a real DynamoDBClient whose `send` is mocked to throw what DynamoDB would.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { dynamoInquiryStore } from '../../../shared/adapters/dynamodb/inquiry-store.ts';
import type { InquiryWrite } from '../../../shared/app/inquiries/ports.ts';
import { buildDedupeMarker, buildLeadItem } from '../../../shared/core/inquiries/lead.ts';
import { cancelledTransaction, scriptedTransactions } from '../../support/scripted-dynamodb.ts';
import { submission } from './fixtures.ts';

const NOW = new Date('2026-12-01T15:00:00Z');
const write: InquiryWrite = {
  lead: buildLeadItem(submission(), {
    id: '01KTESTLEAD',
    now: NOW,
    timeZone: 'America/New_York',
    inquiryDays: 730,
  }),
  dedupe: buildDedupeMarker('fingerprint', '01KTESTLEAD', NOW),
  rateLimit: { clientKey: 'client', limit: 5, nowMs: NOW.getTime() },
};

// Positions in the transaction: lead, dedupe marker, rate-limit slot.
const cancelled = (codes: [string, string, string]) => cancelledTransaction(codes);
const conflict = () => cancelled(['None', 'TransactionConflict', 'None']);

function setup(outcomes: (Error | 'ok')[]) {
  const { client, send, waits, retry } = scriptedTransactions(outcomes);
  return { store: dynamoInquiryStore({ client, tableName: 'clinic-test', retry }), send, waits };
}

afterEach(() => vi.restoreAllMocks());

describe('saving a lead under contention', () => {
  it('tries a TransactionConflict again after the full-jitter waits, until it is stored', async () => {
    const { store, send, waits } = setup([conflict(), conflict(), 'ok']);
    await expect(store.save(write)).resolves.toEqual({ outcome: 'stored', id: '01KTESTLEAD' });
    expect(send).toHaveBeenCalledTimes(3);
    // random() = 0.5 of min(800, 20 · 2^attempt)
    expect(waits).toEqual([10, 20]);
  });

  it('gives up after the last attempt with the cancellation itself', async () => {
    const last = conflict();
    const { store, send, waits } = setup([conflict(), conflict(), conflict(), last]);
    await expect(store.save(write)).rejects.toBe(last);
    expect(send).toHaveBeenCalledTimes(4);
    expect(waits).toEqual([10, 20, 40]);
  });

  it('does not try again when a condition failed: that is the answer', async () => {
    const { store, send, waits } = setup([cancelled(['None', 'None', 'ConditionalCheckFailed'])]);
    await expect(store.save(write)).resolves.toMatchObject({ outcome: 'rate_limited' });
    expect(send).toHaveBeenCalledTimes(1);
    expect(waits).toEqual([]);
  });

  it('passes a cancellation without a conflict, and any other failure, through untouched', async () => {
    const odd = cancelled(['ValidationError', 'None', 'None']);
    const { store, waits } = setup([odd]);
    await expect(store.save(write)).rejects.toBe(odd);
    const failure = new Error('network down');
    const other = setup([failure]);
    await expect(other.store.save(write)).rejects.toBe(failure);
    expect([...waits, ...other.waits]).toEqual([]);
  });
});
