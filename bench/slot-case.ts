// The slot engine's budget case: a month (31 days) of availability for each of 5 appointment types
// at a clinic of 10 providers, with 2,000 bookings and blocks in that month.
import { readFileSync } from 'node:fs';
import { parseClinicConfig } from '../shared/config/load.ts';
import { type BusyBooking, listSlots } from '../shared/core/scheduling/slots.ts';
import { median, quantile } from './stats.ts';

const TYPES = [
  {
    id: 'new-patient',
    name: 'New patient consultation',
    durationMinutes: 45,
    slotIntervalMinutes: 15,
    bufferAfterMinutes: 15,
  },
  { id: 'follow-up', name: 'Follow-up visit', durationMinutes: 20 },
  {
    id: 'botox-injection',
    name: 'Botox injection',
    durationMinutes: 30,
    bufferBeforeMinutes: 10,
    bufferAfterMinutes: 10,
  },
  { id: 'x-ray', name: 'X-ray', durationMinutes: 15, slotIntervalMinutes: 15 },
  {
    id: 'massage',
    name: 'Therapeutic massage',
    durationMinutes: 60,
    slotIntervalMinutes: 30,
    bufferAfterMinutes: 10,
  },
];

export interface SlotCase {
  readonly description: string;
  /** The slowest type's median: one month of one type, as one availability request asks. */
  readonly p50Ms: number;
  /** All five types listed one after the other. */
  readonly allTypesP50Ms: number;
  readonly allTypesP99Ms: number;
  readonly slots: number;
}

export function measureSlotCase(runs = 60): SlotCase {
  const dev = JSON.parse(readFileSync(new URL('../config/dev.json', import.meta.url), 'utf8'));
  const providers = Array.from({ length: 10 }, (_, i) => ({
    id: `provider-${i}`,
    name: `Dr. Bench ${i}`,
    appointmentTypes: TYPES.map((type) => type.id),
  }));
  const config = parseClinicConfig(
    {
      ...dev,
      scheduling: { ...dev.scheduling, maxAdvanceDays: 90, closures: [], appointmentTypes: TYPES, providers },
    },
    'bench config',
    { checkBookability: false },
  );
  const now = new Date('2027-02-20T12:00:00Z');
  // March 2027: 2,000 bookings and blocks, 200 per provider, spread over the month's working hours.
  const busy: BusyBooking[] = [];
  for (let i = 0; i < 2000; i++) {
    const provider = i % 10;
    const k = Math.floor(i / 10); // 0..199 per provider
    const day = 1 + (k % 31);
    const hour = 13 + (Math.floor(k / 31) % 7); // 13:00Z..19:00Z = 08:00..14:00 EST
    const start = new Date(Date.UTC(2027, 2, day, hour, (k * 7) % 4 === 0 ? 0 : 30));
    const isBlock = i % 5 === 0;
    busy.push({
      providerId: `provider-${provider}`,
      start,
      end: new Date(start.getTime() + (isBlock ? 60 : 30) * 60_000),
      bufferBeforeMinutes: isBlock ? 0 : 5,
      bufferAfterMinutes: isBlock ? 0 : 10,
    });
  }
  const listMonth = (typeId: string) =>
    listSlots({ config, typeId, from: '2027-03-01', to: '2027-03-31', bookings: busy, now }).length;
  let slots = 0;
  for (let i = 0; i < 5; i++) slots = TYPES.reduce((sum, type) => sum + listMonth(type.id), 0);
  // Per type: what one GET /v1/availability for the month computes; and all five in a row.
  const perType = TYPES.map(() => [] as number[]);
  const allFive: number[] = [];
  for (let i = 0; i < runs; i++) {
    const before = performance.now();
    TYPES.forEach((type, t) => {
      const started = performance.now();
      listMonth(type.id);
      perType[t]?.push(performance.now() - started);
    });
    allFive.push(performance.now() - before);
  }
  const slowest = Math.max(...perType.map((samples) => median(samples)));
  return {
    description: '31 days × 10 providers × 5 types, 2,000 bookings and blocks',
    p50Ms: slowest,
    allTypesP50Ms: median(allFive),
    allTypesP99Ms: quantile(allFive, 0.99),
    slots,
  };
}
