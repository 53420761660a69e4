// Erasure on request: who it matches, which items of a lead or booking it removes (found again by
// key), which months it reads, what it answers and what the audit trail keeps of it (counts and
// ids, never the email or phone).
import { describe, expect, it } from 'vitest';
import { planInquiryWrite } from '../../../shared/app/inquiries/receive-inquiry.ts';
import { erasePerson } from '../../../shared/app/staff/erasure.ts';
import type { ErasureStore } from '../../../shared/app/staff/erasure-ports.ts';
import type { AuditLog } from '../../../shared/app/staff/ports.ts';
import { localMonth } from '../../../shared/core/inquiries/lead.ts';
import {
  bookingItemsByKey,
  dedupeMarkersOf,
  type ErasureFindings,
  erasureBodySchema,
  erasureSearchMonths,
  isSubjectOf,
  kindInBookingPartition,
  noneErased,
} from '../../../shared/core/privacy/erasure.ts';
import type { AuditEntry } from '../../../shared/core/staff/audit.ts';
import { submission } from '../inquiries/fixtures.ts';
import { booking } from '../scheduling/bookings/fixtures.ts';

const NOW = new Date('2026-12-01T15:00:00Z');

describe('who an erasure is for', () => {
  const subject = { email: 'Ana.Diaz@Example.com', phone: '+12015550123' };

  it('matches an email in any case and with stray spaces, or the phone alone', () => {
    expect(isSubjectOf(subject, { email: 'ana.diaz@example.com' })).toBe(true);
    expect(isSubjectOf(subject, { email: ' ANA.DIAZ@EXAMPLE.COM ' })).toBe(true);
    expect(isSubjectOf(subject, { email: 'someone@example.com', phone: '+12015550123' })).toBe(true);
    expect(isSubjectOf(subject, { email: 'someone@example.com', phone: '+12015550124' })).toBe(false);
    expect(isSubjectOf({ email: 'ana.diaz@example.com' }, { email: 'x@example.com' })).toBe(false);
    expect(isSubjectOf({ email: 'ana.diaz@example.com' }, {})).toBe(false);
  });

  it('takes the phone as forms do (the clinic’s numbering plan, back in E.164) and refuses junk', () => {
    const body = erasureBodySchema('US');
    expect(body.parse({ email: ' ana@example.com ', phone: '(201) 555-0123' })).toEqual({
      email: 'ana@example.com',
      phone: '+12015550123',
    });
    expect(body.parse({ email: 'ana@example.com', phone: '' })).toEqual({ email: 'ana@example.com' });
    expect(body.safeParse({ email: 'not an address' }).success).toBe(false);
    expect(body.safeParse({ phone: '+12015550123' }).success).toBe(false);
    expect(body.safeParse({ email: 'ana@example.com', phone: '12' }).success).toBe(false);
  });
});

describe('the items that belong to a lead or booking', () => {
  it('find a lead’s dedupe marker again from the lead, in either space, only while it names the lead', () => {
    const secret = new Uint8Array(32).fill(3);
    const settings = { timeZone: 'America/New_York', rateLimitPerHour: 10, inquiryDays: 730 };
    const written = planInquiryWrite(submission(), {
      settings,
      secret,
      clientIp: '203.0.113.1',
      now: NOW,
      id: 'L1',
    });
    const markers = dedupeMarkersOf(
      { id: 'L1', name: written.lead.name, email: written.lead.email, message: written.lead.message },
      secret,
    );
    expect(markers.map((m) => m.key)).toContainEqual({ pk: written.dedupe.pk, sk: written.dedupe.sk });
    expect(markers).toHaveLength(2);
    for (const marker of markers) expect(marker.ownedBy).toEqual({ attribute: 'leadId', id: 'L1' });
  });

  it('find a booking’s locks (only while they name it), pending reminders and link by key', () => {
    const b = booking({
      reminders: [
        {
          sk: '2026-11-30T14:00:00.000Z#B#1440#email',
          dueAt: new Date('2026-11-30T14:00:00Z'),
          channel: 'email',
          offsetMinutes: 1440,
        },
      ],
    });
    const items = bookingItemsByKey(b, ['LOCK#dr-lee#2026-12-01T14:00:00.000Z']);
    expect(items).toEqual([
      {
        key: { pk: 'LOCK#dr-lee#2026-12-01T14:00:00.000Z', sk: 'LOCK' },
        kind: 'locks',
        ownedBy: { attribute: 'bookingId', id: b.id },
      },
      { key: { pk: 'REMINDERS', sk: '2026-11-30T14:00:00.000Z#B#1440#email' }, kind: 'reminders' },
      { key: { pk: `BOOKINGLINK#${b.id}`, sk: 'LINK' }, kind: 'links' },
    ]);
    expect(bookingItemsByKey(booking(), [])).toEqual([
      { key: { pk: `BOOKINGLINK#${b.id}`, sk: 'LINK' }, kind: 'links' },
    ]);
  });

  it('count each item of a booking’s own partitions by what it is', () => {
    expect(kindInBookingPartition({ pk: 'BOOKING#B', sk: 'BOOKING' })).toBe('bookings');
    expect(kindInBookingPartition({ pk: 'BOOKING#B', sk: 'MESSAGE#000001#ack' })).toBe('messages');
    expect(kindInBookingPartition({ pk: 'NOTICE#B', sk: '2' })).toBe('notices');
    expect(kindInBookingPartition({ pk: 'BOOKING#B', sk: 'SOMETHING' })).toBe('other');
  });
});

