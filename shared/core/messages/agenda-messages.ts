// The staff's daily agenda (CONFIG.md `email.dailyAgenda`): at its local time each day, the next
// working day's bookings by clinician, to the listed addresses. The runner writes one notice item
// for the day (AGENDA#<local date> / NOTICE) with the bookings in it; the notifier emails it from
// the INSERT and deletes it. Staff emails may carry names; the subject still carries none.
import { providerName, typeName } from '../config/clinic.ts';
import type { ClinicConfig } from '../config/schema.ts';
import { displayPhone } from '../scheduling/format.ts';
import { addDays, type LocalDate, weekdayOf } from '../scheduling/time.ts';
import { html, joinHtml } from './html.ts';
import { renderHtmlEmail, renderTextEmail } from './layout.ts';
import type { OutgoingEmail } from './message.ts';
import type { Item, StreamChange } from './planner.ts';

export const AGENDA_NOTICE_KIND = 'agenda-notice';
export const AGENDA_MARKER_KIND = 'agenda-sent';
const AGENDA_NOTICE_TTL_SECONDS = 3 * 24 * 60 * 60;
/** The marker only has to outlive the day it guards. */
const AGENDA_MARKER_TTL_SECONDS = 7 * 24 * 60 * 60;
/** How far ahead to look for a working day (a clinic closed longer sends no agenda). */
const WORKING_DAY_HORIZON = 31;

export interface AgendaEntry {
  readonly id: string;
  readonly start: string;
  readonly end: string;
  readonly providerId: string;
  readonly typeId: string;
  readonly name: string;
  readonly phone: string;
  readonly reason?: string;
  readonly confirmedAt?: string;
}

export interface AgendaNotice {
  /** The day it was sent on (clinic time). */
  readonly sentOn: LocalDate;
  /** The day it lists. */
  readonly date: LocalDate;
  readonly bookings: readonly AgendaEntry[];
}

export function agendaKeys(sentOn: LocalDate): {
  notice: { pk: string; sk: string };
  marker: { pk: string; sk: string };
} {
  return { notice: { pk: `AGENDA#${sentOn}`, sk: 'NOTICE' }, marker: { pk: `AGENDA#${sentOn}`, sk: 'SENT' } };
}

export function agendaNoticeItem(notice: AgendaNotice, now: Date): Item {
  return {
    ...agendaKeys(notice.sentOn).notice,
    kind: AGENDA_NOTICE_KIND,
    ...notice,
    expiresAt: Math.floor(now.getTime() / 1000) + AGENDA_NOTICE_TTL_SECONDS,
  };
}

export function agendaMarkerItem(sentOn: LocalDate, now: Date): Item {
  return {
    ...agendaKeys(sentOn).marker,
    kind: AGENDA_MARKER_KIND,
    at: now.toISOString(),
    expiresAt: Math.floor(now.getTime() / 1000) + AGENDA_MARKER_TTL_SECONDS,
  };
}

/**
 * The first day after `today` the clinic is open: someone (the clinic or a provider of their own)
 * has hours that weekday, and no whole-day closure falls on it. Undefined when none is within a month.
 */
export function nextWorkingDay(config: ClinicConfig, today: LocalDate): LocalDate | undefined {
  const { scheduling } = config;
  const closed = new Set(scheduling.closures.flatMap((c) => ('date' in c ? [c.date] : [])));
  for (let days = 1; days <= WORKING_DAY_HORIZON; days++) {
    const date = addDays(today, days);
    const weekday = weekdayOf(date);
    const open =
      (scheduling.weeklyHours[weekday]?.length ?? 0) > 0 ||
      scheduling.providers.some((p) => (p.weeklyHours?.[weekday]?.length ?? 0) > 0);
    if (open && !closed.has(date)) return date;
  }
  return undefined;
}

const dayFormat = (date: LocalDate) => {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Intl.DateTimeFormat('en-US', {
    timeZone: 'UTC',
    weekday: 'short',
    month: 'short',
    day: 'numeric',
  }).format(new Date(Date.UTC(year, month - 1, day, 12)));
};

