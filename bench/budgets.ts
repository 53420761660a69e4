// The performance budgets `npm run bench` enforces (README "Performance budgets").
export const BUDGETS = {
  http: { maxKb: 250, initVsNaive: 0.4, coldRequestVsNaive: 0.6 },
  background: { maxKb: 450, initVsNaive: 0.6 },
  /** Warm p50 through the local gateway, against one bare call of the same kind. */
  warmVsFloor: 1.3,
  /** One month of one type's slots at the 10-provider clinic with 2,000 bookings and blocks. */
  slotsMs: 10,
} as const;
