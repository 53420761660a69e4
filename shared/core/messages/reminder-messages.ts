// What a due reminder sends (API.md "Reminders"). The runner turns each due reminder into one
// notice item (NOTICE#<bookingId> / REMINDER#<reminder key>, beside the booking's own notices so
// the stream keeps them in order) carrying what its message needs; the notifier plans the email or
// the text from the notice's INSERT and deletes it once sent. Subjects and texts name the time only:
// no name, no appointment type, no reason, which a lock screen or a shared inbox would show.
import { clinicPhoneDisplay } from '#clinic-phone';
import { providerName } from '../config/clinic.ts';
import type { ClinicConfig } from '../config/schema.ts';
import { longWhen, shortWhen } from '../scheduling/format.ts';
import type { BookingSnapshot } from '../scheduling/notice.ts';
import { REMINDER_NOTICE_KIND, type ReminderChannel, reminderNoticeKey } from '../scheduling/reminders.ts';
import { bookingKeepUntil, messageTrack } from './booking-messages.ts';
import { changeLines, changeText } from './change-lines.ts';
import { html, type SafeHtml } from './html.ts';
import { renderHtmlEmail, renderTextEmail } from './layout.ts';
import { frontDesk, type OutgoingEmail, type OutgoingMessage, type OutgoingText } from './message.ts';
import type { Item, StreamChange } from './planner.ts';
import { isGsm7Basic, smsSegments } from './sms-segments.ts';

/** A backstop only, as for booking notices: the notifier deletes the notice once its message is out. */
const REMINDER_NOTICE_TTL_SECONDS = 3 * 24 * 60 * 60;

export interface ReminderNotice {
  readonly reminderSk: string;
  readonly channel: ReminderChannel;
  readonly offsetMinutes: number;
  /** The booking as the runner found it when the reminder came due. */
  readonly booking: BookingSnapshot;
  /** When the runner released it. */
  readonly releasedAt: string;
  /** Its links, with the manage token in them; absent when the booking has no link item. */
  readonly manageUrl?: string;
  readonly confirmUrl?: string;
  /** A text's short link to the confirm page (`/s/{code}`). */
  readonly shortUrl?: string;
  /** The patient had already confirmed they are coming when it came due: no confirm button. */
  readonly alreadyConfirmed?: true;
  /** Until when the patient may still move the booking online (ISO); absent: only by phone. */
  readonly changeableUntil?: string;
  /**
   * Until when they may still cancel it online (ISO; the undo grace can make it later than
   * changeableUntil). Absent on notices written before it was kept: changeableUntil stands for both.
   */
  readonly cancellableUntil?: string;
}

export function reminderNoticeItem(notice: ReminderNotice, now: Date): Item {
  return {
    ...reminderNoticeKey(notice.booking.id, notice.reminderSk),
    kind: REMINDER_NOTICE_KIND,
    ...notice,
    expiresAt: Math.floor(now.getTime() / 1000) + REMINDER_NOTICE_TTL_SECONDS,
  };
}

export function reminderNoticeFromItem(item: Item): ReminderNotice | undefined {
  if (item.kind !== REMINDER_NOTICE_KIND) return undefined;
  const booking = item.booking as BookingSnapshot | undefined;
  const channel = item.channel;
  if (channel !== 'email' && channel !== 'sms') return undefined;
  if (!booking || typeof booking.id !== 'string' || typeof booking.start !== 'string') return undefined;
  if (typeof item.reminderSk !== 'string' || typeof item.releasedAt !== 'string') return undefined;
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  const manageUrl = text(item.manageUrl);
  const confirmUrl = text(item.confirmUrl);
  const shortUrl = text(item.shortUrl);
  const changeableUntil = text(item.changeableUntil);
  const cancellableUntil = text(item.cancellableUntil);
  return {
    ...(item.alreadyConfirmed === true ? { alreadyConfirmed: true as const } : {}),
    reminderSk: item.reminderSk,
    channel,
    offsetMinutes: Number(item.offsetMinutes),
    booking: { ...booking, sequence: Number(booking.sequence) },
    releasedAt: item.releasedAt,
    ...(manageUrl ? { manageUrl } : {}),
    ...(confirmUrl ? { confirmUrl } : {}),
    ...(shortUrl ? { shortUrl } : {}),
    ...(changeableUntil ? { changeableUntil } : {}),
    ...(cancellableUntil ? { cancellableUntil } : {}),
  };
}

/** The message id within its notice: one per offset and channel. */
function messageId(notice: ReminderNotice): string {
  return `reminder_${notice.offsetMinutes}_${notice.channel}`;
}

export function reminderSubject(config: ClinicConfig, start: Date): string {
  return `Reminder: your appointment on ${shortWhen(start, config.clinic.timeZone)}`;
}

function button(label: string, href: string): SafeHtml {
  return html`<p style="margin:0 0 12px;"><a href="${href}" style="display:inline-block;background:#0b57d0;color:#ffffff;text-decoration:none;padding:10px 18px;border-radius:6px;font-weight:600;">${label}</a></p>`;
}

