import { unmarshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import {
  cancelTransaction,
  createTransaction,
  rescheduleTransaction,
} from '../../../shared/adapters/dynamodb/booking-transactions.ts';
import type { Booking } from '../../../shared/core/scheduling/booking.ts';
import { fromBookingItem, toBookingItem } from '../../../shared/core/scheduling/booking.ts';
import { snapshotOf } from '../../../shared/core/scheduling/notice.ts';
import { planReminders, quietSpellAt, textSendTime } from '../../../shared/core/scheduling/reminders.ts';
import { booking, configWith } from './bookings/fixtures.ts';

const NY = 'America/New_York';
const QUIET: [string, string] = ['21:00', '08:00'];
const withSms = configWith((c) => {
  c.sms = { originationIdentity: '+12015550100' };
});
const TYPE_DEFAULT = {};
const at = (iso: string) => new Date(iso);

describe('planReminders', () => {
  const start = at('2026-12-10T14:00:00Z'); // Thu Dec 10, 9:00 AM in New York

  it('plans the default reminder 24 hours before, by email only without sms consent', () => {
    const planned = planReminders(withSms, TYPE_DEFAULT, { id: 'B1', start }, at('2026-12-01T12:00:00Z'));
    expect(planned).toEqual([
      {
        sk: '2026-12-09T14:00:00.000Z#B1#1440#email',
        dueAt: at('2026-12-09T14:00:00Z'),
        channel: 'email',
        offsetMinutes: 1440,
      },
    ]);
  });

  it('adds a text for a consenting patient only when the clinic has sms configured', () => {
    const consenting = { id: 'B1', start, smsConsent: true as const };
    const channels = (config: typeof withSms) =>
      planReminders(config, TYPE_DEFAULT, consenting, at('2026-12-01T12:00:00Z')).map((r) => r.channel);
    expect(channels(withSms)).toEqual(['email', 'sms']);
    // config/dev.json sends texts: this clinic is the same without its `sms` block.
    const withoutSms = configWith((c) => {
      delete c.sms;
    });
    expect(withoutSms.sms).toBeUndefined();
    expect(channels(withoutSms)).toEqual(['email']);
  });

  it('skips an offset that has already passed when the booking is made: a booking 3 hours ahead gets no 24-hour reminder', () => {
    const soon = at('2026-12-10T11:00:00Z');
    expect(planReminders(withSms, TYPE_DEFAULT, { id: 'B1', start, smsConsent: true }, soon)).toEqual([]);
  });

  it("uses the type's own list instead of the clinic's, and [] means none", () => {
    const config = configWith((c) => {
      c.scheduling.reminders = [{ offsetMinutes: 1440 }, { offsetMinutes: 120, channels: ['sms'] }];
      c.sms = { originationIdentity: '+12015550100' };
    });
    const patient = { id: 'B1', start, smsConsent: true as const };
    const now = at('2026-12-01T12:00:00Z');
    expect(planReminders(config, {}, patient, now).map((r) => `${r.offsetMinutes}/${r.channel}`)).toEqual([
      '1440/email',
      '1440/sms',
      '120/sms',
    ]);
    expect(planReminders(config, { reminders: [] }, patient, now)).toEqual([]);
    expect(
      planReminders(config, { reminders: [{ offsetMinutes: 60, channels: ['email'] }] }, patient, now).map(
        (r) => r.offsetMinutes,
      ),
    ).toEqual([60]);
  });

  it('moves a text due at 22:30 inside quiet hours 21:00–08:00 to 20:59, and leaves the email at 22:30', () => {
    // Start Fri Dec 11 22:30 New York (03:30Z Dec 12): the 24-hour reminder is due Thu 22:30.
    const late = at('2026-12-12T03:30:00Z');
    const planned = planReminders(
      withSms,
      TYPE_DEFAULT,
      { id: 'B1', start: late, smsConsent: true },
      at('2026-12-01T12:00:00Z'),
    );
    expect(planned.map((r) => [r.channel, r.dueAt.toISOString()])).toEqual([
      ['sms', '2026-12-11T01:59:00.000Z'], // Thu 20:59 EST
      ['email', '2026-12-11T03:30:00.000Z'], // Thu 22:30 EST
    ]);
  });

  it('names the right wall-clock time on the day the clocks change', () => {
    // Sun Nov 1 2026, the clocks fall back at 2:00 EDT. A 9:00 EST start (14:00Z) is due 24 h
    // earlier, Sat Oct 31 10:00 EDT (14:00Z), and a quiet-hours spell that evening starts at 21:00 EDT.
    const spell = quietSpellAt(Date.parse('2026-11-01T02:30:00Z'), QUIET, NY); // Oct 31 22:30 EDT
    expect(new Date(spell?.from ?? 0).toISOString()).toBe('2026-11-01T01:00:00.000Z'); // 21:00 EDT
    expect(new Date(spell?.until ?? 0).toISOString()).toBe('2026-11-01T13:00:00.000Z'); // 08:00 EST
    // Spring forward, Sun Mar 8 2026: quiet hours from Sat 21:00 EST end Sun 08:00 EDT.
    const spring = quietSpellAt(Date.parse('2026-03-08T05:00:00Z'), QUIET, NY);
    expect(new Date(spring?.until ?? 0).toISOString()).toBe('2026-03-08T12:00:00.000Z');
  });

  it('knows when an instant is outside quiet hours, and handles hours that do not span midnight', () => {
    expect(quietSpellAt(Date.parse('2026-12-10T15:00:00Z'), QUIET, NY)).toBeUndefined(); // 10:00
    expect(quietSpellAt(Date.parse('2026-12-10T13:00:00Z'), QUIET, NY)).toBeUndefined(); // 08:00 exactly
    expect(quietSpellAt(Date.parse('2026-12-11T02:00:00Z'), QUIET, NY)).toBeDefined(); // 21:00 exactly
    const day: [string, string] = ['12:00', '13:00'];
    expect(quietSpellAt(Date.parse('2026-12-10T17:30:00Z'), day, NY)).toEqual({
      from: Date.parse('2026-12-10T17:00:00Z'),
      until: Date.parse('2026-12-10T18:00:00Z'),
    });
  });

  it('sends a text at the end of quiet hours when their last minute before has passed, or not at all after the start', () => {
    const due = Date.parse('2026-12-11T03:30:00Z'); // Thu 22:30
    const now = Date.parse('2026-12-11T02:30:00Z'); // Thu 21:30, already quiet
    expect(textSendTime(due, now, Date.parse('2026-12-12T03:30:00Z'), QUIET, NY)).toBe(
      Date.parse('2026-12-11T13:00:00Z'), // Fri 08:00
    );
    expect(textSendTime(due, now, Date.parse('2026-12-11T12:00:00Z'), QUIET, NY)).toBeUndefined();
  });
});

describe('reminders in the booking transactions', () => {
  const now = at('2026-11-25T12:00:00Z');
  const planned = (b: Booking) =>
    planReminders(withSms, TYPE_DEFAULT, { id: b.id, start: b.start, smsConsent: true }, now);
  const base = booking({ smsConsent: true });
  const current: Booking = { ...base, reminders: planned(base) };
  const keysOf = (tx: ReturnType<typeof createTransaction>, kind: 'Put' | 'Delete') =>
    tx.items.flatMap((item, i) => {
      if (tx.roles[i] !== 'reminder') return [];
      const raw = kind === 'Put' ? item.Put?.Item : item.Delete?.Key;
      return raw ? [`${unmarshall(raw).pk}|${unmarshall(raw).sk}`] : [];
    });

  it('keeps the planned reminders on the booking item, read back as they were written', () => {
    expect(fromBookingItem(toBookingItem(current)).reminders).toEqual(current.reminders);
    expect(fromBookingItem(toBookingItem(current)).smsConsent).toBe(true);
  });

  it('create writes one pending item per planned reminder, each only if absent', () => {
    const tx = createTransaction(
      't',
      current,
      { event: 'confirmed', booking: snapshotOf(current) },
      now,
      'tok',
    );
    expect(keysOf(tx, 'Put')).toEqual([
      `REMINDERS|2026-11-30T14:00:00.000Z#${current.id}#1440#email`,
      `REMINDERS|2026-11-30T14:00:00.000Z#${current.id}#1440#sms`,
    ]);
    const item = unmarshall(tx.items[tx.roles.indexOf('reminder')]?.Put?.Item ?? {});
    expect(item).toMatchObject({
      kind: 'reminder',
      bookingId: current.id,
      start: '2026-12-01T14:00:00.000Z',
    });
  });

  it('cancel deletes every pending reminder and any notice the runner released from one, and the link', () => {
    const next: Booking = { ...current, status: 'cancelled', sequence: 1, reminders: [] };
    const tx = cancelTransaction('t', current, next, { event: 'cancelled', booking: snapshotOf(next) }, now);
    const deleted = keysOf(tx, 'Delete');
    for (const reminder of current.reminders ?? []) {
      expect(deleted).toContain(`REMINDERS|${reminder.sk}`);
      expect(deleted).toContain(`NOTICE#${current.id}|REMINDER#${reminder.sk}`);
    }
    expect(tx.roles).toContain('link');
    expect(unmarshall(tx.items[0]?.Put?.Item ?? {}).reminders).toEqual([]);
  });

  it('reschedule plans the new time and drops the old, keeping a reminder due at the same instant', () => {
    const start = at('2026-12-02T14:00:00Z');
    const moved: Booking = {
      ...current,
      start,
      end: at('2026-12-02T14:45:00Z'),
      sequence: 1,
    };
    const next: Booking = { ...moved, reminders: planned(moved) };
    const tx = rescheduleTransaction(
      't',
      current,
      next,
      { event: 'rescheduled', booking: snapshotOf(next) },
      now,
    );
    expect(keysOf(tx, 'Put')).toEqual((next.reminders ?? []).map((r) => `REMINDERS|${r.sk}`));
    expect(keysOf(tx, 'Delete')).toEqual(
      (current.reminders ?? []).flatMap((r) => [
        `REMINDERS|${r.sk}`,
        `NOTICE#${current.id}|REMINDER#${r.sk}`,
      ]),
    );
    // Moved to another provider at the same time: the same reminders, nothing written twice.
    const sameTime: Booking = { ...current, providerId: 'dr-patel', sequence: 1 };
    const kept = rescheduleTransaction(
      't',
      current,
      sameTime,
      { event: 'rescheduled', booking: snapshotOf(sameTime) },
      now,
    );
    expect(keysOf(kept, 'Put')).toEqual([]);
    expect(keysOf(kept, 'Delete')).toEqual([]);
  });
});
