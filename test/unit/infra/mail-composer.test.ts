import MailComposer from 'nodemailer/lib/mail-composer';
import { describe, expect, it } from 'vitest';
import { mailComposerModule } from '../../../infra/support/mail-composer.ts';

// The bundles' MailComposer (infra/support/mail-composer.ts) is nodemailer's, pre-bundled without
// its MIME type table and HTTP client: an email of ours must come out the same from both.
const EMAIL = {
  from: 'Clinic <bookings@clinic.example>',
  to: ['pat@example.com'],
  replyTo: 'desk@clinic.example',
  subject: 'Your appointment',
  messageId: '<fixed@clinic.example>',
  date: new Date('2026-12-01T12:00:00Z'),
  text: 'Hello\r\n',
  html: '<p>Hello</p>\r\n',
  icalEvent: { method: 'REQUEST', filename: 'invite.ics', content: 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n' },
};

// MIME boundaries are random: numbered in order of appearance, the two texts compare.
const normalised = (mime: string) => {
  const boundaries = new Map<string, string>();
  return mime.replace(/--_NmP-[0-9a-f]+-Part_\d+|----_NmPart_[\w.]+|[\w-]*NmP[\w.-]+/g, (found) => {
    if (!boundaries.has(found)) boundaries.set(found, `BOUNDARY${boundaries.size}`);
    return boundaries.get(found) as string;
  });
};

describe("the bundles' MailComposer", () => {
  it('builds our email (text, HTML and the invite) exactly as nodemailer does', async () => {
    const { default: Trimmed } = (await import(mailComposerModule())) as { default: typeof MailComposer };
    const real = (await new MailComposer(EMAIL).compile().build()).toString();
    const trimmed = (await new Trimmed(EMAIL).compile().build()).toString();
    expect(real).toContain('text/calendar');
    expect(normalised(trimmed)).toBe(normalised(real));
  });

  it('refuses an attachment by URL instead of fetching it', async () => {
    const { default: Trimmed } = (await import(mailComposerModule())) as { default: typeof MailComposer };
    const composer = new Trimmed({
      ...EMAIL,
      attachments: [{ filename: 'a.txt', href: 'https://example.com/a' }],
    });
    await expect(composer.compile().build()).rejects.toThrow(/fetches no attachment by URL/);
  });
});
