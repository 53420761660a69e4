// What each staff bookings route answers for its use case's outcome: the agenda, a booking as
// staff see it, the CSV; changes are counted by the same metrics as the patient's own and logged
// by id only.
import type { StaffBookingRead } from '../../../app/staff/bookings.ts';
import type { ClinicConfig } from '../../../core/config/schema.ts';
import type { Booking } from '../../../core/scheduling/booking.ts';
import { staffBookingDetail, staffBookingSummary } from '../../../core/staff/bookings.ts';
import { logger } from '../../../platform/logger.ts';
import { METRICS, type MetricName, recordMetric } from '../../../platform/metrics.ts';
import { type HttpResponse, json } from '../responses.ts';
import { csvAttachment } from './staff-leads.ts';

export function presentAgenda(config: ClinicConfig, { bookings }: { readonly bookings: readonly Booking[] }) {
  return json(200, { items: bookings.map((booking) => staffBookingSummary(config, booking)) });
}

export function presentStaffBooking(
  config: ClinicConfig,
  read: StaffBookingRead,
  status = 200,
): HttpResponse {
  return json(status, staffBookingDetail(config, read.booking, read.messages));
}

type Outcome = 'created' | 'cancelled' | 'rescheduled' | 'attendance';
const COUNTED: Partial<Record<Outcome, MetricName>> = {
  created: METRICS.names.bookingCreated,
  cancelled: METRICS.names.bookingCancelled,
  rescheduled: METRICS.names.bookingRescheduled,
};

/** A change made by staff: 201 for a new booking, else 200; counted only when something changed. */
export function presentStaffChange(
  config: ClinicConfig,
  outcome: Outcome,
  read: StaffBookingRead & { readonly changed?: boolean },
): HttpResponse {
  const changed = read.changed !== false;
  const metric = COUNTED[outcome];
  if (changed && metric) recordMetric(metric);
  logger.info('staff booking change', {
    outcome: changed ? outcome : 'unchanged',
    bookingId: read.booking.id,
    providerId: read.booking.providerId,
    sequence: read.booking.sequence,
  });
  return presentStaffBooking(config, read, outcome === 'created' ? 201 : 200);
}

export function presentBookingExport({ csv, filename }: { readonly csv: string; readonly filename: string }) {
  return csvAttachment(csv, filename);
}
