// The VTIMEZONE a function bundle can write: the clinic's time zone only. Invites name one zone,
// the clinic's (shared/core/messages/calendar.ts), so the bundle aliases `timezones-ical-library`
// to a module written here that holds that zone's block, taken from the library itself at synth,
// instead of the library's 29 KB table of every zone (clinic-function.ts).
import { tzlib_get_ical_block } from 'timezones-ical-library';
import { writeCacheModule } from './cache-file.ts';

export const TIME_ZONE_LIBRARY_IMPORT = 'timezones-ical-library';

/** The module's text: `tzlib_get_ical_block` as the library answers it, for `timeZone`; "" otherwise, as it does for a zone it does not know. */
export function timeZoneBlockSource(timeZone: string): string {
  const block = tzlib_get_ical_block(timeZone);
  if (!Array.isArray(block) || typeof block[0] !== 'string' || block[0] === '') {
    throw new Error(`timezones-ical-library has no VTIMEZONE for ${timeZone}`);
  }
  return [
    `// Written by infra/support/time-zone-block.ts: timezones-ical-library's block for ${timeZone} only.`,
    `const BLOCKS = ${JSON.stringify({ [timeZone]: block })};`,
    'export function tzlib_get_ical_block(zone) {',
    '  return Object.hasOwn(BLOCKS, zone) ? [...BLOCKS[zone]] : "";',
    '}',
    '',
  ].join('\n');
}

/** Writes the module once per content and returns its path (under node_modules/.cache). */
export function timeZoneBlockModule(timeZone: string): string {
  const text = timeZoneBlockSource(timeZone);
  return writeCacheModule('time-zone-block', text);
}
