// The raw MIME every email goes out as (shared/core/messages/message.ts): CRLF on every line of
// every part, however the planner broke its lines; Auto-Submitted; Reply-To as planned. The same
// is checked on the wire, at the SES emulator, in test/integration/scheduling/bookings-emails.test.ts.
import { describe, expect, it } from 'vitest';
import { emailSamples } from '../../../scripts/lib/email-samples.ts';
import { toRawMime } from '../../../shared/core/messages/message.ts';
import { crlfProblems } from '../../support/icalendar.ts';

const decode = (raw: Uint8Array) => Buffer.from(raw).toString('latin1');
/** The header block with folded lines unfolded (RFC 5322 2.2.3). */
const headerBlock = (raw: string) => raw.slice(0, raw.indexOf('\r\n\r\n') + 2).replace(/\r\n[ \t]+/g, ' ');

describe('toRawMime', () => {
  it.each(emailSamples().map((s) => [s.kind, s.email] as const))(
    '%s: CRLF only, Auto-Submitted: auto-generated',
    async (_kind, email) => {
      expect(email.text).toContain('\n'); // the planners break lines with bare LF: the MIME must not
      const raw = decode(await toRawMime(email, 'Riverside Spine <appointments@riverside-spine.example>'));
      expect(crlfProblems(raw)).toEqual([]);
      expect(raw).toMatch(/^Auto-Submitted: auto-generated\r$/m);
      expect(raw).toMatch(/^X-Auto-Response-Suppress: All\r$/m);
    },
  );

  it('puts the front desk in Reply-To of patient emails and the patient in staff emails', async () => {
    const byKind = new Map(emailSamples().map((s) => [s.kind, s.email]));
    for (const kind of [
      'lead-ack',
      'booking-confirmation',
      'booking-reschedule',
      'booking-cancel',
      'reminder',
    ]) {
      const raw = headerBlock(
        decode(await toRawMime(byKind.get(kind) as never, 'appointments@riverside-spine.example')),
      );
      expect(raw, kind).toMatch(/^Reply-To: frontdesk@riverside-spine\.example\r$/m);
    }
    for (const kind of ['lead-notification', 'staff-booking-new']) {
      const raw = headerBlock(
        decode(await toRawMime(byKind.get(kind) as never, 'appointments@riverside-spine.example')),
      );
      expect(raw, kind).toMatch(
        /^Reply-To: alexandria\.konstantinopoulou-vanderberg\+appointments@patients\.example\.com\r$/m,
      );
    }
  });
});
