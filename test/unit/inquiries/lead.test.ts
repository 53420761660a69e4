import { describe, expect, it } from 'vitest';
import { planInquiryWrite } from '../../../shared/app/inquiries/receive-inquiry.ts';
import {
  buildDedupeMarker,
  buildLeadItem,
  DEDUPE_WINDOW_SECONDS,
  localMonth,
  SPAM_RETENTION_SECONDS,
} from '../../../shared/core/inquiries/lead.ts';
import { submission } from './fixtures.ts';

const now = new Date('2026-12-01T04:30:00Z'); // 11:30 PM on Nov 30 in New York
const id = '01KBDJ5Z8Q6V0000000000000A';

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
      { id, now, timeZone: 'America/New_York' },
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
    });
  });

  it('leaves out empty optional parts', () => {
    const item = buildLeadItem(submission(), { id, now, timeZone: 'UTC' });
    expect(Object.keys(item)).not.toEqual(
      expect.arrayContaining(['phone', 'topic', 'custom', 'attribution']),
    );
    expect(item.gsi1pk).toBe('INQUIRIES#2026-12');
  });

  it('files spam with a 30-day expiry, outside the inbox in a partition of its own', () => {
    const item = buildLeadItem(submission({ spam: true }), { id, now, timeZone: 'UTC' });
    expect(item.status).toBe('spam');
    expect(item.expiresAt).toBe(now.getTime() / 1000 + SPAM_RETENTION_SECONDS);
    expect(SPAM_RETENTION_SECONDS).toBe(30 * 86_400);
    expect(item.gsi1pk).not.toMatch(/^INQUIRIES#/);
    expect(item.gsi1pk).toBe('INQUIRIES_SPAM#2026-12');
  });

  it('never expires a real lead', () => {
    expect(buildLeadItem(submission(), { id, now, timeZone: 'UTC' }).expiresAt).toBeUndefined();
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
  const settings = { timeZone: 'America/New_York', rateLimitPerHour: 10 };
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
});
