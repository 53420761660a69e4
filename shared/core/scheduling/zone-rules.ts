// A zone's UTC offsets as a table of changes, for the clock (time.ts) to read without ICU. Imported
// as `#zone-rules`: a deployed bundle aliases it to a module holding the configured clinic's zone,
// read from the runtime's tz data at synth (infra/support/zone-rules.ts), so a route's first
// request does not pay for ICU's time-zone data (about 12 ms of a cold booking, measured in
// `npm run bench`'s cold request). From source (the tests, the local stack) there is no table and
// the clock asks `Intl.DateTimeFormat`, as it does in a bundle for an instant outside the table.

/** One zone's offsets over [from, until): `offsets[0]` from `from`, `offsets[i + 1]` from `changes[i]`. */
export interface ZoneRules {
  readonly timeZone: string;
  /** Epoch ms: the table holds for instants at or after this… */
  readonly from: number;
  /** …and before this. */
  readonly until: number;
  /** Offsets in seconds, east of UTC positive, as tz data has them. */
  readonly offsets: readonly number[];
  /** Epoch seconds of each change, ascending. */
  readonly changes: readonly number[];
}

/** The table of `timeZone` a bundle carries, or undefined (always, from source). */
export function bakedZoneRules(_timeZone: string): ZoneRules | undefined {
  return undefined;
}
