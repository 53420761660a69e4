// The clinic configuration (../../docs/config.md): one zod schema validates it at synth, at
// `npm run dev` and in the tests, and generates config/clinic-config.schema.json for editors.
import { isSupportedCountry } from 'libphonenumber-js/min';
import * as z from 'zod';
import { isLocalDate, LOCAL_DATE_TIME, localDateString } from '../local-date.ts';
import { INQUIRY_FIELD_NAMES } from './field-names.ts';
import { minutesOfDay, providerOffersType, WEEKDAYS, type Weekday } from './hours.ts';
import { MAX_ACTIVE_BOOKINGS_PER_PATIENT, MAX_RATE_LIMIT_PER_HOUR } from './limits.ts';
import { checkFrontDoorOps, OPS_FRONT_DOOR_KEYS } from './ops.ts';

const DAYS = WEEKDAYS;

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const id = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9-]{0,62}$/,
    'must be 1–63 lower-case letters, digits or hyphens, starting with a letter or digit',
  );
const wholeMinutes = z.number().int('must be a whole number of minutes');
const positiveMinutes = wholeMinutes.positive('must be a positive whole number of minutes');
/** `scheduling.calendarTitle`: text with {clinic} and {provider} only — nothing that could name a treatment. */
const CALENDAR_TITLE_PATTERN = /^(?:[^{}]|\{clinic\}|\{provider\})*$/;
const nonNegativeMinutes = wholeMinutes.nonnegative('must be zero or a positive whole number of minutes');

const CLOCK_TIME = /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const clockTime = z.string().regex(CLOCK_TIME, 'must be a 24-hour time "HH:MM" (00:00 to 24:00)');
const DATE_MESSAGES = { format: 'must be a date "YYYY-MM-DD"', calendar: 'is not a calendar date' };
const localDateTime = z
  .string()
  .regex(LOCAL_DATE_TIME, 'must be a local date and time "YYYY-MM-DDTHH:MM"')
  .refine((v) => isLocalDate(v.slice(0, 10)), 'is not a calendar date');

// Only web pages: a `javascript:` or `data:` URL is a valid URL but never a place to send a patient.
const WEB_URL_MESSAGE = 'must be a web address starting with https:// or http://';
const webUrl = z.url({ protocol: /^https?$/, error: WEB_URL_MESSAGE });
const emailAddress = z.email('must be an email address').max(254);
/** `Name <address>` or a bare address, as SES accepts in `Source`. */
const mailbox = z
  .string()
  .trim()
  .refine((value) => {
    const match = /^(?:[^<>]*<([^<>]+)>|([^<>\s]+))$/.exec(value);
    const address = match?.[1] ?? match?.[2];
    return address !== undefined && emailAddress.safeParse(address.trim()).success;
  }, 'must be an address, or "Name <address>"');

function isExactOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
  } catch {
    return false;
  }
}
const origin = z
  .string()
  // `*` gets its own message: it is the one wrong value ops are likely to try on purpose.
  .refine((value) => value !== '*', {
    message: '"*" (any website) is not allowed; list each website origin, such as https://www.example.com',
    abort: true,
  })
  .refine(
    isExactOrigin,
    'must be an exact origin such as https://www.example.com (scheme, host and optional port; no path, no trailing slash)',
  );

const interval = z
  .tuple([clockTime, clockTime], { error: 'must be a pair of times ["HH:MM", "HH:MM"] (start, end)' })
  .describe('[start, end): opens at start, closes at end; "24:00" is allowed as an end');
const dayHours = z
  .array(interval)
  .superRefine((intervals, ctx) => {
    // A malformed time already has its own issue; comparing it would only add noise.
    const wellFormed = (pair: readonly string[]) =>
      pair.length === 2 && pair.every((t) => CLOCK_TIME.test(t));
    intervals.forEach(([start, end], index) => {
      if (!wellFormed([start, end])) return;
      if (minutesOfDay(end) <= minutesOfDay(start)) {
        ctx.addIssue({
          code: 'custom',
          path: [index],
          message: `ends (${end}) before or when it starts (${start})`,
        });
      }
      const previous = intervals[index - 1];
      if (previous && wellFormed(previous) && minutesOfDay(start) < minutesOfDay(previous[1])) {
        ctx.addIssue({
          code: 'custom',
          path: [index],
          message: `${start}–${end} overlaps or comes before ${previous[0]}–${previous[1]}; list a day's intervals in order, without overlap`,
        });
      }
    });
  })
  .describe('Opening intervals of the day, in order and not overlapping; an empty list means closed');
