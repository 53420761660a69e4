import { describe, expect, it } from 'vitest';
import { planInquiryWrite } from '../../../shared/app/inquiries/receive-inquiry.ts';
import {
  buildDedupeMarker,
  buildLeadItem,
  DEDUPE_WINDOW_SECONDS,
  leadExpiresAt,
  localMonth,
  SPAM_RETENTION_SECONDS,
  spamExpiresAt,
} from '../../../shared/core/inquiries/lead.ts';
import { submission } from './fixtures.ts';

const now = new Date('2026-12-01T04:30:00Z'); // 11:30 PM on Nov 30 in New York
const id = '01KBDJ5Z8Q6V0000000000000A';
const DAY_SECONDS = 86_400;
const at = (context: { timeZone: string; inquiryDays?: number }) => ({
  id,
  now,
  timeZone: context.timeZone,
  inquiryDays: context.inquiryDays ?? 730,
});

describe('the lead item', () => {
  it('holds the checked fields and nothing else', () => {
    const item = buildLeadItem(
      submission({
        phone: '+12015550143',
        topic: 'Low back pain',
        preferredContact: 'phone',
        custom: { insurance: 'Aetna' },
        attribution: { utm_source: 'google', gclid: 'abc' },
        next: 'https://www.riverside.example/thanks',
      }),
      at({ timeZone: 'America/New_York' }),
    );
    expect(item).toStrictEqual({
      pk: `INQUIRY#${id}`,
      sk: 'INQUIRY',
      kind: 'inquiry',
      id,
      status: 'received',
      receivedAt: '2026-12-01T04:30:00.000Z',
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      phone: '+12015550143',
      message: 'My lower back hurts.',
      topic: 'Low back pain',
      preferredContact: 'phone',
      consent: true,
      custom: { insurance: 'Aetna' },
      attribution: { utm_source: 'google', gclid: 'abc' },
      gsi1pk: 'INQUIRIES#2026-11',
      gsi1sk: id,
      expiresAt: now.getTime() / 1000 + 730 * DAY_SECONDS,
    });
  });

  it('leaves out empty optional parts', () => {
    const item = buildLeadItem(submission(), at({ timeZone: 'UTC' }));
    expect(Object.keys(item)).not.toEqual(
      expect.arrayContaining(['phone', 'topic', 'custom', 'attribution']),
    );
    expect(item.gsi1pk).toBe('INQUIRIES#2026-12');
  });

  it('files spam with a 30-day expiry, outside the inbox in a partition of its own', () => {
    const item = buildLeadItem(submission({ spam: true }), at({ timeZone: 'UTC' }));
    expect(item.status).toBe('spam');
    expect(item.expiresAt).toBe(now.getTime() / 1000 + SPAM_RETENTION_SECONDS);
    expect(SPAM_RETENTION_SECONDS).toBe(30 * 86_400);
    expect(item.gsi1pk).not.toMatch(/^INQUIRIES#/);
    expect(item.gsi1pk).toBe('INQUIRIES_SPAM#2026-12');
  });

  it('keeps a real lead retention.inquiryDays after it arrived, then lets TTL remove it', () => {
    expect(buildLeadItem(submission(), at({ timeZone: 'UTC', inquiryDays: 730 })).expiresAt).toBe(
      Date.parse('2028-11-30T04:30:00Z') / 1000,
    );
    expect(buildLeadItem(submission(), at({ timeZone: 'UTC', inquiryDays: 1 })).expiresAt).toBe(
      Date.parse('2026-12-02T04:30:00Z') / 1000,
    );
  });

  it('never keeps spam longer than a lead, when the retention is shorter than 30 days', () => {
    const item = buildLeadItem(submission({ spam: true }), at({ timeZone: 'UTC', inquiryDays: 7 }));
    expect(item.expiresAt).toBe(now.getTime() / 1000 + 7 * DAY_SECONDS);
  });
});

describe('leadExpiresAt and spamExpiresAt', () => {
  const receivedAt = new Date('2026-01-10T12:00:00Z');
  it('count a lead from its arrival, whenever it is changed', () => {
    expect(leadExpiresAt(receivedAt, 730)).toBe(Date.parse('2028-01-10T12:00:00Z') / 1000);
  });

  it('keep spam 30 days from when it was marked, but never past the lead’s own expiry', () => {
    const marked = new Date('2026-03-01T00:00:00Z');
    expect(spamExpiresAt(marked, receivedAt, 730)).toBe(Date.parse('2026-03-31T00:00:00Z') / 1000);
    expect(spamExpiresAt(marked, receivedAt, 60)).toBe(Date.parse('2026-03-11T12:00:00Z') / 1000);
  });
});

describe('localMonth', () => {
  it("is the clinic's month, not UTC's", () => {
    expect(localMonth(now, 'America/New_York')).toBe('2026-11');
    expect(localMonth(now, 'Europe/Berlin')).toBe('2026-12');
  });
});

describe('the dedupe marker', () => {
  it('points at the lead and holds for 10 minutes', () => {
    const marker = buildDedupeMarker('hash', id, now);
    expect(marker).toStrictEqual({
      pk: 'INQUIRY_DEDUPE#hash',
      sk: 'DEDUPE',
      kind: 'inquiry-dedupe',
      leadId: id,
      until: now.getTime() / 1000 + 600,
      expiresAt: now.getTime() / 1000 + 600,
    });
    expect(DEDUPE_WINDOW_SECONDS).toBe(600);
  });
});

describe('planInquiryWrite', () => {
  const secret = new Uint8Array(32).fill(7);
  const settings = { timeZone: 'America/New_York', rateLimitPerHour: 10, inquiryDays: 730 };
  const lead = submission({
    name: 'Zebulon Quixote',
    email: 'zebulon@example.com',
    phone: '+12015550199',
    message: 'Sciatica since March',
  });
  const plan = (overrides: Partial<Parameters<typeof planInquiryWrite>[1]> = {}, input = lead) =>
    planInquiryWrite(input, { settings, secret, clientIp: '203.0.113.9', now, id, ...overrides });

  it('puts nothing the patient typed, nor the client address, into any key', () => {
    const write = plan();
    const keys = JSON.stringify([
      write.lead.pk,
      write.lead.sk,
      write.lead.gsi1pk,
      write.lead.gsi1sk,
      write.dedupe.pk,
      write.dedupe.sk,
      write.rateLimit.clientKey,
    ]);
    for (const value of ['Zebulon', 'Quixote', 'zebulon', '2015550199', 'Sciatica', '203.0.113.9', '203']) {
      expect(keys).not.toContain(value);
    }
  });

  it('gives the same lead the same dedupe key, and another message another key', () => {
    const first = plan().dedupe.pk;
    expect(plan({ id: 'other', now: new Date(now.getTime() + 60_000) }).dedupe.pk).toBe(first);
    expect(
      plan({}, { ...lead, email: 'ZEBULON@example.com ', message: 'Sciatica   since\nMarch' }).dedupe.pk,
    ).toBe(first);
    expect(plan({}, { ...lead, message: 'Sciatica since April' }).dedupe.pk).not.toBe(first);
    expect(plan({}, { ...lead, spam: true }).dedupe.pk).not.toBe(first);
  });

  it('counts a client by its address, and keys depend on the deployment secret', () => {
    const first = plan().rateLimit.clientKey;
    expect(plan({ clientIp: '203.0.113.9' }).rateLimit.clientKey).toEqual(first);
    expect(plan({ clientIp: '203.0.113.10' }).rateLimit.clientKey).not.toEqual(first);
    expect(plan({ secret: new Uint8Array(32).fill(8) }).rateLimit.clientKey).not.toEqual(first);
    expect(plan({ secret: new Uint8Array(32).fill(8) }).dedupe.pk).not.toBe(plan().dedupe.pk);
  });

  it("uses the clinic's hourly limit", () => {
    expect(plan().rateLimit.limit).toBe(10);
    expect(plan({ settings: { ...settings, rateLimitPerHour: 3 } }).rateLimit.limit).toBe(3);
  });

  it("keeps the lead the clinic's retention.inquiryDays", () => {
    expect(plan({ settings: { ...settings, inquiryDays: 90 } }).lead.expiresAt).toBe(
      now.getTime() / 1000 + 90 * DAY_SECONDS,
    );
  });
});
