// The pure rules of the staff's leads routes: ranges and their defaults, the months a range reads,
// where each status is listed, the search, and what an audit entry says was asked.
import { describe, expect, it } from 'vitest';
import { leadChangeBody, leadListQuery } from '../../../shared/core/staff/lead-schemas.ts';
import {
  askedRecordId,
  leadPartition,
  leadRange,
  leadStateOf,
  matchesLeadSearch,
  statesOf,
  storedStatusOf,
} from '../../../shared/core/staff/leads.ts';

const NY = 'America/New_York';

describe('leadRange', () => {
  it.each([
    ['nothing asked: the last 30 days up to today', {}, '2026-11-02', '2026-12-01'],
    ['only to: the 30 days up to it', { to: '2026-10-31' }, '2026-10-02', '2026-10-31'],
    ['only from: up to today', { from: '2026-11-20' }, '2026-11-20', '2026-12-01'],
    ['only from, long ago: 92 days of it', { from: '2026-01-01' }, '2026-01-01', '2026-04-02'],
    ['only from, in the future: that day', { from: '2026-12-20' }, '2026-12-20', '2026-12-20'],
  ])('%s', (_, asked, from, to) => {
    const range = leadRange(asked, '2026-12-01', NY);
    expect([range.from, range.to]).toEqual([from, to]);
  });

  it("spans the clinic's local days, DST change included, and lists its months newest first", () => {
    const range = leadRange({ from: '2026-10-30', to: '2026-11-01' }, '2026-12-01', NY);
    expect(range.start.toISOString()).toBe('2026-10-30T04:00:00.000Z');
    // 1 November 2026 is 25 hours long in New York: the day after starts at 05:00 UTC.
    expect(range.end.toISOString()).toBe('2026-11-02T05:00:00.000Z');
    expect(range.months).toEqual(['2026-11', '2026-10']);
    expect(leadRange({ from: '2025-12-15', to: '2026-02-01' }, '2026-12-01', NY).months).toEqual([
      '2026-02',
      '2026-01',
      '2025-12',
    ]);
  });
});

describe('lead statuses', () => {
  it('stores new as received (the public word) and lists spam outside the inbox', () => {
    expect(storedStatusOf('new')).toBe('received');
    expect(leadStateOf('received')).toBe('new');
    expect(leadStateOf('handled')).toBe('handled');
    expect(leadStateOf('spam')).toBe('spam');
    expect(leadPartition('new', '2026-12')).toBe('INQUIRIES#2026-12');
    expect(leadPartition('handled', '2026-12')).toBe('INQUIRIES#2026-12');
    expect(leadPartition('spam', '2026-12')).toBe('INQUIRIES_SPAM#2026-12');
    expect(statesOf({})).toEqual(['new', 'handled', 'spam']);
    expect(statesOf({ status: 'spam', states: ['new'] })).toEqual(['spam']);
  });
});

describe('matchesLeadSearch', () => {
  const lead = { name: 'Ana Müller', email: 'Ana.M@Example.com', phone: '+12015550143' };

  it.each([
    ['müller', true],
    ['ANA.M@example', true],
    ['+1201555', true],
    ['201 555 0143', true],
    ['(201) 555-0143', true],
    ['Bob', false],
    ['99', false],
    // Digits inside a word are not a number typed (they once matched the phone's 1-2-0).
    ['a1b2c0d', false],
    ['5f55e014', false],
    ['201.555.0143', true],
    ['', true],
  ])('%j → %s', (q, expected) => {
    expect(matchesLeadSearch(lead, q)).toBe(expected);
  });

  it('matches no phone digits for a lead without a phone', () => {
    expect(matchesLeadSearch({ name: 'A', email: 'a@example.com' }, '2015550143')).toBe(false);
  });
});

describe('askedRecordId', () => {
  it('names the range and the filters given, leaving out the empty ones', () => {
    expect(askedRecordId({ from: '2026-12-01', to: '2026-12-31' })).toBe('2026-12-01..2026-12-31');
    expect(
      askedRecordId(
        { from: '2026-12-01', to: '2026-12-31' },
        { status: 'new', q: ' o’brien ', x: undefined },
      ),
    ).toBe('2026-12-01..2026-12-31?status=new&q=o%E2%80%99brien');
  });
});

describe('the leads schemas', () => {
  it('takes 92 days, both counted, and refuses 93 on to', () => {
    expect(leadListQuery.safeParse({ from: '2026-01-01', to: '2026-04-02' }).success).toBe(true);
    const refused = leadListQuery.safeParse({ from: '2026-01-01', to: '2026-04-03' });
    expect(refused.error?.issues.map((issue) => issue.path)).toEqual([['to']]);
  });

  it('defaults limit to 50 and refuses a change with neither status nor note', () => {
    expect(leadListQuery.parse({}).limit).toBe(50);
    expect(leadChangeBody.safeParse({}).success).toBe(false);
    expect(leadChangeBody.parse({ note: '  Called back  ' })).toEqual({ note: 'Called back' });
  });
});
