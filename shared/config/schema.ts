// The clinic configuration (../../docs/config.md): one zod schema validates it at synth, at
// `npm run dev` and in the tests, and generates config/clinic-config.schema.json for editors.
import { isSupportedCountry } from 'libphonenumber-js/min';
import { z } from 'zod';

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof DAYS)[number];
export const WEEKDAYS: readonly Weekday[] = DAYS;

/** Minutes since local midnight of an `HH:MM` wall-clock time (`24:00` is 1440). */
export function minutesOfDay(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function isCalendarDate(value: string): boolean {
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be 1–63 lower-case letters, digits or hyphens, starting with a letter or digit');
const wholeMinutes = z.number().int('must be a whole number of minutes');
const positiveMinutes = wholeMinutes.positive('must be a positive whole number of minutes');
const nonNegativeMinutes = wholeMinutes.nonnegative('must be zero or a positive whole number of minutes');

const clockTime = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'must be a 24-hour time HH:MM');
const localDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine(isCalendarDate, 'is not a calendar date');
const localDateTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T(?:[01]\d|2[0-3]):[0-5]\d$/, 'must be a local date and time YYYY-MM-DDTHH:MM')
  .refine((v) => isCalendarDate(v.slice(0, 10)), 'is not a calendar date');

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

const origin = z.string().refine((value) => {
  if (value === '*') return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
  } catch {
    return false;
  }
}, 'must be an exact origin such as https://www.example.com (scheme, host and optional port; no path, no trailing slash, no *)');

const interval = z.tuple([clockTime, clockTime]);
const dayHours = z.array(interval).superRefine((intervals, ctx) => {
  intervals.forEach(([start, end], index) => {
    if (minutesOfDay(end) <= minutesOfDay(start)) {
      ctx.addIssue({ code: 'custom', path: [index], message: `end ${end} must be after start ${start}` });
    }
    const previous = intervals[index - 1];
    if (previous && minutesOfDay(start) < minutesOfDay(previous[1])) {
      ctx.addIssue({
        code: 'custom',
        path: [index],
        message: `${start}–${end} overlaps or comes before ${previous[0]}–${previous[1]}; list intervals sorted and apart`,
      });
    }
  });
});
const weeklyHours = z.strictObject(Object.fromEntries(DAYS.map((day) => [day, dayHours.optional()])) as {
  [K in Weekday]: z.ZodOptional<typeof dayHours>;
});

const localRange = z
  .strictObject({ start: localDateTime, end: localDateTime, reason: z.string().max(200).optional() })
  .refine((range) => range.end > range.start, { message: 'end must be after start', path: ['end'] });
const closure = z.union([z.strictObject({ date: localDate, reason: z.string().max(200).optional() }), localRange]);

const appointmentType = z
  .strictObject({
    id,
    name: z.string().min(1).max(100),
    description: z.string().max(500).optional(),
    durationMinutes: positiveMinutes,
    slotIntervalMinutes: positiveMinutes.optional(),
    bufferBeforeMinutes: nonNegativeMinutes.default(0),
    bufferAfterMinutes: nonNegativeMinutes.default(0),
  })
  .transform((type) => ({ ...type, slotIntervalMinutes: type.slotIntervalMinutes ?? type.durationMinutes }));

const provider = z.strictObject({
  id,
  name: z.string().min(1).max(100),
  appointmentTypes: z.array(id).min(1).optional(),
  weeklyHours: weeklyHours.optional(),
  timeOff: z.array(localRange).default([]),
});

/** Names the inquiry form already uses; a custom field may not take one of them. */
export const RESERVED_FIELD_NAMES = [
  'name',
  'email',
  'phone',
  'message',
  'topic',
  'preferredContact',
  'consent',
  'pageUrl',
  'referrer',
  'utm_source',
  'utm_medium',
  'utm_campaign',
  'utm_term',
  'utm_content',
  'gclid',
  'fbclid',
  '_next',
] as const;

const customField = z.strictObject({
  name: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9_]{0,49}$/, 'must be 1–50 letters, digits or underscores, starting with a letter')
    .refine((name) => !(RESERVED_FIELD_NAMES as readonly string[]).includes(name), 'is a built-in field name'),
  label: z.string().min(1).max(100),
  maxLength: z.number().int().min(1).max(5000).default(500),
  required: z.boolean().default(false),
});

const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