const weeklyHours = z
  .strictObject(
    Object.fromEntries(DAYS.map((day) => [day, dayHours.optional()])) as {
      [K in Weekday]: z.ZodOptional<typeof dayHours>;
    },
  )
  .describe('mon..sun → list of local ["HH:MM", "HH:MM"] intervals; a missing day is closed');

const reason = z.string().max(200).optional().describe('Shown to staff only');
const localRange = z
  .strictObject({
    start: localDateTime.describe('First local minute of the range, "YYYY-MM-DDTHH:MM"'),
    end: localDateTime.describe('End of the range (exclusive), "YYYY-MM-DDTHH:MM"'),
    reason,
  })
  .superRefine((range, ctx) => {
    // Same fixed-width format on both sides, so string order is time order.
    if (range.end <= range.start) {
      ctx.addIssue({ code: 'custom', path: ['end'], message: `must be after start (${range.start})` });
    }
  });
const closure = z
  .union(
    [
      z
        .strictObject({
          date: localDateString(DATE_MESSAGES, 'Local date closed all day, "YYYY-MM-DD"'),
          reason,
        })
        .describe('A whole local date'),
      localRange.describe('A local [start, end) range'),
    ],
    {
      error:
        'must be either a closed day {"date": "YYYY-MM-DD"} or a closed range {"start": "YYYY-MM-DDTHH:MM", "end": "YYYY-MM-DDTHH:MM"}, each with an optional "reason"',
    },
  )
  .describe('A whole local date, or a local [start, end) range');

/** One reminder: how long before the start it goes, and by which channels. */
const reminder = z.strictObject({
  offsetMinutes: positiveMinutes
    .max(60 * 24 * 30, 'must be at most 43200 (30 days)')
    .describe('How many minutes before the start the reminder goes out'),
  channels: z
    .array(z.enum(['email', 'sms'], { error: 'must be "email" or "sms"' }))
    .min(1, 'needs at least one channel (leave the key out for both)')
    .default(['email', 'sms'])
    .describe(
      'email, sms or both; a text goes only to a patient who gave smsConsent, and only when `sms` is set',
    ),
});
const reminders = z
  .array(reminder)
  .max(5, 'takes at most 5 reminders')
  .superRefine((list, ctx) => {
    for (const [dup, index] of repeated(list.map((r) => String(r.offsetMinutes)))) {
      ctx.addIssue({
        code: 'custom',
        path: [index, 'offsetMinutes'],
        message: `a reminder ${dup} minutes before is listed twice`,
      });
    }
  });

const appointmentType = z
  .strictObject({
    id: id.describe('Stable id used in the API and in bookings; do not rename once live'),
    name: z.string().min(1).max(100).describe('Name shown to patients'),
    description: z.string().max(500).optional().describe('Shown to patients'),
    durationMinutes: positiveMinutes.describe('Length of the appointment in minutes'),
    slotIntervalMinutes: positiveMinutes
      .optional()
      .describe('Step between candidate starts; default: the duration'),
    bufferBeforeMinutes: nonNegativeMinutes
      .default(0)
      .describe('Time kept free before a booking of this type'),
    bufferAfterMinutes: nonNegativeMinutes.default(0).describe('Time kept free after a booking of this type'),
    reminders: reminders
      .optional()
      .describe("Replaces the clinic's scheduling.reminders for this type ([]: no reminders)"),
  })
  .transform((type) => ({ ...type, slotIntervalMinutes: type.slotIntervalMinutes ?? type.durationMinutes }));

