// The route table: every HTTP route's record, in the order the OpenAPI document lists them. The
// CDK stack deploys one function per entry and the local gateway routes to the same list, so the
// API that runs locally is the API that deploys. A function imports its own record, never this.
import type { RouteRecord } from '../route-record.ts';
import { listAppointmentTypesRoute } from './appointment-types.ts';
import { getAvailabilityRoute } from './availability.ts';
import { getBookingCalendarRoute } from './booking-calendar.ts';
import { cancelBookingRoute } from './cancel-booking.ts';
import { confirmBookingRoute } from './confirm-booking.ts';
import { confirmBookingPageRoute } from './confirm-booking-page.ts';
import { createBookingRoute } from './create-booking.ts';
import { createInquiryRoute } from './create-inquiry.ts';
import { getBookingRoute } from './get-booking.ts';
import { healthRoute } from './health.ts';
import { openApiRoute } from './openapi.ts';
import { listProvidersRoute } from './providers.ts';
import { rescheduleBookingRoute } from './reschedule-booking.ts';
import { shortLinkRoute } from './short-link.ts';
import { staffAuditTrailRoute } from './staff-audit-trail.ts';
import { staffBookingAttendanceRoute } from './staff-booking-attendance.ts';
import { staffCancelBookingRoute } from './staff-cancel-booking.ts';
import { staffConsoleIndexRoute, staffConsoleRoute } from './staff-console.ts';
import { staffCreateBlockRoute } from './staff-create-block.ts';
import { staffCreateBookingRoute } from './staff-create-booking.ts';
import { staffDeleteBlockRoute } from './staff-delete-block.ts';
import { staffErasePersonRoute } from './staff-erase-person.ts';
import { staffExportBookingsRoute } from './staff-export-bookings.ts';
import { staffExportInquiriesRoute } from './staff-export-inquiries.ts';
import { staffGetBookingRoute } from './staff-get-booking.ts';
import { staffGetInquiryRoute } from './staff-get-inquiry.ts';
import { staffListBlocksRoute } from './staff-list-blocks.ts';
import { staffListBookingsRoute } from './staff-list-bookings.ts';
import { staffListInquiriesRoute } from './staff-list-inquiries.ts';
import { staffMeRoute } from './staff-me.ts';
import { staffRescheduleBookingRoute } from './staff-reschedule-booking.ts';
import { staffUpdateInquiryRoute } from './staff-update-inquiry.ts';

export const ROUTES: readonly RouteRecord[] = [
  healthRoute,
  openApiRoute,
  createInquiryRoute,
  listAppointmentTypesRoute,
  listProvidersRoute,
  getAvailabilityRoute,
  createBookingRoute,
  getBookingRoute,
  getBookingCalendarRoute,
  cancelBookingRoute,
  rescheduleBookingRoute,
  shortLinkRoute,
  confirmBookingPageRoute,
  confirmBookingRoute,
  staffMeRoute,
  staffConsoleIndexRoute,
  staffConsoleRoute,
  staffListInquiriesRoute,
  staffGetInquiryRoute,
  staffUpdateInquiryRoute,
  staffExportInquiriesRoute,
  staffAuditTrailRoute,
  staffListBookingsRoute,
  staffGetBookingRoute,
  staffCreateBookingRoute,
  staffCancelBookingRoute,
  staffRescheduleBookingRoute,
  staffBookingAttendanceRoute,
  staffExportBookingsRoute,
  staffListBlocksRoute,
  staffCreateBlockRoute,
  staffDeleteBlockRoute,
  staffErasePersonRoute,
];

/** The stream consumer that sends emails (not an HTTP route, but deployed beside them). */
export const NOTIFIER = { id: 'Notifier', entry: 'functions/notifier.ts', timeoutSeconds: 60 } as const;

/** The scheduled reminder runner (every minute; not an HTTP route either). */
export const REMINDER_RUNNER = {
  id: 'ReminderRunner',
  entry: 'functions/reminder-runner.ts',
  timeoutSeconds: 60,
  /** EventBridge's schedule expression. */
  schedule: 'rate(1 minute)',
} as const;
