// The use cases behind the staff's bookings routes: the agenda, one booking with its history and
// messages, booking for a caller, cancel, move, attendance and the export. Changes go through the
// patient's own use cases (shared/app/scheduling/bookings.ts) with the staff member's authority,
// so the engine and the no-overlap guarantee are the same; each use case appends its audit entry
// before it returns, so no answer leaves unrecorded.
import type { ClinicConfig } from '../../core/config/schema.ts';
import { NotFoundError, ValidationError } from '../../core/errors.ts';
import type { BookingMessage } from '../../core/messages/booking-messages.ts';
import { type Booking, withHistory } from '../../core/scheduling/booking.ts';
import type {
  AgendaQuery,
  AttendanceInput,
  BookingExportQuery,
  StaffCancelBookingInput,
  StaffCreateBookingInput,
  StaffRescheduleBookingInput,
} from '../../core/staff/booking-schemas.ts';
import { STAFF_BOOKING_NOT_FOUND } from '../../core/staff/booking-schemas.ts';
import { agendaRange, type BookingRange, bookingCsvColumns, exportRange } from '../../core/staff/bookings.ts';
import { toCsv } from '../../core/staff/csv.ts';
import { askedRecordId } from '../../core/staff/leads.ts';
import {
  type BookingChange,
  type BookingDeps,
  type ChangeAuthority,
  cancelLoaded,
  createBooking,
  type RequestContext,
  rescheduleLoaded,
} from '../scheduling/bookings.ts';
import type { StaffBookingReader } from './booking-ports.ts';
import { recordAudit, type StaffCaller } from './caller.ts';
import type { AuditLog } from './ports.ts';

export interface StaffBookingDeps extends BookingDeps {
  readonly reader: StaffBookingReader;
  readonly audit: AuditLog;
}

/** A booking as staff see it after a read or a change: with what was sent about it. */
export interface StaffBookingRead {
  readonly booking: Booking;
  readonly messages: readonly BookingMessage[];
}

/** Re-reads of a booking that changed between our read and our write, before giving up. */
const MAX_STALE_READS = 3;

function staffAuthority(
  caller: StaffCaller,
  options: { notifyPatient?: boolean | undefined; ignoreNotice?: boolean | undefined },
): ChangeAuthority {
  return {
    actor: caller.actor,
    ignoreCutOff: true,
    ignoreNotice: options.ignoreNotice === true,
    notifyPatient: options.notifyPatient !== false,
  };
}

async function mustRead(deps: StaffBookingDeps, id: string): Promise<StaffBookingRead> {
  const found = await deps.reader.withMessages(id);
  if (!found) throw new NotFoundError(STAFF_BOOKING_NOT_FOUND);
  return found;
}

/** A provider asked for by id must be one of the clinic's: 400 on `path` otherwise. */
export function assertKnownProvider(
  config: ClinicConfig,
  providerId: string | undefined,
  path: string,
): void {
  if (providerId !== undefined && !config.scheduling.providers.some((p) => p.id === providerId)) {
    throw new ValidationError([{ path, message: 'There is no provider with this id' }]);
  }
}

/** The booking a change starts from: its record alone, as afterChange reads the messages once, after. */
const loader = (deps: StaffBookingDeps, id: string) => async () => {
  const booking = await deps.store.get(id);
  if (!booking) throw new NotFoundError(STAFF_BOOKING_NOT_FOUND);
  return booking;
};

/** The answer after a change: the booking as written, with its messages so far. */
async function afterChange(deps: StaffBookingDeps, booking: Booking): Promise<StaffBookingRead> {
  return { booking, messages: (await deps.reader.withMessages(booking.id))?.messages ?? [] };
}

export async function listAgenda(
  deps: StaffBookingDeps,
  query: AgendaQuery,
  caller: StaffCaller,
): Promise<{ range: BookingRange; bookings: Booking[] }> {
  assertKnownProvider(deps.config, query.provider, 'provider');
  const range = agendaRange(deps.config.clinic.timeZone, query, caller.now);
  const bookings = await deps.reader.agenda({
    start: range.start,
    end: range.end,
    providerId: query.provider,
    status: query.status,
  });
  await recordAudit(deps.audit, caller, 'booking.listed', askedRecordId(range));
  return { range, bookings };
}