const provider = z.strictObject({
  id: id.describe('Stable id used in the API and in bookings; do not rename once live'),
  name: z.string().min(1).max(100).describe('Name shown to patients'),
  appointmentTypes: z
    .array(id)
    .min(1, 'needs at least one appointment type (leave the key out to offer all)')
    .optional()
    .describe('Ids of the appointment types this provider offers; default: all'),
  weeklyHours: weeklyHours.optional().describe("Replaces the clinic's weekly hours for this provider"),
  timeOff: z.array(localRange).default([]).describe('Local [start, end) ranges when this provider is away'),
});

/** Names the inquiry form already uses; a custom field may not take one of them. */
export const RESERVED_FIELD_NAMES = INQUIRY_FIELD_NAMES;

const customField = z.strictObject({
  name: z
    .string()
    .regex(
      /^[A-Za-z][A-Za-z0-9_]{0,49}$/,
      'must be 1–50 letters, digits or underscores, starting with a letter',
    )
    .refine((name) => !(RESERVED_FIELD_NAMES as readonly string[]).includes(name), 'is a built-in field name')
    .describe('Form field name'),
  label: z.string().min(1).max(100).describe('Label used in the staff email'),
  maxLength: z.number().int().min(1).max(5000).default(500).describe('Longest accepted value, in characters'),
  required: z.boolean().default(false),
});

const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

function safeDecodeURI(url: string): string {
  try {
    return decodeURI(url);
  } catch {
    return url;
  }
}

/** The ids that occur more than once, each with the index of its last occurrence. */
function repeated(ids: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  ids.forEach((value, index) => {
    if (ids.indexOf(value) !== index) out.set(value, index);
  });
  return out;
}

const bookingLimits = z.strictObject({
  perClientIpPerHour: z
    .number()
    .int()
    .positive()
    // The same limiter as forms.rateLimitPerHour: one timestamp per allowed attempt in one item.
    .max(MAX_RATE_LIMIT_PER_HOUR, `must be at most ${MAX_RATE_LIMIT_PER_HOUR}`)
    .default(5)
    .describe('Booking attempts accepted from one client address in a rolling hour (then 429)'),
  activeBookingsPerPatient: z
    .number()
    .int()
    .positive()
    .max(MAX_ACTIVE_BOOKINGS_PER_PATIENT, `must be at most ${MAX_ACTIVE_BOOKINGS_PER_PATIENT}`)
    .default(3)
    .describe(
      'Future confirmed bookings one patient (the same email or the same phone) may hold when booking online',
    ),
});

