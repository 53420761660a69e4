import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseClinicConfig } from '../../../../shared/config/load.ts';
import {
  blocksPerBooking,
  lockBlockMinutes,
  lockCapacityProblems,
  lockPk,
  lockPks,
} from '../../../../shared/core/scheduling/locks.ts';
import { bookingInterval, listSlots } from '../../../../shared/core/scheduling/slots.ts';
import { configWith, devConfig } from './fixtures.ts';

const MINUTE = 60_000;

describe('lock block size', () => {
  it('is 5 minutes for the example clinic (45, 20, 30 minute types; 15 and 10 minute buffers)', () => {
    expect(lockBlockMinutes(devConfig.scheduling)).toBe(5);
  });

  it('is 15 minutes when every duration, interval, buffer and opening time is a multiple of 15', () => {
    const config = configWith((c) => {
      c.scheduling.appointmentTypes = [
        {
          id: 'new-patient',
          name: 'A',
          durationMinutes: 45,
          slotIntervalMinutes: 15,
          bufferAfterMinutes: 15,
        },
        { id: 'follow-up', name: 'B', durationMinutes: 30 },
        { id: 'botox-injection', name: 'C', durationMinutes: 60, bufferBeforeMinutes: 15 },
      ];
      c.scheduling.weeklyHours = { mon: [['08:30', '12:00']] };
      delete c.scheduling.providers[1]?.weeklyHours;
    });
    expect(lockBlockMinutes(config.scheduling)).toBe(15);
  });

  it('follows an opening time off the quarter hour, including a provider’s own hours', () => {
    const config = configWith((c) => {
      c.scheduling.appointmentTypes = [{ id: 'new-patient', name: 'A', durationMinutes: 30 }];
      c.scheduling.providers = [
        { id: 'dr-lee', name: 'Lee' },
        { id: 'dr-shah', name: 'Shah', weeklyHours: { tue: [['09:10', '12:00']] } },
      ];
    });
    expect(lockBlockMinutes(config.scheduling)).toBe(5);
  });

  it('stays on the quarter hour for hour-long types in a zone at UTC+5:45', () => {
    const config = parseClinicConfig({
      clinic: { name: 'Test', timeZone: 'Asia/Kathmandu' },
      email: { from: 'desk@clinic.example', staff: ['staff@clinic.example'] },
      cors: { allowedOrigins: ['https://www.clinic.example'] },
      scheduling: {
        weeklyHours: { mon: [['09:00', '17:00']] },
        appointmentTypes: [{ id: 'hour', name: 'Hour', durationMinutes: 60 }],
        providers: [{ id: 'p', name: 'P' }],
      },
    });
    // 09:00 in Kathmandu is 03:15 UTC: a 60-minute grid on the epoch would miss it.
    expect(lockBlockMinutes(config.scheduling)).toBe(15);
  });

  it('makes every open slot’s blocked interval, buffers included, an exact union of blocks', () => {
    // Mostly round numbers (as clinics use), where a too coarse block would show; some odd ones.
    const minutes = (min: number, max: number) =>
      fc.oneof(
        fc
          .tuple(fc.constantFrom(15, 30, 60), fc.integer({ min, max: Math.max(min, 3) }))
          .map(([u, k]) => u * k),
        fc.integer({ min: min * 5, max: max * 40 }),
      );
    const typeArb = fc.record({
      durationMinutes: minutes(1, 3),
      slotIntervalMinutes: minutes(1, 2),
      bufferBeforeMinutes: minutes(0, 1),
      bufferAfterMinutes: minutes(0, 1),
    });
    const zoneArb = fc.constantFrom(
      'America/New_York',
      'Asia/Kolkata',
      'Asia/Kathmandu',
      'Australia/Lord_Howe',
      'UTC',
    );
    fc.assert(
      fc.property(
        typeArb,
        fc.constantFrom(0, 0, 30, 15, 45, 10, 7),
        zoneArb,
        (type, openMinute, timeZone) => {
          const open = `08:${String(openMinute).padStart(2, '0')}`;
          const config = parseClinicConfig(
            {
              clinic: { name: 'Test', timeZone },
              email: { from: 'desk@clinic.example', staff: ['staff@clinic.example'] },
              cors: { allowedOrigins: ['https://www.clinic.example'] },
              scheduling: {
                minNoticeMinutes: 0,
                maxAdvanceDays: 730,
                weeklyHours: { mon: [[open, '18:00']], sun: [[open, '18:00']] },
                appointmentTypes: [{ id: 't', name: 'T', ...type }],
                providers: [{ id: 'p', name: 'P' }],
              },
            },
            'test clinic',
            { checkBookability: false },
          );
          const block = lockBlockMinutes(config.scheduling) * MINUTE;
          const configType = config.scheduling.appointmentTypes[0];
          if (!configType) throw new Error('no type');
          // Two weeks around a DST change of the northern zones, and one of Lord Howe's.
          for (const [from, to] of [
            ['2026-11-01', '2026-11-02'],
            ['2026-04-05', '2026-04-06'],
          ] as const) {
            const slots = listSlots({
              config,
              typeId: 't',
              from,
              to,
              bookings: [],
              now: new Date('2026-01-01T00:00:00Z'),
            });
            for (const slot of slots) {
              const { blockedFrom, blockedUntil } = bookingInterval(configType, new Date(slot.start));
              expect(blockedFrom.getTime() % block).toBe(0);
              expect(blockedUntil.getTime() % block).toBe(0);
            }
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('lock keys', () => {
  it('cover an interval block by block, one key per block, named by provider and block start', () => {
    const keys = lockPks('dr-lee', new Date('2026-12-01T14:00:00Z'), new Date('2026-12-01T15:00:00Z'), 15);
    expect(keys).toEqual([
      'LOCK#dr-lee#2026-12-01T14:00:00.000Z',
      'LOCK#dr-lee#2026-12-01T14:15:00.000Z',
      'LOCK#dr-lee#2026-12-01T14:30:00.000Z',
      'LOCK#dr-lee#2026-12-01T14:45:00.000Z',
    ]);
    expect(lockPk('dr-lee', new Date('2026-12-01T14:00:00Z'))).toBe(keys[0]);
  });

  it('round outwards when an interval is off the grid, so nothing is left uncovered', () => {
    const keys = lockPks('p', new Date('2026-12-01T14:07:00Z'), new Date('2026-12-01T14:16:00Z'), 5);
    expect(keys).toEqual([
      'LOCK#p#2026-12-01T14:05:00.000Z',
      'LOCK#p#2026-12-01T14:10:00.000Z',
      'LOCK#p#2026-12-01T14:15:00.000Z',
    ]);
  });

  it('are shared by two grid-aligned intervals of one provider exactly when they overlap', () => {
    const base = Date.parse('2026-12-01T13:00:00Z');
    const interval = fc
      .tuple(fc.integer({ min: 0, max: 48 }), fc.integer({ min: 1, max: 30 }))
      .map(([start, length]) => [base + start * 5 * MINUTE, base + (start + length) * 5 * MINUTE] as const);
    fc.assert(
      fc.property(interval, interval, ([aFrom, aUntil], [bFrom, bUntil]) => {
        const a = new Set(lockPks('p', new Date(aFrom), new Date(aUntil), 5));
        const b = lockPks('p', new Date(bFrom), new Date(bUntil), 5);
        const overlap = aFrom < bUntil && bFrom < aUntil;
        expect(b.some((key) => a.has(key))).toBe(overlap);
      }),
    );
  });

  it('never collide across providers', () => {
    const a = lockPks('dr-lee', new Date('2026-12-01T14:00:00Z'), new Date('2026-12-01T15:00:00Z'), 5);
    const b = new Set(
      lockPks('dr-shah', new Date('2026-12-01T14:00:00Z'), new Date('2026-12-01T15:00:00Z'), 5),
    );
    expect(a.some((key) => b.has(key))).toBe(false);
  });
});

describe('transaction capacity (DynamoDB allows 100 items)', () => {
  it('leaves the example clinic well inside the limit', () => {
    expect(lockCapacityProblems(devConfig.scheduling)).toEqual([]);
    const blocks = devConfig.scheduling.appointmentTypes.map((t) => blocksPerBooking(t, 5));
    expect(blocks).toEqual([12, 4, 10]);
  });

  it('refuses a type whose worst-case reschedule would need more than 100 items', () => {
    // 61 minutes makes the gcd 1: a 61-minute booking holds 61 one-minute blocks, and a
    // reschedule would need 61 claims + 61 releases + the booking + the notice + 4 = 128 items.
    const config = configWith((c) => {
      c.scheduling.appointmentTypes = [{ id: 'new-patient', name: 'Long', durationMinutes: 61 }];
      for (const p of c.scheduling.providers) delete p.appointmentTypes;
    });
    const problems = lockCapacityProblems(config.scheduling);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.path).toEqual(['appointmentTypes', 0, 'durationMinutes']);
    expect(problems[0]?.message).toMatch(/61 blocks of 1 minutes/);
  });

  it('accepts a type right at the limit: 47 blocks → 47 + 47 + 2 + 4 ledger items = 100 items', () => {
    const config = configWith((c) => {
      c.scheduling.reminders = [];
      c.scheduling.appointmentTypes = [{ id: 'new-patient', name: 'Long', durationMinutes: 235 }];
      for (const p of c.scheduling.providers) delete p.appointmentTypes;
      c.scheduling.weeklyHours = { mon: [['08:00', '17:00']] };
      for (const p of c.scheduling.providers) delete p.weeklyHours;
    });
    expect(lockBlockMinutes(config.scheduling)).toBe(5);
    expect(lockCapacityProblems(config.scheduling)).toEqual([]);
    const longer = configWith((c) => {
      c.scheduling.reminders = [];
      c.scheduling.appointmentTypes = [{ id: 'new-patient', name: 'Long', durationMinutes: 245 }];
      for (const p of c.scheduling.providers) delete p.appointmentTypes;
      c.scheduling.weeklyHours = { mon: [['08:00', '17:00']] };
      for (const p of c.scheduling.providers) delete p.weeklyHours;
    });
    expect(lockCapacityProblems(longer.scheduling)).toHaveLength(1);
  });

  it('counts three items per reminder: the default email and text leave 44 blocks (44 + 44 + 2 + 6 + 4 = 100)', () => {
    const sized = (minutes: number) =>
      configWith((c) => {
        c.scheduling.appointmentTypes = [{ id: 'new-patient', name: 'Long', durationMinutes: minutes }];
        for (const p of c.scheduling.providers) delete p.appointmentTypes;
        c.scheduling.weeklyHours = { mon: [['08:00', '17:00']] };
        for (const p of c.scheduling.providers) delete p.weeklyHours;
      });
    expect(lockCapacityProblems(sized(220).scheduling)).toEqual([]);
    const problems = lockCapacityProblems(sized(230).scheduling);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toMatch(/limited to 44 blocks/);
  });
});
