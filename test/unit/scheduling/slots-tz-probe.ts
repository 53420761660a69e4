// Run in a child process under a given TZ by slots.tz.test.ts: prints what the engine answers for
// a fixed set of questions, plus what the machine's own local-time APIs say (to prove TZ took hold).

import {
  listSlots,
  nearestSlots,
  nextAvailable,
  providersFreeAt,
} from '../../../shared/core/scheduling/slots.ts';
import { formatInstant, localDateOf } from '../../../shared/core/scheduling/time.ts';
import { booking, clinic, exampleClinic } from './slots-fixtures.ts';

const allWeek = (hours: [string, string][]) =>
  Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, hours]));
const now = new Date('2026-02-20T12:00:00Z');
const clinics = [
  exampleClinic(),
  clinic({
    weeklyHours: allWeek([
      ['00:00', '05:00'],
      ['22:00', '24:00'],
    ]),
    maxAdvanceDays: 400,
  }),
  clinic(
    {
      weeklyHours: allWeek([
        ['00:00', '03:00'],
        ['23:00', '24:00'],
      ]),
      maxAdvanceDays: 400,
    },
    'Asia/Beirut',
  ),
  clinic({ weeklyHours: allWeek([['01:00', '03:30']]), maxAdvanceDays: 400 }, 'Australia/Lord_Howe'),
];
const months = [
  ['2026-03-01', '2026-03-31'],
  ['2026-10-20', '2026-11-19'],
] as const;
const bookings = [
  booking('dr-a', '2026-03-08T01:00:00-05:00', 60, { after: 30 }),
  booking('dr-lee', '2026-03-10T09:00:00-04:00', 45),
];

const answers = clinics.map((config) => {
  const typeId = config.scheduling.appointmentTypes[0]?.id as string;
  const slots = months.map(([from, to]) =>
    listSlots({ config, typeId, from, to, bookings, now: new Date(`${from.slice(0, 7)}-01T12:00:00Z`) }),
  );
  return {
    slots,
    nearest: nearestSlots({
      config,
      typeId,
      around: new Date('2026-03-08T07:00:00Z'),
      bookings,
      now,
      limit: 5,
    }),
    next: nextAvailable({ config, typeId, after: '2026-03-07', bookings, now }),
    free: ['2026-03-08T06:00:00Z', '2026-03-08T07:00:00Z', '2026-11-01T05:30:00Z'].map((t) =>
      providersFreeAt({ config, typeId, start: new Date(t), bookings, now }),
    ),
  };
});
const instants = [0, 1_772_953_200_000, 1_793_512_800_000, 1_792_879_200_000].map((ms) => new Date(ms));
const text = instants.flatMap((d) =>
  ['America/New_York', 'Asia/Beirut', 'Pacific/Chatham'].map((zone) => [
    formatInstant(d, zone),
    localDateOf(d, zone),
  ]),
);

process.stdout.write(
  JSON.stringify({
    machine: { zone: process.env.TZ, localMidnight: new Date(2026, 2, 8).getTime() },
    answers,
    text,
  }),
);
