// The outbox planner for leads (kind 'inquiry'): which emails a stored lead calls for. Pure, and
// the same lead always plans the same ids, so a retried stream batch never sends one twice.
import type { ClinicConfig } from '../config/schema.ts';
import { INQUIRY_KIND, type LeadItem } from '../inquiries/lead.ts';
import { renderAcknowledgement, renderStaffNotification } from './inquiry-emails.ts';
import { frontDesk, type OutgoingEmail } from './message.ts';
import type { MessagePlanner, StreamChange } from './planner.ts';

export const STAFF_EMAIL_ID = 'staff';
export const ACK_EMAIL_ID = 'ack';

function receivedLead(change: StreamChange): LeadItem | undefined {
  const item = change.newItem as Partial<LeadItem> | undefined;
  if (change.eventName === 'REMOVE' || item?.kind !== INQUIRY_KIND) return undefined;
  // Spam is never emailed. A lead a person later moves out of spam is planned then, once.
  return item.status === 'received' ? (item as LeadItem) : undefined;
}

export function planInquiryEmails(
  config: Pick<ClinicConfig, 'clinic' | 'email' | 'forms'>,
  change: StreamChange,
): OutgoingEmail[] {
  const lead = receivedLead(change);
  if (!lead) return [];
  const emails: OutgoingEmail[] = [
    {
      id: STAFF_EMAIL_ID,
      to: config.email.staff,
      replyTo: lead.email,
      ...renderStaffNotification(config, lead),
    },
  ];
  if (config.email.autoReply) {
    emails.push({
      id: ACK_EMAIL_ID,
      to: [lead.email],
      replyTo: frontDesk(config),
      ...renderAcknowledgement(config, lead),
    });
  }
  return emails;
}

/** The planner as the registry holds it: the clinic config is read when a change comes in. */
export function inquiryEmailPlanner(
  config: () => Pick<ClinicConfig, 'clinic' | 'email' | 'forms'>,
): MessagePlanner {
  return (change) => planInquiryEmails(config(), change);
}