function reminderEmail(config: ClinicConfig, notice: ReminderNotice): OutgoingEmail {
  const { clinic } = config;
  const { booking } = notice;
  const start = new Date(booking.start);
  const phone = clinicPhoneDisplay(clinic);
  const when = longWhen(start, new Date(booking.end), clinic.timeZone);
  const provider = providerName(config, booking.providerId);
  const where = clinic.address ?? clinic.name;
  const heading = 'Your appointment is coming up';
  const moveUntil = notice.changeableUntil ? new Date(notice.changeableUntil) : undefined;
  const cancelUntil = notice.cancellableUntil ? new Date(notice.cancellableUntil) : moveUntil;
  const change = changeLines(
    config,
    { ...(moveUntil ? { moveUntil } : {}), ...(cancelUntil ? { cancelUntil } : {}) },
    notice.manageUrl,
  );
  const online = change.find((line) => line.link !== undefined);
  const lines: string[] = [
    `Hello ${booking.name},`,
    `This is a reminder of your appointment at ${clinic.name}.`,
    `When: ${when}`,
    `With: ${provider}`,
    `Where: ${where}`,
    ...(phone ? [`Phone: ${phone}`] : []),
    ...(notice.alreadyConfirmed ? ['You have told us you are coming: thank you.'] : []),
    ...(notice.confirmUrl && !notice.alreadyConfirmed
      ? [`Please confirm you are coming: ${notice.confirmUrl}`]
      : []),
    changeText(change),
  ];
  const bodyHtml = html`<p style="margin:0 0 16px;">Hello ${booking.name},</p>
<p style="margin:0 0 16px;">This is a reminder of your appointment at ${clinic.name}.</p>
<table role="presentation" style="width:100%;border-collapse:collapse;margin:0 0 16px;">
<tr><td style="padding:4px 12px 4px 0;color:#5f6368;vertical-align:top;white-space:nowrap;">When</td><td style="padding:4px 0;">${when}</td></tr>
<tr><td style="padding:4px 12px 4px 0;color:#5f6368;vertical-align:top;white-space:nowrap;">With</td><td style="padding:4px 0;">${provider}</td></tr>
<tr><td style="padding:4px 12px 4px 0;color:#5f6368;vertical-align:top;white-space:nowrap;">Where</td><td style="padding:4px 0;">${where}</td></tr>
${phone ? html`<tr><td style="padding:4px 12px 4px 0;color:#5f6368;vertical-align:top;white-space:nowrap;">Phone</td><td style="padding:4px 0;">${phone}</td></tr>` : null}
</table>
${notice.alreadyConfirmed ? html`<p style="margin:0 0 16px;">You have told us you are coming: thank you.</p>` : null}
${notice.confirmUrl && !notice.alreadyConfirmed ? button('Confirm I’m coming', notice.confirmUrl) : null}
${change.map((line) => html`<p style="margin:0 0 16px;">${line.text}</p>`)}
${online?.link ? button(notice.changeableUntil ? 'Change or cancel' : 'Cancel', online.link) : null}`;
  return {
    id: messageId(notice),
    to: [booking.email],
    replyTo: frontDesk(config),
    subject: reminderSubject(config, start),
    text: renderTextEmail(clinic, heading, lines.join('\n\n')),
    html: renderHtmlEmail(clinic, {
      preheader: `Your appointment on ${shortWhen(start, clinic.timeZone)}`,
      heading,
      bodyHtml,
    }),
  };
}

/** A clinic name as a text can carry it in GSM-7: an é stays, an í loses its accent, an emoji goes. */
function gsm7Only(text: string): string {
  return [...text]
    .map((c) => (isGsm7Basic(c) ? c : c.normalize('NFD').replace(/\p{M}/gu, '')))
    .filter((c) => c.length === 1 && isGsm7Basic(c) && c !== '\n' && c !== '\r')
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The text: clinic name, time, one link, "Reply STOP to opt out", in one 160-character GSM-7
 * segment where it can be: the longest of these wordings that fits is taken, else the shortest.
 */
export function reminderTextBody(clinicName: string, when: string, link: string | undefined): string {
  const name = gsm7Only(clinicName);
  const linkPart = (words: string) => (link ? ` ${words} ${link}` : '');
  const wordings = [
    `${name}: reminder of your appointment on ${when}.${linkPart('Confirm or change:')} Reply STOP to opt out`,
    `${name}: appointment ${when}.${linkPart('Confirm/change:')} Reply STOP to opt out`,
    `${name}: appt ${when}.${link ? ` ${link}` : ''} Reply STOP to opt out`,
    `Appt ${when}.${link ? ` ${link}` : ''} Reply STOP to opt out`,
  ];
  const fits = wordings.find((text) => {
    const { encoding, segments } = smsSegments(text);
    return encoding === 'GSM-7' && segments === 1;
  });
  return fits ?? (wordings.at(-1) as string);
}

function reminderText(config: ClinicConfig, notice: ReminderNotice): OutgoingText {
  const start = new Date(notice.booking.start);
  return {
    channel: 'sms',
    id: messageId(notice),
    to: notice.booking.phone,
    body: reminderTextBody(
      config.clinic.name,
      shortWhen(start, config.clinic.timeZone),
      notice.shortUrl ?? notice.confirmUrl ?? notice.manageUrl,
    ),
  };
}

/**
 * The notifier's planner for reminder notices: the INSERT plans the email or the text; the removal
 * (the notifier deleting the notice once sent, or a cancel that got there first) plans nothing.
 */
export function planReminderMessages(config: ClinicConfig, change: StreamChange): OutgoingMessage[] {
  if (change.eventName !== 'INSERT' || !change.newItem) return [];
  const notice = reminderNoticeFromItem(change.newItem);
  if (!notice) return [];
  const message = notice.channel === 'sms' ? reminderText(config, notice) : reminderEmail(config, notice);
  const keepUntil = bookingKeepUntil(new Date(notice.booking.end), config.retention.bookingDaysAfterVisit);
  const track = messageTrack(
    notice.booking.id,
    notice.booking.sequence,
    { id: message.id, kind: 'reminder', recipient: 'patient', channel: notice.channel },
    keepUntil,
  );
  return [{ ...message, track }];
}
