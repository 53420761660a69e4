// The leads and audit routes of the staff API on the wire: one schema per input (validating the
// request and feeding the OpenAPI document) and the answers' schemas (for the document only).
import * as z from 'zod';
import { singleLineText } from '../inquiries/fields.ts';
import { checkedRange, localDate } from './date-range.ts';
import { LEAD_RANGE_DEFAULT_DAYS, LEAD_RANGE_MAX_DAYS, LEAD_STATES, NOTE_MAX } from './leads.ts';

/** The longest range of the audit trail asked at once, both days counted. */
export const AUDIT_RANGE_MAX_DAYS = 366;
export const PAGE_LIMIT_MAX = 100;
export const PAGE_LIMIT_DEFAULT = 50;

const pageFields = {
  limit: z.coerce
    .number()
    .int('Must be a whole number')
    .min(1, 'Must be at least 1')
    .max(PAGE_LIMIT_MAX, `Must be at most ${PAGE_LIMIT_MAX}`)
    .default(PAGE_LIMIT_DEFAULT)
    .describe(`Items per page, 1..${PAGE_LIMIT_MAX}`),
  cursor: z.string().min(1).max(2000).optional().describe('The `nextCursor` of the previous page'),
};

/** A `from`..`to` of local dates: in order and at most `maxDays` long, both days counted. */
function dateRange(maxDays: number, defaults: string) {
  return {
    shape: {
      from: z
        .optional(localDate)
        .describe(`First local date, YYYY-MM-DD in the clinic’s time zone; ${defaults}`),
      to: z
        .optional(localDate)
        .describe(`Last local date (included); at most ${maxDays} days, counting both`),
    },
    check: <T extends { from?: string | undefined; to?: string | undefined }>(schema: z.ZodType<T>) =>
      checkedRange(schema, maxDays),
  };
}

const leadRangeFields = dateRange(
  LEAD_RANGE_MAX_DAYS,
  `default: ${LEAD_RANGE_DEFAULT_DAYS} days up to \`to\``,
);

export const leadListQuery = leadRangeFields.check(
  z.object({
    status: z.enum(LEAD_STATES).optional().describe('Only leads with this status; absent: every status'),
    ...leadRangeFields.shape,
    q: singleLineText(100, { required: false })
      .optional()
      .describe('Text found in the name, email or phone, whatever its case'),
    ...pageFields,
  }),
);
export type LeadListQuery = z.infer<typeof leadListQuery>;

export const leadExportQuery = leadRangeFields.check(z.object(leadRangeFields.shape));

export const leadIdParams = z.object({
  id: z
    .string()
    .regex(/^[0-9A-HJKMNP-TV-Z]{26}$/)
    .describe('The lead id (a ULID)'),
});

export const LEAD_NOT_FOUND = 'There is no lead with this id';

export const leadChangeBody = z
  .object({
    status: z.enum(LEAD_STATES).optional().describe('`handled`, `spam`, or `new` again'),
    note: z
      .string()
      .trim()
      .min(1, 'Write the note, or leave the field out')
      .max(NOTE_MAX, `Must be at most ${NOTE_MAX} characters`)
      .optional()
      .describe(`A note for the team (at most ${NOTE_MAX} characters), kept with who wrote it and when`),
  })
  .refine((body) => body.status !== undefined || body.note !== undefined, {
    message: 'Send a status, a note, or both',
  });
export type LeadChangeBody = z.infer<typeof leadChangeBody>;

const auditRangeFields = dateRange(
  AUDIT_RANGE_MAX_DAYS,
  `default: ${LEAD_RANGE_DEFAULT_DAYS} days up to \`to\``,
);

export const auditTrailQuery = auditRangeFields.check(
  z.object({
    ...auditRangeFields.shape,
    actor: z
      .email('Enter the staff member’s email')
      .max(254)
      .optional()
      .describe('Only this member’s entries (their email, any case)'),
    recordId: z
      .string()
      .trim()
      .min(1)
      .max(300)
      .optional()
      .describe('Only entries about this record (a lead’s or booking’s id, or a list’s range)'),
    ...pageFields,
  }),
);
export type AuditTrailQuery = z.infer<typeof auditTrailQuery>;

// The answers, for the OpenAPI document (the code builds them; `format` is documentation).
const actorSchema = z
  .object({ sub: z.string(), email: z.string() })
  .describe('Who: the member’s pool id and email');
const instant = z.string().meta({ format: 'date-time' });

export const leadSummarySchema = z.object({
  id: z.string().describe('The lead id (a ULID)'),
  receivedAt: instant.describe('When it arrived (RFC 3339, UTC)'),
  status: z.enum(LEAD_STATES),
  name: z.string(),
  email: z.string(),
  phone: z.string().optional().describe('E.164'),
  topic: z.string().optional(),
  preferredContact: z.string().optional().describe('`email`, `phone` or `text`'),
  captcha: z.unknown().optional().describe('The CAPTCHA’s verdict, when the clinic uses one'),
});

export const leadPageSchema = z.object({
  items: z.array(leadSummarySchema).describe('Newest first'),
  nextCursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last'),
});

export const leadDetailSchema = leadSummarySchema.extend({
  message: z.string(),
  consent: z.boolean().describe('The patient agreed to be contacted'),
  customFields: z.record(z.string(), z.string()).describe('The clinic’s own form fields, by name'),
  attribution: z.record(z.string(), z.string()).describe('Where the lead came from (utm_*, referrer, page)'),
  notes: z.array(z.object({ at: instant, actor: actorSchema, text: z.string() })).describe('Oldest first'),
  history: z
    .array(
      z.object({
        at: instant,
        action: z.enum(['received', 'marked_new', 'marked_handled', 'marked_spam']),
        actor: actorSchema.optional().describe('Absent for the patient’s own submission'),
      }),
    )
    .describe('Oldest first'),
  messages: z
    .array(
      z.object({
        channel: z.literal('email'),
        kind: z
          .string()
          .describe('`staff` (the front desk’s notice) or `ack` (the patient’s acknowledgement)'),
        status: z.enum(['sent', 'failed']),
        at: instant,
      }),
    )
    .describe('Every email the lead called for, with its delivery state'),
});

export const auditPageSchema = z.object({
  items: z
    .array(
      z.object({
        id: z.string(),
        at: instant,
        actor: actorSchema,
        action: z.string().describe('`inquiry.read`, `booking.cancelled`, …'),
        recordId: z.string(),
        ip: z.string().describe('The client address API Gateway saw'),
      }),
    )
    .describe('Newest first'),
  nextCursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last'),
});