const scheduling = z
  .strictObject({
    minNoticeMinutes: nonNegativeMinutes
      .default(120)
      .describe('Earliest bookable start, in minutes from now'),
    maxAdvanceDays: z
      .number()
      .int()
      .positive()
      .max(730)
      .default(60)
      .describe('Latest bookable day, in days from today'),
    minChangeNoticeMinutes: nonNegativeMinutes
      .default(1440)
      .describe('Patients may cancel or reschedule until this many minutes before the start'),
    // A URL template: `{` and `}` are not URI characters, so JSON Schema's "uri" format would refuse it.
    undoGraceMinutes: nonNegativeMinutes
      .max(1440, 'must be at most 1440 minutes')
      .default(15)
      .describe(
        'A booking made less than this long ago may be cancelled online even within minChangeNoticeMinutes (0: no grace)',
      ),
    calendarTitle: z
      .string()
      .trim()
      .min(1, 'must not be empty')
      .max(120, 'must be at most 120 characters')
      .regex(
        CALENDAR_TITLE_PATTERN,
        'may contain only the placeholders {clinic} and {provider} (no other {…}, no lone { or })',
      )
      .default('Appointment at {clinic}')
      .describe(
        "The calendar invite's title (SUMMARY); may contain {clinic} and {provider}, never the appointment type",
      ),
    manageBookingUrl: z
      .string()
      .refine((url) => webUrl.safeParse(url).success, { message: WEB_URL_MESSAGE, abort: true })
      .refine((url) => {
        const text = safeDecodeURI(url);
        return text.includes('{id}') && text.includes('{token}');
      }, 'must contain {id} and {token}')
      .optional()
      .describe('Page on the website where patients manage a booking; must contain {id} and {token}'),
    weeklyHours: weeklyHours.describe(
      'Clinic opening hours: mon..sun → list of local ["HH:MM", "HH:MM"] intervals',
    ),
    closures: z
      .array(closure)
      .default([])
      .describe('Clinic-wide closures: whole local dates or local ranges'),
    appointmentTypes: z.array(appointmentType).min(1, 'needs at least one appointment type'),
    providers: z.array(provider).min(1, 'needs at least one provider'),
    reminders: reminders
      .default([{ offsetMinutes: 1440, channels: ['email', 'sms'] }])
      .describe("Reminders before each booking, by email and (with the patient's smsConsent) text"),
    limits: bookingLimits
      .prefault({})
      .describe('How much one client address and one patient may book online (staff are not limited)'),
  })
  // Cross-references are checked here rather than on the whole file, so that a problem elsewhere
  // (say a missing clinic.timeZone) does not hide them.
  .superRefine(({ appointmentTypes, providers }, ctx) => {
    for (const [dup, index] of repeated(appointmentTypes.map((t) => t.id))) {
      ctx.addIssue({
        code: 'custom',
        path: ['appointmentTypes', index, 'id'],
        message: `appointment type id "${dup}" is used twice`,
      });
    }
    for (const [dup, index] of repeated(providers.map((p) => p.id))) {
      ctx.addIssue({
        code: 'custom',
        path: ['providers', index, 'id'],
        message: `provider id "${dup}" is used twice`,
      });
    }
    const typeIds = new Set(appointmentTypes.map((t) => t.id));
    providers.forEach((p, providerIndex) => {
      const offered = p.appointmentTypes ?? [];
      offered.forEach((typeId, typeIndex) => {
        if (!typeIds.has(typeId) && offered.indexOf(typeId) === typeIndex) {
          ctx.addIssue({
            code: 'custom',
            path: ['providers', providerIndex, 'appointmentTypes', typeIndex],
            message: `unknown appointment type "${typeId}"`,
          });
        }
      });
      for (const [dup, index] of repeated(offered)) {
        ctx.addIssue({
          code: 'custom',
          path: ['providers', providerIndex, 'appointmentTypes', index],
          message: `lists "${dup}" twice`,
        });
      }
    });
    // An empty provider list or an empty offer already has its own problem; blaming every type too is noise.
    if (providers.length === 0 || providers.some((p) => p.appointmentTypes?.length === 0)) return;
    appointmentTypes.forEach((type, index) => {
      if (!providers.some((p) => providerOffersType(p, type.id))) {
        ctx.addIssue({
          code: 'custom',
          path: ['appointmentTypes', index, 'id'],
          message: `no provider offers appointment type "${type.id}"`,
        });
      }
    });
  });

const forms = z
  .strictObject({
    thankYouUrl: webUrl.optional().describe('Where a browser form post is redirected after success'),
    honeypotField: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_-]{0,49}$/, 'must be a form field name')
      .default('_gotcha')
      .describe('Hidden field that only bots fill in'),
    rateLimitPerHour: z
      .number()
      .int()
      .positive()
      // The limiter keeps one timestamp per allowed submission in one item; DynamoDB's 4 KB
      // update-expression limit puts the ceiling near 100.
      .max(MAX_RATE_LIMIT_PER_HOUR, `must be at most ${MAX_RATE_LIMIT_PER_HOUR}`)
      .default(10)
      .describe('Inquiries accepted per sender per hour'),
    requireConsent: z.boolean().default(true).describe('Refuse an inquiry without the consent checkbox'),
    customFields: z.array(customField).default([]).describe('Extra form fields passed on to staff'),
  })
  .superRefine((config, ctx) => {
    const names = config.customFields.map((f) => f.name);
    for (const [dup, index] of repeated(names)) {
      ctx.addIssue({
        code: 'custom',
        path: ['customFields', index, 'name'],
        message: `custom field "${dup}" is declared twice`,
      });
    }
    if (names.includes(config.honeypotField)) {
      ctx.addIssue({
        code: 'custom',
        path: ['honeypotField'],
        message: 'must not be the name of a custom field',
      });
    }
  });

