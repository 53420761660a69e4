// Counting SMS segments as carriers do: GSM-7 when every character has a code, else UCS-2.
import { describe, expect, it } from 'vitest';
import { smsSegments } from '../../../shared/core/messages/sms-segments.ts';

describe('smsSegments', () => {
  it('fits 160 GSM-7 characters in one segment, and splits 161 into two of up to 153', () => {
    expect(smsSegments('a'.repeat(160))).toEqual({ encoding: 'GSM-7', units: 160, segments: 1 });
    expect(smsSegments('a'.repeat(161))).toEqual({ encoding: 'GSM-7', units: 161, segments: 2 });
    expect(smsSegments('a'.repeat(306))).toMatchObject({ segments: 2 });
    expect(smsSegments('a'.repeat(307))).toMatchObject({ segments: 3 });
  });

  it('counts the extension characters as two septets, and never splits one across segments', () => {
    expect(smsSegments('€'.repeat(80))).toEqual({ encoding: 'GSM-7', units: 160, segments: 1 });
    expect(smsSegments('[]')).toMatchObject({ encoding: 'GSM-7', units: 4 });
    // 152 plain + one 2-septet character: it does not fit the first segment's last septet.
    expect(smsSegments(`${'a'.repeat(152)}{${'a'.repeat(10)}`)).toMatchObject({ units: 164, segments: 2 });
  });

  it('falls back to UCS-2 for a character GSM-7 lacks: 70 units in one segment, then 67', () => {
    expect(smsSegments(`${'a'.repeat(69)}’`)).toEqual({ encoding: 'UCS-2', units: 70, segments: 1 });
    expect(smsSegments(`${'a'.repeat(70)}’`)).toEqual({ encoding: 'UCS-2', units: 71, segments: 2 });
    // An emoji is two UTF-16 units and stays whole.
    expect(smsSegments('😀'.repeat(35))).toEqual({ encoding: 'UCS-2', units: 70, segments: 1 });
  });

  it('finds a typical reminder within one GSM-7 segment', () => {
    const reminder =
      'Riverside Spine & Sports Medicine: appointment Tue, Dec 1 at 9:00 AM. Confirm or change: https://x.example/b/01JD Reply STOP to opt out';
    expect(smsSegments(reminder)).toMatchObject({ encoding: 'GSM-7', segments: 1 });
    expect(smsSegments('')).toEqual({ encoding: 'GSM-7', units: 0, segments: 0 });
  });
});
