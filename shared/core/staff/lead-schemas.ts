// The leads and audit routes of the staff API on the wire: one schema per input (validating the
// request and feeding the OpenAPI document) and the answers' schemas (for the document only).
import { singleLineText } from '../inquiries/fields.ts';
import * as z from '../zod.ts';
import { checkedRange, localDate } from './date-range.ts';
import { LEAD_RANGE_DEFAULT_DAYS, LEAD_RANGE_MAX_DAYS, LEAD_STATES, NOTE_MAX } from './leads.ts';

/** The longest range of the audit trail asked at once, both days counted. */
export const AUDIT_RANGE_MAX_DAYS = 366;
export const PAGE_LIMIT_MAX = 100;
export const PAGE_LIMIT_DEFAULT = 50;

const pageFields = {
  limit: z
    ._default(
      z.coerce
        .number()
        .check(
          z.int('Must be a whole number'),
          z.gte(1, 'Must be at least 1'),
          z.lte(PAGE_LIMIT_MAX, `Must be at most ${PAGE_LIMIT_MAX}`),
        ),
      PAGE_LIMIT_DEFAULT,
    )
    .check(z.describe(`Items per page, 1..${PAGE_LIMIT_MAX}`)),
  cursor: z
    .optional(z.string().check(z.minLength(1), z.maxLength(2000)))
    .check(z.describe('The `nextCursor` of the previous page')),
};

/** A `from`..`to` of local dates: in order and at most `maxDays` long, both days counted. */
function dateRange(maxDays: number, defaults: string) {
  return {
    shape: {
      from: z
        .optional(localDate)
        .check(z.describe(`First local date, YYYY-MM-DD in the clinic’s time zone; ${defaults}`)),
      to: z
        .optional(localDate)
        .check(z.describe(`Last local date (included); at most ${maxDays} days, counting both`)),
    },
    check: <S extends z.ZodMiniType<{ from?: string | undefined; to?: string | undefined }>>(schema: S) =>
      checkedRange(schema, maxDays),
  };
}

const leadRangeFields = dateRange(
  LEAD_RANGE_MAX_DAYS,
  `default: ${LEAD_RANGE_DEFAULT_DAYS} days up to \`to\``,
);

export const leadListQuery = leadRangeFields.check(
  z.object({
    status: z
      .optional(z.enum(LEAD_STATES))
      .check(z.describe('Only leads with this status; absent: every status')),
    ...leadRangeFields.shape,
    q: z
      .optional(singleLineText(100, { required: false }))
      .check(z.describe('Text found in the name, email or phone, whatever its case')),
    ...pageFields,
  }),
);
export type LeadListQuery = z.infer<typeof leadListQuery>;

export const leadExportQuery = leadRangeFields.check(z.object(leadRangeFields.shape));

export const leadIdParams = z.object({
  id: z.string().check(z.regex(/^[0-9A-HJKMNP-TV-Z]{26}$/), z.describe('The lead id (a ULID)')),
});

export const LEAD_NOT_FOUND = 'There is no lead with this id';

export const leadChangeBody = z
  .object({
    status: z.optional(z.enum(LEAD_STATES)).check(z.describe('`handled`, `spam`, or `new` again')),
    note: z
      .optional(
        z
          .string()
          .check(
            z.trim(),
            z.minLength(1, 'Write the note, or leave the field out'),
            z.maxLength(NOTE_MAX, `Must be at most ${NOTE_MAX} characters`),
          ),
      )
      .check(
        z.describe(`A note for the team (at most ${NOTE_MAX} characters), kept with who wrote it and when`),
      ),
  })
  .check(
    z.refine((body) => body.status !== undefined || body.note !== undefined, {
      message: 'Send a status, a note, or both',
    }),
  );
export type LeadChangeBody = z.infer<typeof leadChangeBody>;

const auditRangeFields = dateRange(
  AUDIT_RANGE_MAX_DAYS,
  `default: ${LEAD_RANGE_DEFAULT_DAYS} days up to \`to\``,
);

export const auditTrailQuery = auditRangeFields.check(
  z.object({
    ...auditRangeFields.shape,
    actor: z
      .optional(z.email('Enter the staff member’s email').check(z.maxLength(254)))
      .check(z.describe('Only this member’s entries (their email, any case)')),
    recordId: z
      .optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(300)))
      .check(z.describe('Only entries about this record (a lead’s or booking’s id, or a list’s range)')),
    ...pageFields,
  }),
);
export type AuditTrailQuery = z.infer<typeof auditTrailQuery>;

// The answers, for the OpenAPI document (the code builds them; `format` is documentation).
const actorSchema = z
  .object({ sub: z.string(), email: z.string() })
  .check(z.describe('Who: the member’s pool id and email'));
const instant = z.string().check(z.meta({ format: 'date-time' }));

export const leadSummarySchema = z.object({
  id: z.string().check(z.describe('The lead id (a ULID)')),
  receivedAt: instant.check(z.describe('When it arrived (RFC 3339, UTC)')),
  status: z.enum(LEAD_STATES),
  name: z.string(),
  email: z.string(),
  phone: z.optional(z.string()).check(z.describe('E.164')),
  topic: z.optional(z.string()),
  preferredContact: z.optional(z.string()).check(z.describe('`email`, `phone` or `text`')),
  captcha: z.optional(z.unknown()).check(z.describe('The CAPTCHA’s verdict, when the clinic uses one')),
});

export const leadPageSchema = z.object({
  items: z.array(leadSummarySchema).check(z.describe('Newest first')),
  nextCursor: z
    .nullable(z.string())
    .check(z.describe('Pass as `cursor` for the next page; null on the last')),
});

export const leadDetailSchema = z.extend(leadSummarySchema, {
  message: z.string(),
  consent: z.boolean().check(z.describe('The patient agreed to be contacted')),
  customFields: z.record(z.string(), z.string()).check(z.describe('The clinic’s own form fields, by name')),
  attribution: z
    .record(z.string(), z.string())
    .check(z.describe('Where the lead came from (utm_*, referrer, page)')),
  notes: z
    .array(z.object({ at: instant, actor: actorSchema, text: z.string() }))
    .check(z.describe('Oldest first')),
  history: z
    .array(
      z.object({
        at: instant,
        action: z.enum(['received', 'marked_new', 'marked_handled', 'marked_spam']),
        actor: z.optional(actorSchema).check(z.describe('Absent for the patient’s own submission')),
      }),
    )
    .check(z.describe('Oldest first')),
  messages: z
    .array(
      z.object({
        channel: z.literal('email'),
        kind: z
          .string()
          .check(z.describe('`staff` (the front desk’s notice) or `ack` (the patient’s acknowledgement)')),
        status: z.enum(['sent', 'failed']),
        at: instant,
      }),
    )
    .check(z.describe('Every email the lead called for, with its delivery state')),
});

export const auditPageSchema = z.object({
  items: z
    .array(
      z.object({
        id: z.string(),
        at: instant,
        actor: actorSchema,
        action: z.string().check(z.describe('`inquiry.read`, `booking.cancelled`, …')),
        recordId: z.string(),
        ip: z.string().check(z.describe('The client address API Gateway saw')),
      }),
    )
    .check(z.describe('Newest first')),
  nextCursor: z
    .nullable(z.string())
    .check(z.describe('Pass as `cursor` for the next page; null on the last')),
});
