// Which planner handles which kind of item (the item's `kind` attribute). Each feature adds its own.
import { clinicConfig } from '../config/runtime.ts';
import { inquiryEmailPlanner } from '../inquiries/notifications.ts';
import { NOTICE_KIND } from '../scheduling/bookings/notice.ts';
import { planBookingNoticeEmails } from '../scheduling/emails.ts';
import type { PlannerRegistration } from './planner.ts';

export const PLANNERS: Readonly<Record<string, PlannerRegistration>> = {
  inquiry: { plan: inquiryEmailPlanner(clinicConfig) },
  // A booking notice exists only to carry its emails (and the manage link's token): gone once sent.
  [NOTICE_KIND]: {
    plan: (change) => planBookingNoticeEmails(clinicConfig(), change),
    deleteItemWhenDelivered: true,
  },
};
