// An email as the domain plans it, and its raw MIME form (text + HTML + optional calendar invite)
// built with nodemailer's MailComposer for SES SendRawEmail.
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
  readonly replyTo?: string;
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

export function isText(message: OutgoingMessage): message is OutgoingText {
  return message.channel === 'sms';
}

export async function toRawMime(email: OutgoingEmail, from: string): Promise<Uint8Array> {
  const composer = new MailComposer({
    from,
    to: [...email.to],
    ...(email.replyTo ? { replyTo: email.replyTo } : {}),
    subject: email.subject,
    text: email.text,
    html: email.html,
    ...(email.calendar
      ? {
          icalEvent: {
            method: email.calendar.method,
            filename: email.calendar.filename,
            content: email.calendar.content,
          },
        }
      : {}),
  });
  const message: Buffer = await composer.compile().build();
  return new Uint8Array(message);
}
