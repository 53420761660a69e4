import { tzlib_get_ical_block } from 'timezones-ical-library';
import { describe, expect, it } from 'vitest';
import { timeZoneBlockModule } from '../../../infra/support/time-zone-block.ts';

// The bundles' stand-in for timezones-ical-library (infra/support/time-zone-block.ts): the module
// written at synth answers the clinic's zone exactly as the library does, and nothing else.
describe("the clinic's VTIMEZONE module", () => {
  it("answers the clinic's zone as the library does, and an unknown zone with the library's empty answer", async () => {
    const module = (await import(timeZoneBlockModule('America/Chicago'))) as {
      tzlib_get_ical_block: (zone: string) => unknown;
    };
    expect(module.tzlib_get_ical_block('America/Chicago')).toEqual(tzlib_get_ical_block('America/Chicago'));
    expect(module.tzlib_get_ical_block('Europe/Berlin')).toBe('');
    expect(module.tzlib_get_ical_block('toString')).toBe('');
  });

  it('refuses, at synth, a zone the library has no block for', () => {
    expect(() => timeZoneBlockModule('Nowhere/Zone')).toThrow(/no VTIMEZONE for Nowhere\/Zone/);
  });
});
