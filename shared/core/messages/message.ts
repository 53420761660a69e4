// An email as the domain plans it, and its raw MIME form (text + HTML + optional calendar invite)
// built with nodemailer's MailComposer for SES SendRawEmail. Every email the system sends is
// automatic (RFC 3834 `Auto-Submitted: auto-generated`, so vacation responders stay quiet), and its
// bodies go out with CRLF line endings (RFC 5322 / 2045): MailComposer's quoted-printable keeps the
// line breaks it is given, so they are made CRLF before it sees them.
import MailComposer from 'nodemailer/lib/mail-composer';

export interface OutgoingEmail {
  /** Absent on emails planned before texts existed: every message without a channel is an email. */
  readonly channel?: 'email';
  /**
   * Stable id of this email for this item, e.g. `staff`, `ack`, `patient-confirmed-0`. The
   * notifier records delivery under it, so the same id is never sent twice for one item.
   */
  readonly id: string;
  readonly to: readonly string[];
  /** Staff emails: the patient. Patient emails: the front desk (`email.staff`). */
  readonly replyTo?: string | readonly string[];
  /** Never personal or health data (API.md): it says what happened, not to whom or why. */
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** An iCalendar invite, sent as text/calendar with its METHOD (REQUEST or CANCEL). */
  readonly calendar?: {
    readonly method: 'REQUEST' | 'CANCEL';
    readonly content: string;
    readonly filename: string;
  };
  /**
   * Where the email's delivery state is also kept, for an email whose outbox item is short-lived
   * (a booking notice): the notifier puts `{...fields, status, at, attempts}` at this key each
   * time it records a state, so what was sent outlives the item it was sent from.
   */
  readonly track?: {
    readonly pk: string;
    readonly sk: string;
    readonly fields: Readonly<Record<string, string | number>>;
  };
}

/**
 * A text message as the domain plans it, sent through AWS End User Messaging SMS. Its body carries
 * no personal or health information and fits one GSM-7 segment where it can (API.md "Reminders").
 */
export interface OutgoingText {
  readonly channel: 'sms';
  /** Stable id of this text for this item, as for emails: never sent twice for one item. */
  readonly id: string;
  /** E.164 */
  readonly to: string;
  readonly body: string;
  /** As OutgoingEmail's: where the delivery state is also kept. */
  readonly track?: OutgoingEmail['track'];
}

export type OutgoingMessage = OutgoingEmail | OutgoingText;

/**
 * Where a patient's reply goes: the front desk, which is `email.staff` (the addresses that get
 * every lead and booking; CONFIG.md has no other front-desk key), never the unattended sender.
 */
export function frontDesk(config: {
  readonly email: { readonly staff: readonly string[] };
}): readonly string[] {
  return [...config.email.staff];
}

export function isText(message: OutgoingMessage): message is OutgoingText {
  return message.channel === 'sms';
}

/** Every line break as CRLF (a lone CR or LF, or an existing CRLF, alike). */
export function crlf(text: string): string {
  return text.replace(/\r\n|\r|\n/g, '\r\n');
}

/** Headers every email carries: it is sent by a program, and auto-replies are not wanted. */
export const AUTOMATIC_EMAIL_HEADERS: Readonly<Record<string, string>> = {
  'Auto-Submitted': 'auto-generated',
  'X-Auto-Response-Suppress': 'All',
};

export async function toRawMime(email: OutgoingEmail, from: string): Promise<Uint8Array> {
  const replyTo = typeof email.replyTo === 'string' ? email.replyTo : email.replyTo && [...email.replyTo];
  const composer = new MailComposer({
    from,
    to: [...email.to],
    ...(replyTo && replyTo.length > 0 ? { replyTo } : {}),
    headers: { ...AUTOMATIC_EMAIL_HEADERS },
    subject: email.subject,
    text: crlf(email.text),
    html: crlf(email.html),
    ...(email.calendar
      ? {
          icalEvent: {
            method: email.calendar.method,
            filename: email.calendar.filename,
            content: crlf(email.calendar.content),
          },
        }
      : {}),
  });
  const message: Buffer = await composer.compile().build();
  return new Uint8Array(message);
}
