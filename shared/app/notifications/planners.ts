// Which planner handles which kind of item (the item's `kind` attribute): the emails and texts a
// change to it calls for. Each feature adds its own.
import type { ClinicConfig } from '../../core/config/schema.ts';
import { AGENDA_NOTICE_KIND, planAgendaEmails } from '../../core/messages/agenda-messages.ts';
import { planBookingNoticeEmails } from '../../core/messages/booking-emails.ts';
import { inquiryEmailPlanner } from '../../core/messages/inquiry-plan.ts';
import type { PlannerRegistration } from '../../core/messages/planner.ts';
import { planReminderMessages } from '../../core/messages/reminder-messages.ts';
import { NOTICE_KIND } from '../../core/scheduling/notice.ts';
import { REMINDER_NOTICE_KIND } from '../../core/scheduling/reminders.ts';

/** The planners, reading the clinic config through `config` each time (tests swap it). */
export function messagePlanners(config: () => ClinicConfig): Readonly<Record<string, PlannerRegistration>> {
  return {
    inquiry: { plan: inquiryEmailPlanner(config) },
    // A booking notice exists only to carry its emails (and the manage link's token): gone once sent.
    [NOTICE_KIND]: {
      plan: (change) => planBookingNoticeEmails(config(), change),
      deleteItemWhenDelivered: true,
    },
    // A released reminder: its one email or text, then the notice goes (a text to a number that
    // opted out is refused for good, so the notice goes then too).
    [REMINDER_NOTICE_KIND]: {
      plan: (change) => planReminderMessages(config(), change),
      deleteItemWhenDelivered: true,
    },
    // The daily agenda to the staff: its one email, then the notice goes (its marker stays).
    [AGENDA_NOTICE_KIND]: {
      plan: (change) => planAgendaEmails(config(), change),
      deleteItemWhenDelivered: true,
    },
  };
}
