// How fast the slot engine answers the questions the API asks most: a month of availability for
// the example clinic with a busy calendar, one start checked at booking time, and alternatives.
import { fileURLToPath } from 'node:url';
import { loadClinicConfigFile } from '../shared/config/load.ts';
import {
  type BusyBooking,
  listSlots,
  nearestSlots,
  nextAvailable,
  providersFreeAt,
} from '../shared/core/scheduling/slots.ts';
import type { BenchmarkSuite } from './harness.ts';

const config = loadClinicConfigFile(fileURLToPath(new URL('../config/dev.json', import.meta.url)));
const now = new Date('2026-11-24T17:00:00Z');

/** 200 bookings over December 2026: back to back from 09:00 New York time, alternating providers. */
function busyDecember(): BusyBooking[] {
  const bookings: BusyBooking[] = [];
  for (let day = 1; day <= 31 && bookings.length < 200; day++) {
    for (let slot = 0; slot < 8 && bookings.length < 200; slot++) {
      const start = new Date(Date.UTC(2026, 11, day, 14, 0) + slot * 60 * 60_000); // 14:00Z = 09:00 EST
      bookings.push({
        providerId: slot % 2 === 0 ? 'dr-lee' : 'dr-shah',
        start,
        end: new Date(start.getTime() + 45 * 60_000),
        bufferBeforeMinutes: 0,
        bufferAfterMinutes: 15,
      });
    }
  }
  return bookings;
}
const bookings = busyDecember();
const december = { config, from: '2026-12-01', to: '2026-12-31', bookings, now };

export const suite: BenchmarkSuite = {
  title: `slot engine, example clinic (2 providers), ${bookings.length} bookings`,
  cases: [
    {
      name: 'listSlots 31 days, new-patient (45 min every 15)',
      fn: () => listSlots({ ...december, typeId: 'new-patient' }),
    },
    {
      name: 'listSlots 31 days, follow-up, provider dr-lee',
      fn: () => listSlots({ ...december, typeId: 'follow-up', providerId: 'dr-lee' }),
    },
    {
      name: 'listSlots 31 days, no bookings',
      fn: () => listSlots({ ...december, typeId: 'new-patient', bookings: [] }),
    },
    {
      name: 'providersFreeAt one start (booking check)',
      fn: () =>
        providersFreeAt({
          config,
          typeId: 'new-patient',
          start: new Date('2026-12-15T16:00:00Z'),
          bookings,
          now,
        }),
    },
    {
      name: 'nearestSlots 3 (alternatives)',
      fn: () =>
        nearestSlots({
          config,
          typeId: 'new-patient',
          around: new Date('2026-12-15T16:00:00Z'),
          bookings,
          now,
          limit: 3,
        }),
    },
    {
      name: 'nextAvailable after a closed range',
      fn: () => nextAvailable({ config, typeId: 'botox-injection', after: '2026-12-24', bookings, now }),
    },
  ],
};