export const clinicConfigSchema = z
  .strictObject({
    $schema: z.string().optional(),
    clinic: z.strictObject({
      name: z.string().trim().min(1).max(100),
      timeZone: z.string().refine(isTimeZone, 'is not an IANA time zone (for example America/New_York)'),
      country: z
        .string()
        .refine((code) => isSupportedCountry(code), 'is not a supported ISO 3166 country code (for example US)')
        .default('US'),
      phone: z.string().max(30).optional(),
      address: z.string().max(300).optional(),
      website: z.url().optional(),
    }),
    email: z.strictObject({
      from: mailbox,
      staff: z.array(emailAddress).min(1, 'needs at least one address').max(20, 'takes at most 20 addresses'),
      autoReply: z.boolean().default(true),
    }),
    cors: z.strictObject({
      allowedOrigins: z.array(origin).min(1, 'needs at least one origin'),
    }),
    ops: z
      .strictObject({
        alarmEmail: emailAddress.optional(),
        apiRateLimit: z.number().positive().default(50),
        apiBurstLimit: z.number().int().positive().default(100),
        logRetentionDays: z
          .number()
          .refine((days) => LOG_RETENTION_DAYS.includes(days), `must be one of ${LOG_RETENTION_DAYS.join(', ')}`)
          .default(90),
      })
      .prefault({}),
    forms: z
      .strictObject({
        thankYouUrl: z.url().optional(),
        honeypotField: z
          .string()
          .regex(/^[A-Za-z_][A-Za-z0-9_-]{0,49}$/, 'must be a form field name')
          .default('_gotcha'),
        rateLimitPerHour: z.number().int().positive().default(10),
        requireConsent: z.boolean().default(true),
        customFields: z.array(customField).default([]),
      })
      .prefault({}),
    scheduling: z.strictObject({
      minNoticeMinutes: nonNegativeMinutes.default(120),
      maxAdvanceDays: z.number().int().positive().max(730).default(60),
      minChangeNoticeMinutes: nonNegativeMinutes.default(1440),
      manageBookingUrl: z
        .url()
        .refine(
          (url) => decodeURI(url).includes('{id}') && decodeURI(url).includes('{token}'),
          'must contain {id} and {token}',
        )
        .optional(),
      weeklyHours,
      closures: z.array(closure).default([]),
      appointmentTypes: z.array(appointmentType).min(1, 'needs at least one appointment type'),
      providers: z.array(provider).min(1, 'needs at least one provider'),
    }),
  })
  .superRefine((config, ctx) => {
    const { appointmentTypes, providers } = config.scheduling;
    const duplicates = (ids: string[]) => ids.filter((value, index) => ids.indexOf(value) !== index);
    for (const dup of new Set(duplicates(appointmentTypes.map((t) => t.id)))) {
      const index = appointmentTypes.findLastIndex((t) => t.id === dup);
      ctx.addIssue({
        code: 'custom',
        path: ['scheduling', 'appointmentTypes', index, 'id'],
        message: `appointment type id "${dup}" is used twice`,
      });
    }
    for (const dup of new Set(duplicates(providers.map((p) => p.id)))) {
      const index = providers.findLastIndex((p) => p.id === dup);
      ctx.addIssue({
        code: 'custom',
        path: ['scheduling', 'providers', index, 'id'],
        message: `provider id "${dup}" is used twice`,
      });
    }
    const typeIds = new Set(appointmentTypes.map((t) => t.id));
    providers.forEach((p, providerIndex) => {
      p.appointmentTypes?.forEach((typeId, typeIndex) => {
        if (!typeIds.has(typeId)) {
          ctx.addIssue({
            code: 'custom',
            path: ['scheduling', 'providers', providerIndex, 'appointmentTypes', typeIndex],
            message: `unknown appointment type "${typeId}"`,
          });
        }
      });
    });
    appointmentTypes.forEach((type, index) => {
      if (!providers.some((p) => p.appointmentTypes === undefined || p.appointmentTypes.includes(type.id))) {
        ctx.addIssue({
          code: 'custom',
          path: ['scheduling', 'appointmentTypes', index, 'id'],
          message: `no provider offers appointment type "${type.id}"`,
        });
      }
    });
    const customNames = config.forms.customFields.map((f) => f.name);
    for (const dup of new Set(duplicates(customNames))) {
      ctx.addIssue({
        code: 'custom',
        path: ['forms', 'customFields', customNames.lastIndexOf(dup), 'name'],
        message: `custom field "${dup}" is declared twice`,
      });
    }
    if (customNames.includes(config.forms.honeypotField)) {
      ctx.addIssue({
        code: 'custom',
        path: ['forms', 'honeypotField'],
        message: 'must not be the name of a custom field',
      });
    }
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
