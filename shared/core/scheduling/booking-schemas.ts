// The booking routes' input and output schemas: one zod schema per input validates the request,
// types the handler and feeds the OpenAPI document.
import type { CountryCode } from 'libphonenumber-js/max';
import type { ClinicConfig } from '../config/schema.ts';
import {
  ATTRIBUTION_FIELDS,
  type Attribution,
  allowedNext,
  captchaTokenOf,
  emailField,
  formEnvelopeShape,
  isHoneypotFilled,
  isTruthyConsent,
  multiLineText,
  NAME_MAX,
  phoneField,
  REQUIRED_MESSAGE,
  singleLineText,
} from '../inquiries/fields.ts';
import * as z from '../zod.ts';

// The field rules are the contact form's (shared/core/inquiries/fields.ts): the same text, phone,
// consent, honeypot and `_next` rules of API.md, implemented once.

const emptyToUndefined = <T>(value: T | '' | undefined): T | undefined => (value === '' ? undefined : value);

const START_FORMAT = 'Enter a date and time with a UTC offset, such as 2026-12-01T09:00:00-05:00';
export const startInstant = z.iso
  .datetime({ offset: true, error: (issue) => (issue.input === undefined ? REQUIRED_MESSAGE : START_FORMAT) })
  .check(z.describe('RFC 3339 with a UTC offset (or Z); compared as an instant'));

const configId = z
  .string()
  .check(
    z.trim(),
    z.maxLength(63, 'Must be at most 63 characters'),
    z.regex(/^(?:[a-z0-9][a-z0-9-]*)?$/, 'Must be an id from the clinic configuration'),
  );

const token = z
  .string()
  .check(
    z.trim(),
    z.minLength(1, REQUIRED_MESSAGE),
    z.maxLength(200, 'Must be at most 200 characters'),
    z.describe('The manage token from the booking confirmation'),
  );

export const REASON_MAX = 500;
export const NOTES_MAX = 2000;
export const CONSENT_MESSAGE = 'Please agree to the terms to book an appointment';

// ---- POST /v1/bookings ----

export interface CreateBookingSchemaOptions {
  /** clinic.country: the region phone numbers are read in. */
  readonly country: string;
  /** cors.allowedOrigins: where `_next` may point. */
  readonly allowedOrigins: readonly string[];
  readonly forms: Pick<ClinicConfig['forms'], 'honeypotField' | 'requireConsent'>;
}

export function createBookingSchemaOptions(config: ClinicConfig): CreateBookingSchemaOptions {
  return { country: config.clinic.country, allowedOrigins: config.cors.allowedOrigins, forms: config.forms };
}

export interface CreateBookingInput {
  readonly type: string;
  readonly start: string;
  readonly providerId?: string;
  readonly name: string;
  readonly email: string;
  /** E.164 */
  readonly phone: string;
  readonly reason?: string;
  readonly notes?: string;
  /** The patient agreed to text reminders (a separate, optional consent). */
  readonly smsConsent?: true;
  readonly consent: boolean;
  readonly attribution: Attribution;
  /** The hidden field only bots fill in was filled. */
  readonly honeypotFilled: boolean;
  /** An allowed `_next` redirect for a plain HTML form post. */
  readonly next?: string;
  /** The Turnstile token, for the CAPTCHA check only (never stored). */
  readonly captchaToken?: string;
}

/**
 * The booking's own fields (what, when, with whom, who): the public form's and the staff's
 * "book for a caller" body share them; the public one adds consent, the honeypot and attribution.
 */
export function bookingFieldsShape(
  options: Pick<CreateBookingSchemaOptions, 'country'>,
): Record<string, z.ZodMiniType> {
  const country = options.country as CountryCode;
  return {
    type: configId.check(z.minLength(1, REQUIRED_MESSAGE), z.describe('Appointment type id')),
    start: startInstant,
    providerId: z
      .optional(configId)
      .check(z.describe('A provider id; without it (or empty) any free provider who offers the type')),
    name: singleLineText(NAME_MAX, { required: true }).check(z.describe('Full name')),
    email: emailField('Email address; the confirmation goes here'),
    phone: phoneField(country, { required: true }).check(
      z.describe('Phone number, national or international format; stored in E.164'),
    ),
    reason: z
      .optional(multiLineText(REASON_MAX, { required: false }))
      .check(z.describe('Reason for the visit, for the clinic')),
    notes: z
      .optional(multiLineText(NOTES_MAX, { required: false }))
      .check(z.describe('Anything else the clinic should know')),
    smsConsent: z
      .optional(z.union([z.boolean(), z.string()]))
      .check(
        z.describe(
          'Consent to appointment reminders by text message: true, "true", "on" or "yes" mean yes; optional, separate from `consent`',
        ),
      ),
  };
}

/** The booking's own fields of a parsed body, empty optional ones left out. */
export function bookingFieldsOf(
  body: Record<string, unknown>,
): Pick<
  CreateBookingInput,
  'type' | 'start' | 'providerId' | 'name' | 'email' | 'phone' | 'reason' | 'notes' | 'smsConsent'