const timeFormat = (iso: string, timeZone: string) =>
  new Intl.DateTimeFormat('en-US', { timeZone, hour: 'numeric', minute: '2-digit' }).format(new Date(iso));

export function agendaEmail(config: ClinicConfig, notice: AgendaNotice): OutgoingEmail {
  const { clinic } = config;
  const day = dayFormat(notice.date);
  const heading = `Agenda for ${day}`;
  // Clinicians in config order, then any the config no longer lists.
  const order = [
    ...config.scheduling.providers.map((p) => p.id),
    ...notice.bookings
      .map((b) => b.providerId)
      .filter((id) => !config.scheduling.providers.some((p) => p.id === id)),
  ].filter((id, index, all) => all.indexOf(id) === index);
  const groups = order
    .map((providerId) => ({
      providerId,
      bookings: notice.bookings.filter((b) => b.providerId === providerId),
    }))
    .filter((group) => group.bookings.length > 0);
  const row = (b: AgendaEntry) => ({
    time: `${timeFormat(b.start, clinic.timeZone)}–${timeFormat(b.end, clinic.timeZone)}`,
    patient: b.name,
    type: typeName(config, b.typeId),
    phone: displayPhone(b.phone, clinic.country),
    confirmed: b.confirmedAt ? 'confirmed' : '',
  });
  const total = notice.bookings.length;
  const summary =
    total === 0 ? 'Nothing is booked.' : `${total} ${total === 1 ? 'booking' : 'bookings'}, by clinician.`;
  const text = [
    summary,
    ...groups.map((group) =>
      [
        providerName(config, group.providerId),
        ...group.bookings.map((b) => {
          const r = row(b);
          return `  ${r.time}  ${r.patient} (${r.type}) ${r.phone}${r.confirmed ? ` [${r.confirmed}]` : ''}`;
        }),
      ].join('\n'),
    ),
  ].join('\n\n');
  const cell = 'padding:4px 8px 4px 0;vertical-align:top;';
  const bodyHtml = html`<p style="margin:0 0 16px;">${summary}</p>
${joinHtml(
  groups.map(
    (
      group,
    ) => html`<h2 style="font-size:17px;margin:16px 0 8px;">${providerName(config, group.providerId)}</h2>
<table role="presentation" style="border-collapse:collapse;margin:0 0 8px;width:100%;">${joinHtml(
      group.bookings.map((b) => {
        const r = row(b);
        return html`<tr><td style="${cell}white-space:nowrap;">${r.time}</td><td style="${cell}">${r.patient}<br><span style="color:#5f6368;">${r.type} · ${r.phone}${r.confirmed ? ` · ${r.confirmed}` : ''}</span></td></tr>`;
      }),
      html`\n`,
    )}</table>`,
  ),
  html`\n`,
)}`;
  return {
    id: 'agenda',
    to: [...(config.email.dailyAgenda?.to ?? [])],
    subject: heading,
    text: renderTextEmail(clinic, heading, text),
    html: renderHtmlEmail(clinic, { preheader: `${heading}: ${summary}`, heading, bodyHtml }),
  };
}

export function agendaNoticeFromItem(item: Item): AgendaNotice | undefined {
  if (item.kind !== AGENDA_NOTICE_KIND) return undefined;
  if (typeof item.date !== 'string' || typeof item.sentOn !== 'string' || !Array.isArray(item.bookings)) {
    return undefined;
  }
  return { sentOn: item.sentOn, date: item.date, bookings: item.bookings as AgendaEntry[] };
}

/** The notifier's planner for agenda notices: the INSERT plans the email. */
export function planAgendaEmails(config: ClinicConfig, change: StreamChange): OutgoingEmail[] {
  if (change.eventName !== 'INSERT' || !change.newItem) return [];
  const notice = agendaNoticeFromItem(change.newItem);
  if (!notice || !config.email.dailyAgenda) return [];
  return [agendaEmail(config, notice)];
}