describe('the months an erasure reads', () => {
  const months = erasureSearchMonths(NOW, {
    inquiryDays: 730,
    bookingDaysAfterVisit: 2555,
    maxAdvanceDays: 60,
    localMonth: (at) => localMonth(at, 'America/New_York'),
  });

  it('are every local month a lead is still kept in, a month’s slack included, up to this one', () => {
    expect(months.leadMonths[0]).toBe('2024-10'); // 761 days before: Oct 31, 2024
    expect(months.leadMonths.at(-1)).toBe('2026-12');
    expect(months.leadMonths).toHaveLength(27);
    expect(new Set(months.leadMonths).size).toBe(27);
  });

  it('are every UTC month from the oldest visit kept to a year past the booking window', () => {
    expect(months.bookingPartitions[0]).toBe('BOOKINGS#2019-11');
    expect(months.bookingPartitions.at(-1)).toBe('BOOKINGS#2028-01');
    expect(months.bookingPartitions).toContain('BOOKINGS#2026-12');
  });
});

function fakes(findings: ErasureFindings) {
  const entries: AuditEntry[] = [];
  const erased: boolean[] = [];
  const audit: AuditLog = {
    append: async (entry) => {
      entries.push(entry);
    },
    list: async () => ({ items: [], nextCursor: null }),
  };
  const erasures: ErasureStore = {
    find: async () => findings,
    erase: async (_found, { dryRun }) => {
      // The trail must already hold the erasure when anything is removed.
      if (!dryRun) expect(entries.length).toBeGreaterThan(0);
      erased.push(dryRun);
      return { ...noneErased(), leads: findings.leads.length, bookings: findings.bookings.length };
    },
  };
  return { deps: { audit, erasures }, entries, erased };
}

describe('erasePerson', () => {
  const caller = { actor: { sub: 'sub-admin', email: 'admin@clinic.example' }, ip: '203.0.113.7', now: NOW };
  const subject = { email: 'ana@example.com', phone: '+12015550123' };
  const findings: ErasureFindings = {
    leads: [{ id: 'L1', name: 'Ana', email: 'ana@example.com', message: 'hi' }],
    bookings: [
      booking({
        id: 'B-PAST',
        start: new Date('2026-11-01T14:00:00Z'),
        end: new Date('2026-11-01T14:45:00Z'),
      }),
      booking({ id: 'B-AHEAD' }),
      booking({ id: 'B-CANCELLED', status: 'cancelled' }),
    ],
  };

  it('reports what it removed, ids and counts only, and which confirmed bookings were still ahead', async () => {
    const { deps } = fakes(findings);
    const report = await erasePerson(deps, subject, caller);
    expect(report).toEqual({
      dryRun: false,
      leads: ['L1'],
      bookings: [
        { id: 'B-PAST', status: 'confirmed', start: '2026-11-01T14:00:00.000Z', upcoming: false },
        { id: 'B-AHEAD', status: 'confirmed', start: '2026-12-01T14:00:00.000Z', upcoming: false },
        { id: 'B-CANCELLED', status: 'cancelled', start: '2026-12-01T14:00:00.000Z', upcoming: false },
      ],
      removed: { ...noneErased(), leads: 1, bookings: 3 },
    });
    const later = await erasePerson(deps, subject, { ...caller, now: new Date('2026-11-30T00:00:00Z') });
    expect(later.bookings.map((b) => [b.id, b.upcoming])).toEqual([
      ['B-PAST', false],
      ['B-AHEAD', true],
      ['B-CANCELLED', false],
    ]);
    expect(JSON.stringify(report)).not.toContain('ana@example.com');
  });

  it('adds the erasure to the trail first: each record’s id, and the request with counts, never who it was for', async () => {
    const { deps, entries } = fakes(findings);
    await erasePerson(deps, subject, caller);
    expect(entries.map((entry) => [entry.action, entry.recordId])).toEqual([
      ['inquiry.erased', 'L1'],
      ['booking.erased', 'B-PAST'],
      ['booking.erased', 'B-AHEAD'],
      ['booking.erased', 'B-CANCELLED'],
      ['person.erased', 'leads:1 bookings:3'],
    ]);
    for (const entry of entries) {
      expect(entry.actor).toEqual(caller.actor);
      expect(JSON.stringify(entry)).not.toMatch(/ana@example|2015550123/);
    }
  });

  it('records a request that matched nothing too, and a dry run writes nothing at all', async () => {
    const empty = fakes({ leads: [], bookings: [] });
    const report = await erasePerson(empty.deps, subject, caller);
    expect(report.leads).toEqual([]);
    expect(empty.entries.map((entry) => [entry.action, entry.recordId])).toEqual([
      ['person.erased', 'leads:0 bookings:0'],
    ]);
    const dry = fakes(findings);
    const preview = await erasePerson(dry.deps, subject, caller, { dryRun: true });
    expect(preview.dryRun).toBe(true);
    expect(dry.entries).toEqual([]);
    expect(dry.erased).toEqual([true]);
  });
});
