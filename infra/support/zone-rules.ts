// The clinic's zone as a table of offset changes, read at synth from the runtime's tz data (the ICU
// of the Node that synthesizes, the same data the clock asks at run time): a function bundle
// aliases `#zone-rules` (shared/core/scheduling/zone-rules.ts) to the module written here, so the
// clock reads the clinic's offsets from the table and never loads ICU's time-zone data on a
// request (clinic-function.ts). Instants outside the table, and other zones, still go to ICU.
//
// The table spans 1970 to 2100. It is found by reading the offset once a day and bisecting, to
// the second, between two days that differ: one change at most in any two days, which
// test/unit/scheduling/time.test.ts checks for every zone the runtime knows.
import { icuOffsetOf } from '../../shared/core/scheduling/time.ts';
import type { ZoneRules } from '../../shared/core/scheduling/zone-rules.ts';
import { writeCacheModule } from './cache-file.ts';

export const ZONE_RULES_IMPORT = '#zone-rules';

const SECOND_MS = 1000;
const DAY_MS = 86_400_000;
/** 1970-01-01T00:00Z and 2100-01-01T00:00Z. */
export const ZONE_RULES_FROM = 0;
export const ZONE_RULES_UNTIL = Date.UTC(2100, 0, 1);

const built = new Map<string, ZoneRules>();

/** `timeZone`'s offsets over [from, until) as the runtime's ICU has them (memoized per zone and span). */
export function buildZoneRules(
  timeZone: string,
  from = ZONE_RULES_FROM,
  until = ZONE_RULES_UNTIL,
): ZoneRules {
  const key = `${timeZone} ${from} ${until}`;
  const known = built.get(key);
  if (known) return known;
  let offset = icuOffsetOf(timeZone, from);
  const offsets = [offset / SECOND_MS];
  const changes: number[] = [];
  for (let day = from; day < until; ) {
    const next = Math.min(day + DAY_MS, until - SECOND_MS);
    if (next <= day) break;
    const nextOffset = icuOffsetOf(timeZone, next);
    if (nextOffset !== offset) {
      // The first second with the new offset: `low` has the old one, `high` the new one.
      let low = day;
      let high = next;
      while (high - low > SECOND_MS) {
        const middle = low + Math.floor((high - low) / 2 / SECOND_MS) * SECOND_MS;
        if (icuOffsetOf(timeZone, middle) === offset) low = middle;
        else high = middle;
      }
      changes.push(high / SECOND_MS);
      offsets.push(nextOffset / SECOND_MS);
      offset = nextOffset;
    }
    day = next;
  }
  const rules: ZoneRules = { timeZone, from, until, offsets, changes };
  built.set(key, rules);
  return rules;
}

/** The module's text: `bakedZoneRules` answers the table for `timeZone`, and nothing for any other zone. */
export function zoneRulesSource(timeZone: string): string {
  const rules = buildZoneRules(timeZone);
  return [
    `// Written by infra/support/zone-rules.ts: ${timeZone}'s UTC offsets ${new Date(rules.from).toISOString()} – ${new Date(rules.until).toISOString()}, from the synthesizing runtime's tz data (ICU ${process.versions.tz ?? 'unknown'}).`,
    `const RULES = ${JSON.stringify(rules)};`,
    'export function bakedZoneRules(timeZone) {',
    '  return timeZone === RULES.timeZone ? RULES : undefined;',
    '}',
    '',
  ].join('\n');
}

/** Writes the module once per content and returns its path (under node_modules/.cache). */
export function zoneRulesModule(timeZone: string): string {
  return writeCacheModule('zone-rules', zoneRulesSource(timeZone));
}