const staff = z
  .strictObject({
    mfa: z
      .enum(['required', 'optional', 'off'], { error: 'must be "required", "optional" or "off"' })
      .default('required')
      .describe('Multi-factor sign-in (TOTP) for staff: required, optional (each user chooses) or off'),
    admins: z
      .array(emailAddress)
      .default([])
      .superRefine((admins, ctx) => {
        // Case-insensitive: Cognito treats the addresses as one user, and the stack would try to create it twice.
        const lowered = admins.map((address) => address.toLowerCase());
        for (const [dup, index] of repeated(lowered)) {
          ctx.addIssue({ code: 'custom', path: [index], message: `"${dup}" is listed twice` });
        }
      })
      .describe('Email addresses the stack invites as the first admin users (each gets an email)'),
  })
  .describe('Staff sign-in (the Cognito user pool of the staff console)');

const sms = z
  .strictObject({
    originationIdentity: z
      .string()
      .trim()
      .min(1)
      .max(256)
      .describe(
        'AWS End User Messaging SMS origination identity: a phone number, pool or sender id (its id or ARN)',
      ),
    quietHours: z
      .tuple([clockTime, clockTime], {
        error: 'must be a pair of local times ["HH:MM", "HH:MM"] (start, end)',
      })
      .refine(([start, end]) => start !== end, 'must not start and end at the same time')
      .default(['21:00', '08:00'])
      .describe('No text is sent between these local times; a text due then goes just before they begin'),
  })
  .describe('Text message reminders through AWS End User Messaging SMS; absent: no texts');

const dailyAgenda = z
  .strictObject({
    time: clockTime
      .refine((time) => time !== '24:00', 'must be a time of day from 00:00 to 23:59')
      .default('18:00')
      .describe('Local time the agenda goes out each day'),
    to: z
      .array(emailAddress)
      .min(1, 'needs at least one address')
      .max(20, 'takes at most 20 addresses')
      .describe("Who gets the next working day's bookings by clinician"),
  })
  .describe("A daily email with the next working day's bookings by clinician");

/** The form fields (`routes`) a CAPTCHA guards. */
export const CAPTCHA_ROUTES = ['inquiries', 'bookings'] as const;

const captcha = z
  .strictObject({
    provider: z.literal('turnstile', { error: 'must be "turnstile" (Cloudflare Turnstile)' }),
    siteKey: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9_-]{1,100}$/, 'must be a Turnstile site key (letters, digits, "-" and "_")')
      .describe("The widget's public site key (it goes in the website's pages)"),
    secretParameterName: z
      .string()
      .trim()
      .regex(
        /^[A-Za-z0-9_.\-/:]{1,2048}$/,
        'must be an SSM parameter name or ARN such as /clinic/prod/turnstile-secret (or /aws/reference/secretsmanager/NAME for a Secrets Manager secret)',
      )
      .describe(
        'SSM Parameter Store name of the secret key (a SecureString); /aws/reference/secretsmanager/NAME reads a Secrets Manager secret. Never the secret itself',
      ),
    action: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,32}$/, "must be 1–32 letters, digits, '-' or '_' (Turnstile's data-action)")
      .optional()
      .describe("The widget's data-action; when set, siteverify's answer must name it"),
    routes: z
      .array(z.enum(CAPTCHA_ROUTES, { error: 'must be "inquiries" or "bookings"' }))
      .min(1, 'needs at least one route (leave `captcha` out for none)')
      .default(['inquiries', 'bookings'])
      .refine((routes) => new Set(routes).size === routes.length, 'lists a route twice')
      .describe('Which public forms must carry a Turnstile token'),
  })
  .describe('Cloudflare Turnstile on the public forms; absent: no CAPTCHA');

const retentionDays = z
  .number()
  .int('must be a whole number of days')
  .positive('must be a positive number of days');
const retention = z
  .strictObject({
    inquiryDays: retentionDays.default(730).describe('Leads are removed this many days after they arrive'),
    bookingDaysAfterVisit: retentionDays
      .default(2555)
      .describe('Bookings are removed this many days after the visit'),
    auditDays: retentionDays
      .default(2190)
      .describe('Audit entries are removed this many days after they are written'),
  })
  .describe('How long records are kept before DynamoDB TTL removes them; erasure on request is separate');