> {
  const providerId = emptyToUndefined(body.providerId as string | undefined);
  const reason = emptyToUndefined(body.reason as string | undefined);
  const notes = emptyToUndefined(body.notes as string | undefined);
  return {
    type: body.type as string,
    start: body.start as string,
    ...(providerId === undefined ? {} : { providerId }),
    name: body.name as string,
    email: body.email as string,
    phone: body.phone as string,
    ...(reason === undefined ? {} : { reason }),
    ...(notes === undefined ? {} : { notes }),
    ...(isTruthyConsent(body.smsConsent) ? { smsConsent: true as const } : {}),
  };
}

export function createBookingBodySchema(options: CreateBookingSchemaOptions) {
  const { forms } = options;
  const consentDescription = 'Consent: true, "true", "on" or "yes" mean yes';
  const consent = forms.requireConsent
    ? z
        .union([z.boolean(), z.string()], { error: () => CONSENT_MESSAGE })
        .check(z.refine(isTruthyConsent, CONSENT_MESSAGE), z.describe(`${consentDescription}; required`))
    : z.optional(z.union([z.boolean(), z.string()])).check(z.describe(consentDescription));

  const shape: Record<string, z.ZodMiniType> = {
    ...bookingFieldsShape(options),
    consent,
    ...formEnvelopeShape(forms.honeypotField, 'booking'),
  };

  return z.pipe(
    z.object(shape),
    z.transform((body: Record<string, unknown>): CreateBookingInput => {
      const attribution: Attribution = {};
      for (const field of ATTRIBUTION_FIELDS) {
        const value = emptyToUndefined(body[field] as string | undefined);
        if (value !== undefined) attribution[field] = value;
      }
      const next = allowedNext(body._next, options.allowedOrigins);
      const captchaToken = captchaTokenOf(body);
      return {
        ...bookingFieldsOf(body),
        consent: isTruthyConsent(body.consent),
        attribution,
        honeypotFilled: isHoneypotFilled(body[forms.honeypotField]),
        ...(next === undefined ? {} : { next }),
        ...(captchaToken === undefined ? {} : { captchaToken }),
      };
    }),
  );
}

// ---- The manage routes ----

export const bookingTokenQuery = z.object({
  token: z.optional(z.string()).check(z.describe('The manage token (or send it in X-Booking-Token)')),
});

export const cancelBookingBody = z.object({
  token,
  reason: z
    .pipe(z.optional(multiLineText(REASON_MAX, { required: false })), z.transform(emptyToUndefined<string>))
    .check(z.describe('Why the patient cancels, for the clinic')),
});
export interface CancelBookingInput {
  readonly token: string;
  readonly reason?: string | undefined;
}

export const rescheduleBookingBody = z.object({
  token,
  start: startInstant,
  providerId: z
    .pipe(z.optional(configId), z.transform(emptyToUndefined<string>))
    .check(
      z.describe(
        'A provider id; without it the current provider if free, else any free provider who offers the type',
      ),
    ),
});
export interface RescheduleBookingInput {
  readonly token: string;
  readonly start: string;
  readonly providerId?: string | undefined;
}

export const confirmBookingBody = z.object({ token });
export interface ConfirmBookingInput {
  readonly token: string;
}

// ---- Answers ----

// `format` for the OpenAPI document only: answers are built by the code, not parsed.
const rfc3339 = z
  .string()
  .check(
    z.meta({ format: 'date-time' }),
    z.describe('RFC 3339 with the clinic’s UTC offset at that instant'),
  );

export const bookingViewSchema = z.object({
  id: z.string(),
  status: z.enum(['confirmed', 'cancelled']),
  type: z.string().check(z.describe('Appointment type id')),
  start: rfc3339,
  end: rfc3339,
  providerId: z.string(),
  providerName: z.string(),
  name: z.string().check(z.describe('The patient’s name')),
  confirmedAt: z
    .optional(rfc3339)
    .check(z.describe('When the patient confirmed they will attend (RFC 3339); absent until they do')),
});
export type BookingView = z.output<typeof bookingViewSchema>;

export const createdBookingSchema = z.object({
  id: z.string(),
  status: z.literal('confirmed'),
  type: z.string(),
  start: rfc3339,
  end: rfc3339,
  providerId: z.string(),
  providerName: z.string(),
  manageToken: z.string().check(z.describe('Shown once: the key to view, cancel or reschedule this booking')),
  manageUrl: z.string().check(z.describe('Where the patient manages the booking; embeds the token')),
});
export type CreatedBooking = z.output<typeof createdBookingSchema>;

export const slotSchema = z.object({
  start: rfc3339,
  end: rfc3339,
  providers: z.array(z.string()),
});

/** What a booking form calls each field, for the HTML error page a plain form post gets back. */
export const BOOKING_FIELD_LABELS: Readonly<Record<string, string>> = {
  type: 'Appointment type',
  start: 'Date and time',
  providerId: 'Provider',
  name: 'Name',
  email: 'Email',
  phone: 'Phone',
  reason: 'Reason for the visit',
  notes: 'Notes',
  consent: 'Consent to be contacted',
  smsConsent: 'Consent to text reminders',
  token: 'Manage link',
};