export async function readBooking(
  deps: StaffBookingDeps,
  id: string,
  caller: StaffCaller,
): Promise<StaffBookingRead> {
  const found = await mustRead(deps, id);
  await recordAudit(deps.audit, caller, 'booking.read', id);
  return found;
}

/** Books for a caller: the public engine, the staff member in its history, the patient emailed. */
export async function bookForCaller(
  deps: StaffBookingDeps,
  input: StaffCreateBookingInput,
  caller: StaffCaller,
  manageUrl: RequestContext['manageUrl'],
): Promise<StaffBookingRead> {
  const { ignoreNotice, ...booking } = input;
  const result = await createBooking(
    deps,
    { ...booking, consent: true, honeypotFilled: false },
    { now: caller.now, manageUrl },
    staffAuthority(caller, { ignoreNotice }),
  );
  await recordAudit(deps.audit, caller, 'booking.created', result.booking.id);
  return { booking: result.booking, messages: [] };
}

export async function cancelForCaller(
  deps: StaffBookingDeps,
  id: string,
  input: StaffCancelBookingInput,
  caller: StaffCaller,
): Promise<StaffBookingRead & Pick<BookingChange, 'changed'>> {
  const change = await cancelLoaded(deps, loader(deps, id), input, caller, staffAuthority(caller, input));
  await recordAudit(deps.audit, caller, 'booking.cancelled', id);
  return { ...(await afterChange(deps, change.booking)), changed: change.changed };
}

export async function rescheduleForCaller(
  deps: StaffBookingDeps,
  id: string,
  input: StaffRescheduleBookingInput,
  caller: StaffCaller,
): Promise<StaffBookingRead & Pick<BookingChange, 'changed'>> {
  const change = await rescheduleLoaded(
    deps,
    loader(deps, id),
    input,
    caller.now,
    staffAuthority(caller, input),
  );
  await recordAudit(deps.audit, caller, 'booking.rescheduled', id);
  return { ...(await afterChange(deps, change.booking)), changed: change.changed };
}

/** Marks whether the patient came: once the booking has started, and not for a cancelled one. */
export async function markAttendance(
  deps: StaffBookingDeps,
  id: string,
  input: AttendanceInput,
  caller: StaffCaller,
): Promise<StaffBookingRead & Pick<BookingChange, 'changed'>> {
  const { now } = caller;
  for (let read = 0; read < MAX_STALE_READS; read++) {
    const { booking: current, messages } = await mustRead(deps, id);
    if (current.status === 'cancelled') {
      throw new ValidationError([{ path: 'attendance', message: 'A cancelled booking has no attendance' }]);
    }
    if (now.getTime() < current.start.getTime()) {
      throw new ValidationError([
        { path: 'attendance', message: 'Attendance can be marked once the appointment has started' },
      ]);
    }
    if (current.attendance === input.attendance) {
      await recordAudit(deps.audit, caller, 'booking.attendance', id);
      return { booking: current, messages, changed: false };
    }
    const next = withHistory(
      { ...current, attendance: input.attendance, sequence: current.sequence + 1, updatedAt: now },
      { at: now, action: input.attendance, actor: caller.actor },
    );
    const outcome = await deps.store.update(current, next);
    if (outcome === 'written') {
      await recordAudit(deps.audit, caller, 'booking.attendance', id);
      return { booking: next, messages, changed: true };
    }
    if (outcome !== 'booking-changed') throw new Error(`Unexpected outcome marking attendance: ${outcome}`);
  }
  throw new Error('The booking kept changing while its attendance was being marked');
}

/** The range's bookings (cancelled ones too) as a spreadsheet, sorted by start. */
export async function exportBookings(
  deps: StaffBookingDeps,
  query: BookingExportQuery,
  caller: StaffCaller,
): Promise<{ csv: string; filename: string }> {
  const range = exportRange(deps.config.clinic.timeZone, query, caller.now);
  const bookings = await deps.reader.agenda({ start: range.start, end: range.end });
  await recordAudit(deps.audit, caller, 'booking.exported', askedRecordId(range));
  return {
    csv: toCsv(bookingCsvColumns(deps.config), bookings),
    filename: `bookings-${range.from}-${range.to}.csv`,
  };
}
