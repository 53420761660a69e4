// The field rules of the contact form (API.md "Lead capture"), as small pure pieces the request
// schema is assembled from: text rules, consent values, phone numbers, the `_next` redirect.
import { type CountryCode, getCountryCallingCode, parsePhoneNumberFromString } from 'libphonenumber-js/core';
import { ATTRIBUTION_FIELDS, CAPTCHA_FIELD } from '../config/field-names.ts';
import * as z from '../zod.ts';
import { PHONE_METADATA } from './phone-metadata.ts';

export { ATTRIBUTION_FIELDS, CAPTCHA_FIELD } from '../config/field-names.ts';

export const NAME_MAX = 100;
export const EMAIL_MAX = 254;
export const MESSAGE_MAX = 5000;
export const TOPIC_MAX = 100;
export const ATTRIBUTION_MAX = 500;
/** Longer than any real phone number as typed ("+1 (201) 555-0143 ext. 1234"), short enough to refuse junk. */
export const PHONE_INPUT_MAX = 40;

export const PREFERRED_CONTACT = ['email', 'phone', 'text'] as const;
export type PreferredContact = (typeof PREFERRED_CONTACT)[number];

export type AttributionField = (typeof ATTRIBUTION_FIELDS)[number];
export type Attribution = Partial<Record<AttributionField, string>>;

export const REQUIRED_MESSAGE = 'This field is required';
export const SINGLE_LINE_MESSAGE = 'Must be a single line of text, without line breaks or control characters';

// C0 and C1 controls, DEL, and the Unicode line and paragraph separators: anything that can
// break a line in a header, a log line or a table cell.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const SINGLE_LINE_FORBIDDEN = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
// A multi-line field keeps line breaks and tabs and refuses every other control character.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const MULTI_LINE_FORBIDDEN = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

export const hasNoLineBreakOrControl = (value: string): boolean => !SINGLE_LINE_FORBIDDEN.test(value);
export const hasOnlyTextControls = (value: string): boolean => !MULTI_LINE_FORBIDDEN.test(value);

const atMost = (max: number) => `Must be at most ${max} characters`;

/**
 * A single-line text field: trimmed first (so a stray trailing newline from a copy-paste is
 * harmless), then refused if a control character is left inside it.
 */
export function singleLineText(max: number, options: { required: boolean }) {
  return z
    .string()
    .check(
      z.trim(),
      ...(options.required ? [z.minLength(1, REQUIRED_MESSAGE)] : []),
      z.maxLength(max, atMost(max)),
      z.refine(hasNoLineBreakOrControl, SINGLE_LINE_MESSAGE),
    );
}

/**
 * A multi-line text field: line endings become `\n` (a browser sends a textarea's as CRLF), then
 * it is trimmed and measured, so the length a patient sees is the length that counts.
 */
export function multiLineText(max: number, options: { required: boolean }) {
  return z.string().check(
    z.overwrite((value) => value.replace(/\r\n?/g, '\n')),
    z.trim(),
    ...(options.required ? [z.minLength(1, REQUIRED_MESSAGE)] : []),
    z.maxLength(max, atMost(max)),
    z.refine(hasOnlyTextControls, 'Must be text without control characters'),
  );
}

/** The values a checkbox, a select or a JSON client may send for "yes" (API.md `consent`). */
const TRUTHY = new Set(['true', 'on', 'yes']);

export function isTruthyConsent(value: unknown): boolean {
  if (value === true) return true;
  return typeof value === 'string' && TRUTHY.has(value.trim().toLowerCase());
}

/**
 * A phone number in E.164, or undefined when it is not a valid number in the clinic's numbering
 * plan. The clinic's country reads national formats ("(201) 555-0143"); an international number
 * is accepted when it shares the country's calling code, so a US clinic takes Canadian numbers
 * (both are +1 and dialled the same way) but not a +44 one.
 */
export function toE164(input: string, country: CountryCode): string | undefined {
  const number = parsePhoneNumberFromString(
    input,
    { defaultCountry: country, extract: false },
    PHONE_METADATA,
  );
  if (!number?.isValid()) return undefined;
  return number.countryCallingCode === getCountryCallingCode(country, PHONE_METADATA)
    ? number.number
    : undefined;
}

