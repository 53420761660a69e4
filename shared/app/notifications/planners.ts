// Which planner handles which kind of item (the item's `kind` attribute). Each feature adds its own.
import { clinicConfig } from '../../config/runtime.ts';
import { planBookingNoticeEmails } from '../../core/messages/booking-emails.ts';
import { inquiryEmailPlanner } from '../../core/messages/inquiry-plan.ts';
import type { PlannerRegistration } from '../../core/messages/planner.ts';
import { NOTICE_KIND } from '../../core/scheduling/notice.ts';

export const PLANNERS: Readonly<Record<string, PlannerRegistration>> = {
  inquiry: { plan: inquiryEmailPlanner(clinicConfig) },
  // A booking notice exists only to carry its emails (and the manage link's token): gone once sent.
  [NOTICE_KIND]: {
    plan: (change) => planBookingNoticeEmails(clinicConfig(), change),
    deleteItemWhenDelivered: true,
  },
};