export const clinicConfigSchema = z
  .strictObject({
    $schema: z.string().optional().describe('Path or URL of this JSON Schema, for editors'),
    clinic: z.strictObject({
      name: z.string().trim().min(1).max(100).describe('Clinic name shown to patients'),
      timeZone: z
        .string()
        .refine(isTimeZone, 'is not an IANA time zone (for example America/New_York)')
        .describe('IANA time zone; every local date and time in this file is in it'),
      country: z
        .string()
        .refine(
          (code) => isSupportedCountry(code),
          'is not a supported ISO 3166 country code (for example US)',
        )
        .default('US')
        .describe('Region for phone number validation (ISO 3166 alpha-2)'),
      phone: z.string().max(30).optional(),
      address: z.string().max(300).optional(),
      website: webUrl.optional(),
      brandColor: z
        .string()
        .regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour "#RRGGBB", such as #0b57d0')
        .optional()
        .describe(
          'Colour of the API\'s pages for patients (header, links, buttons), "#RRGGBB"; darkened where needed for WCAG AA contrast',
        ),
    }),
    email: z.strictObject({
      from: mailbox.describe('Sender: a verified SES identity, "Name <address>" or a bare address'),
      staff: z
        .array(emailAddress)
        .min(1, 'needs at least one address')
        .max(20, 'takes at most 20 addresses')
        .describe('1–20 addresses that get every lead and booking'),
      autoReply: z.boolean().default(true).describe('Send the patient an acknowledgement email'),
      dailyAgenda: dailyAgenda.optional(),
    }),
    cors: z.strictObject({
      allowedOrigins: z
        .array(origin)
        .min(1, 'needs at least one origin')
        .describe(
          'Exact website origins allowed to call the API, such as https://www.example.com; "*" is refused',
        ),
    }),
    ops: z
      .strictObject({
        alarmEmail: emailAddress.optional().describe('Recipient of operational alarms; default: none'),
        apiRateLimit: z.number().positive().default(50).describe('API stage throttling, requests per second'),
        apiBurstLimit: z.number().int().positive().default(100).describe('API stage throttling, burst'),
        logRetentionDays: z
          .number()
          .refine(
            (days) => LOG_RETENTION_DAYS.includes(days),
            `must be one of ${LOG_RETENTION_DAYS.join(', ')}`,
          )
          .default(90)
          .describe(`Log retention in days: one of ${LOG_RETENTION_DAYS.join(', ')}`),
        ...OPS_FRONT_DOOR_KEYS,
      })
      .superRefine(checkFrontDoorOps)
      .prefault({})
      .describe('Deploy-time settings; the local stack ignores them'),
    forms: forms.prefault({}).describe('The contact (inquiry) form'),
    scheduling,
    sms: sms.optional(),
    captcha: captcha.optional(),
    staff: staff.prefault({}),
    retention: retention.prefault({}),
  })
  .meta({
    title: 'Clinic configuration',
    description:
      'One clinic: who it is, who gets emails, which websites may call the API, and when patients can book.',
  });

/** The config as written in a file (defaults may be absent). */
export type ClinicConfigInput = z.input<typeof clinicConfigSchema>;
/** The config after validation, every default applied. */
export type ClinicConfig = z.output<typeof clinicConfigSchema>;
export type AppointmentType = ClinicConfig['scheduling']['appointmentTypes'][number];
export type Provider = ClinicConfig['scheduling']['providers'][number];
export type WeeklyHours = ClinicConfig['scheduling']['weeklyHours'];
export type Closure = ClinicConfig['scheduling']['closures'][number];
export type LocalRange = Provider['timeOff'][number];
export type CustomField = ClinicConfig['forms']['customFields'][number];
export type StaffConfig = ClinicConfig['staff'];
export type StaffMfa = StaffConfig['mfa'];
export type RetentionConfig = ClinicConfig['retention'];
export type ReminderConfig = ClinicConfig['scheduling']['reminders'][number];
export type SmsConfig = NonNullable<ClinicConfig['sms']>;
export type CaptchaConfig = NonNullable<ClinicConfig['captcha']>;
export type CaptchaRoute = (typeof CAPTCHA_ROUTES)[number];
export type DailyAgendaConfig = NonNullable<ClinicConfig['email']['dailyAgenda']>;