/** "United States" for `US`, for messages a patient reads. */
export function countryName(country: string): string {
  try {
    return new Intl.DisplayNames(['en'], { type: 'region' }).of(country) ?? country;
  } catch {
    return country;
  }
}

/**
 * The `_next` redirect, when it is an absolute http(s) URL on one of the clinic's own origins
 * (`cors.allowedOrigins`); anything else is ignored so the form cannot be used as an open redirect.
 */
export function allowedNext(value: unknown, allowedOrigins: readonly string[]): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  return allowedOrigins.includes(url.origin) ? url.href : undefined;
}

/** Whether the honeypot holds anything at all (a bot fills every field it sees). */
export function isHoneypotFilled(value: unknown): boolean {
  if (value === undefined || value === null || value === false) return false;
  if (typeof value === 'string') return value.trim() !== '';
  return true;
}

/** What the form calls each field, for the HTML error page a plain form post gets back. */
export function inquiryFieldLabels(
  customFields: readonly { name: string; label: string }[],
): Record<string, string> {
  return {
    name: 'Name',
    email: 'Email',
    phone: 'Phone',
    message: 'Message',
    topic: 'Topic',
    preferredContact: 'Preferred way to contact you',
    consent: 'Consent to be contacted',
    pageUrl: 'Page address',
    referrer: 'Referring page',
    ...Object.fromEntries(customFields.map((field) => [field.name, field.label])),
  };
}

/** An email address field, trimmed and checked. */
export function emailField(description: string) {
  return z
    .pipe(
      z
        .string()
        .check(
          z.trim(),
          z.minLength(1, REQUIRED_MESSAGE),
          z.maxLength(EMAIL_MAX, `Must be at most ${EMAIL_MAX} characters`),
        ),
      z.email('Enter a valid email address'),
    )
    .check(z.describe(description));
}

/**
 * A phone number as people type it, valid for the clinic's country and given back in E.164. When
 * not required, an empty value is no phone.
 */
export function phoneField(country: CountryCode, options: { required: boolean }) {
  return z.pipe(
    singleLineText(PHONE_INPUT_MAX, options),
    z.transform((value: string, ctx) => {
      if (value === '' && !options.required) return undefined;
      const e164 = toE164(value, country);
      if (e164 === undefined) {
        // zod/mini's transform has no ctx.addIssue: the issue is pushed as classic's would add it.
        // The country's name only now: Intl.DisplayNames loads its data on first use (about 17 ms),
        // which every cold start of a route with a phone field paid when the schema was built.
        const message = `Enter a valid phone number for ${countryName(country)}`;
        ctx.issues.push({ code: 'custom', message, input: value });
        return z.NEVER;
      }
      return e164;
    }),
  );
}

/**
 * The fields every public form takes besides its own: `_next`, the honeypot (named in the clinic
 * config) and the attribution fields.
 */
export function formEnvelopeShape(honeypotField: string, storedWith: string): Record<string, z.ZodMiniType> {
  const shape: Record<string, z.ZodMiniType> = {
    _next: z
      .optional(z.unknown())
      .check(z.describe("Where to send a browser after an HTML form post; only the clinic's own websites")),
    [honeypotField]: z
      .optional(z.unknown())
      .check(z.describe('Leave empty: a field hidden from people, which only bots fill in')),
  };
  for (const field of ATTRIBUTION_FIELDS) {
    shape[field] = z
      .optional(singleLineText(ATTRIBUTION_MAX, { required: false }))
      .check(z.describe(`Attribution, stored with the ${storedWith}`));
  }
  // Any value is taken here: whether it is a token is the CAPTCHA check's to say (400
  // captcha_failed), not a field error, and it is never stored.
  shape[CAPTCHA_FIELD] = z
    .optional(z.unknown())
    .check(
      z.describe(
        'The Cloudflare Turnstile token the widget puts in the form, when the clinic uses a CAPTCHA (`captcha` in its config); checked, never stored',
      ),
    );
  return shape;
}

export { CAPTCHA_TOKEN_MAX } from '../config/field-names.ts';

/** The CAPTCHA token of a parsed body: a non-empty string, else absent (which fails the check). */
export function captchaTokenOf(body: Readonly<Record<string, unknown>>): string | undefined {
  const value = body[CAPTCHA_FIELD];
  if (typeof value !== 'string') return undefined;
  const token = value.trim();
  return token === '' ? undefined : token;
}
