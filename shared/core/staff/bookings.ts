// The bookings side of the staff workspace, pure: the agenda's date range, a booking as staff see
// it (every detail, its history and what was sent) and its CSV columns.
import { providerName, typeName } from '../config/clinic.ts';
import type { ClinicConfig } from '../config/schema.ts';
import type { BookingMessage } from '../messages/booking-messages.ts';
import { type Attendance, type Booking, type BookingStatus, historyOf } from '../scheduling/booking.ts';
import { localDateRangeInstants } from '../scheduling/slots.ts';
import { addDays, formatInstant, type LocalDate, localDateOf } from '../scheduling/time.ts';
import type { CsvColumn } from './csv.ts';

/** The longest agenda asked at once, both days counted (API.md). */
export const AGENDA_MAX_DAYS = 31;
/** The longest bookings export, both days counted: a quarter, as for leads. */
export const BOOKING_EXPORT_MAX_DAYS = 92;
/** Without `from`, an export covers this many days up to `to`. */
export const BOOKING_EXPORT_DEFAULT_DAYS = 30;

/** A range of the clinic's local dates and the instants of its starts: [start, end). */
export interface BookingRange {
  readonly from: LocalDate;
  readonly to: LocalDate;
  readonly start: Date;
  readonly end: Date;
}

/** The agenda's range: `from` defaults to today (the clinic's), `to` to `from`. */
export function agendaRange(
  timeZone: string,
  asked: { readonly from?: string | undefined; readonly to?: string | undefined },
  now: Date,
): BookingRange {
  const from = asked.from ?? asked.to ?? localDateOf(now, timeZone);
  return rangeOf(timeZone, from, asked.to ?? from);
}

/** The export's range: `to` defaults to today, `from` to 30 days up to `to`. */
export function exportRange(
  timeZone: string,
  asked: { readonly from?: string | undefined; readonly to?: string | undefined },
  now: Date,
): BookingRange {
  const to = asked.to ?? localDateOf(now, timeZone);
  return rangeOf(timeZone, asked.from ?? addDays(to, 1 - BOOKING_EXPORT_DEFAULT_DAYS), to);
}

function rangeOf(timeZone: string, from: LocalDate, to: LocalDate): BookingRange {
  return { from, to, ...localDateRangeInstants(timeZone, from, to) };
}

/** A booking as the agenda lists it (API.md). */
export interface StaffBookingSummary {
  readonly id: string;
  readonly status: BookingStatus;
  readonly type: string;
  readonly typeName: string;
  readonly start: string;
  readonly end: string;
  readonly providerId: string;
  readonly providerName: string;
  readonly name: string;
  readonly email: string;
  readonly phone: string;
  readonly reason?: string;
  readonly notes?: string;
  readonly confirmedAt?: string;
  readonly attendance?: Attendance;
}

export interface StaffHistoryEntry {
  readonly at: string;
  readonly action: string;
  readonly actor?: { readonly sub: string; readonly email: string };
  readonly previousStart?: string;
  readonly previousProviderId?: string;
}

export interface StaffMessageState {
  readonly channel: 'email' | 'sms';
  readonly kind: string;
  readonly recipient: 'patient' | 'staff';
  readonly status: 'sent' | 'failed';
  readonly at: string;
}

/** One booking as its page shows it: the agenda's fields, its history and its messages. */
export interface StaffBookingDetail extends StaffBookingSummary {
  /** The patient agreed to appointment reminders by text message. */
  readonly smsConsent: boolean;
  readonly createdAt: string;
  readonly cancelledAt?: string;
  readonly cancelReason?: string;
  readonly history: readonly StaffHistoryEntry[];
  readonly messages: readonly StaffMessageState[];
}

export function staffBookingSummary(config: ClinicConfig, booking: Booking): StaffBookingSummary {
  const { timeZone } = config.clinic;
  return {
    id: booking.id,
    status: booking.status,
    type: booking.typeId,
    typeName: typeName(config, booking.typeId),
    start: formatInstant(booking.start, timeZone),
    end: formatInstant(booking.end, timeZone),
    providerId: booking.providerId,
    providerName: providerName(config, booking.providerId),
    name: booking.patient.name,
    email: booking.patient.email,
    phone: booking.patient.phone,
    ...(booking.reason === undefined ? {} : { reason: booking.reason }),
    ...(booking.notes === undefined ? {} : { notes: booking.notes }),
    ...(booking.confirmedAt === undefined
      ? {}
      : { confirmedAt: formatInstant(booking.confirmedAt, timeZone) }),
    ...(booking.attendance === undefined ? {} : { attendance: booking.attendance }),
  };
}

export function staffBookingDetail(
  config: ClinicConfig,
  booking: Booking,
  messages: readonly BookingMessage[],
): StaffBookingDetail {
  const { timeZone } = config.clinic;
  const at = (instant: Date) => formatInstant(instant, timeZone);
  return {
    ...staffBookingSummary(config, booking),
    smsConsent: booking.smsConsent === true,
    createdAt: at(booking.createdAt),
    ...(booking.cancelledAt === undefined ? {} : { cancelledAt: at(booking.cancelledAt) }),
    ...(booking.cancelReason === undefined ? {} : { cancelReason: booking.cancelReason }),
    history: historyOf(booking).map((entry) => ({
      at: at(entry.at),
      action: entry.action,
      ...(entry.actor ? { actor: { sub: entry.actor.sub, email: entry.actor.email } } : {}),
      ...(entry.previousStart === undefined ? {} : { previousStart: at(new Date(entry.previousStart)) }),
      ...(entry.previousProviderId === undefined ? {} : { previousProviderId: entry.previousProviderId }),
    })),
    messages: [...messages]
      .sort((a, b) => a.at.getTime() - b.at.getTime())
      .map((m) => ({
        channel: m.channel,
        kind: m.kind,
        recipient: m.recipient,
        status: m.status,
        at: at(m.at),
      })),
  };
}

/** Who made the booking, as the export's column says: a staff member's email, or `patient`. */
function bookedBy(booking: Booking): string {
  return historyOf(booking).find((entry) => entry.action === 'created')?.actor?.email ?? 'patient';
}

/** The export's columns: times local to the clinic, as the agenda shows them. */
export function bookingCsvColumns(config: ClinicConfig): CsvColumn<Booking>[] {
  const { timeZone } = config.clinic;
  return [
    { header: 'Start', value: (b) => formatInstant(b.start, timeZone) },
    { header: 'End', value: (b) => formatInstant(b.end, timeZone) },
    { header: 'Status', value: (b) => b.status },
    { header: 'Attendance', value: (b) => b.attendance },
    { header: 'Appointment', value: (b) => typeName(config, b.typeId) },
    { header: 'Clinician', value: (b) => providerName(config, b.providerId) },
    { header: 'Patient', value: (b) => b.patient.name },
    { header: 'Email', value: (b) => b.patient.email },
    { header: 'Phone', value: (b) => b.patient.phone },
    { header: 'Reason', value: (b) => b.reason },
    { header: 'Notes', value: (b) => b.notes },
    { header: 'Cancellation reason', value: (b) => b.cancelReason },
    { header: 'Booked at', value: (b) => formatInstant(b.createdAt, timeZone) },
    { header: 'Booked by', value: bookedBy },
    { header: 'Booking id', value: (b) => b.id },
  ];
}
