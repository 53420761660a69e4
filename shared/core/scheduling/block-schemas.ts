// The block routes' input and output schemas (API.md "Staff"): one zod schema per input validates
// the request, types the handler and feeds the OpenAPI document.
import { REQUIRED_MESSAGE, singleLineText } from '../inquiries/fields.ts';
import { isLocalDate, localDateString } from '../local-date.ts';
import * as z from '../zod.ts';
import { MAX_BLOCK_DAYS } from './blocks.ts';

const DAY_MS = 86_400_000;
/** The longest `from`..`to` of the block list, both days included: the agenda's. */
export const MAX_BLOCK_LIST_DAYS = 31;
export const BLOCK_REASON_MAX = 200;

const instant = (what: string) =>
  z.iso
    .datetime({
      offset: true,
      error: (issue) =>
        issue.input === undefined
          ? REQUIRED_MESSAGE
          : 'Enter a date and time with a UTC offset, such as 2026-12-01T09:00:00-05:00',
    })
    .check(z.describe(`${what}: RFC 3339 with a UTC offset (or Z)`));

const configId = z
  .string()
  .check(
    z.trim(),
    z.minLength(1, REQUIRED_MESSAGE),
    z.maxLength(63, 'Must be at most 63 characters'),
    z.regex(/^[a-z0-9][a-z0-9-]*$/, 'Must be a provider id from the clinic configuration'),
  );

export const createBlockBody = z
  .object({
    providerId: z
      .optional(z.nullable(configId))
      .check(
        z.describe('The provider whose time is blocked; absent or null: the whole clinic (every provider)'),
      ),
    start: instant('First instant blocked'),
    end: instant(`First instant no longer blocked; at most ${MAX_BLOCK_DAYS} days after start`),
    reason: z
      .optional(singleLineText(BLOCK_REASON_MAX, { required: false }))
      .check(z.describe('Shown to staff only (it may be personal: it is audited on every read)')),
    cancelAffected: z
      ._default(z.boolean(), false)
      .check(
        z.describe(
          'Cancel the confirmed bookings in the way (their patients are emailed) instead of answering 409',
        ),
      ),
  })
  .check(
    z.superRefine((body, ctx) => {
      const start = Date.parse(body.start);
      const end = Date.parse(body.end);
      if (Number.isNaN(start) || Number.isNaN(end)) return;
      if (end <= start) ctx.addIssue({ code: 'custom', path: ['end'], message: 'Must be after start' });
      else if (end - start > MAX_BLOCK_DAYS * DAY_MS) {
        ctx.addIssue({
          code: 'custom',
          path: ['end'],
          message: `Must be at most ${MAX_BLOCK_DAYS} days after start`,
        });
      }
    }),
  );
export type CreateBlockInput = z.output<typeof createBlockBody>;

const DATE_MESSAGES = { format: 'Enter a date as YYYY-MM-DD', calendar: 'Enter a real calendar date' };

export const listBlocksQuery = z
  .object({
    from: localDateString(DATE_MESSAGES, "First local date, YYYY-MM-DD in the clinic's time zone"),
    to: localDateString(
      DATE_MESSAGES,
      `Last local date (included); at most ${MAX_BLOCK_LIST_DAYS} days, counting both`,
    ),
    provider: z
      .optional(configId)
      .check(z.describe('Only the blocks that hold this provider: their own and the clinic-wide ones')),
  })
  .check(
    z.superRefine((query, ctx) => {
      if (!isLocalDate(query.from) || !isLocalDate(query.to)) return;
      if (query.to < query.from)
        ctx.addIssue({ code: 'custom', path: ['to'], message: 'Must be on or after from' });
      else if ((Date.parse(query.to) - Date.parse(query.from)) / DAY_MS + 1 > MAX_BLOCK_LIST_DAYS) {
        ctx.addIssue({
          code: 'custom',
          path: ['to'],
          message: `Must be at most ${MAX_BLOCK_LIST_DAYS} days from from, counting both`,
        });
      }
    }),
  );
export type ListBlocksQuery = z.output<typeof listBlocksQuery>;

/** A block id is a ULID; anything else is not looked up (the same 404 as an unknown id). */
export const blockIdParams = z.object({
  id: z.string().check(z.regex(/^[0-9A-HJKMNP-TV-Z]{26}$/), z.describe('The block id (a ULID)')),
});

const at = (description: string) =>
  z.string().check(z.meta({ format: 'date-time' }), z.describe(description));

export const blockViewSchema = z.object({
  id: z.string(),
  providerId: z.nullable(z.string()).check(z.describe('null: the whole clinic')),
  start: at("RFC 3339 with the clinic's UTC offset at that instant"),
  end: at('First instant no longer blocked, written the same way'),
  reason: z.nullable(z.string()),
  createdBy: z.string().check(z.describe('The email of the staff member who made it')),
  createdAt: at('When it was made (UTC)'),
});
export type BlockView = z.output<typeof blockViewSchema>;

export const blockListSchema = z.object({
  items: z
    .array(blockViewSchema)
    .check(z.describe('Every block that meets the range, sorted by start (not paged)')),
});
