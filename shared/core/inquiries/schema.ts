// The body of POST /v1/inquiries: one schema, built from the clinic config (custom fields, the
// honeypot's name, the country of phone numbers, the origins `_next` may point to). It validates
// JSON and form bodies alike and hands the handler a clean submission; unknown fields are dropped.
import type { CountryCode } from 'libphonenumber-js/max';
import type { ClinicConfig } from '../config/schema.ts';
import * as z from '../zod.ts';
import {
  ATTRIBUTION_FIELDS,
  type Attribution,
  type AttributionField,
  allowedNext,
  captchaTokenOf,
  emailField,
  formEnvelopeShape,
  isHoneypotFilled,
  isTruthyConsent,
  MESSAGE_MAX,
  multiLineText,
  NAME_MAX,
  PREFERRED_CONTACT,
  type PreferredContact,
  phoneField,
  singleLineText,
  TOPIC_MAX,
} from './fields.ts';

/** What the handler gets: every field checked, trimmed and normalised. */
export interface InquirySubmission {
  readonly name: string;
  readonly email: string;
  /** E.164. */
  readonly phone?: string;
  readonly message: string;
  readonly topic?: string;
  readonly preferredContact?: PreferredContact;
  readonly consent: boolean;
  readonly attribution: Attribution;
  /** Declared custom fields that were filled in, by field name. */
  readonly custom: Readonly<Record<string, string>>;
  /** The honeypot was filled: store as spam, send nothing, answer as usual. */
  readonly spam: boolean;
  /** An allowed `_next` redirect for an HTML form post. */
  readonly next?: string;
  /** The Turnstile token, for the CAPTCHA check only (never stored). */
  readonly captchaToken?: string;
}

export interface InquirySchemaOptions {
  readonly country: string;
  readonly allowedOrigins: readonly string[];
  readonly forms: Pick<ClinicConfig['forms'], 'honeypotField' | 'requireConsent' | 'customFields'>;
}

export function inquirySchemaOptions(config: ClinicConfig): InquirySchemaOptions {
  return { country: config.clinic.country, allowedOrigins: config.cors.allowedOrigins, forms: config.forms };
}

export const CONSENT_MESSAGE = 'Please confirm that we may contact you about your inquiry';

/**
 * `consent`: when the clinic requires it, anything but a yes (including no field at all, which is
 * what an unticked checkbox sends) is refused with one plain message.
 */
function consentSchema(required: boolean) {
  const description = 'Consent to be contacted: true, "true", "on" or "yes" mean yes';
  if (!required) return z.optional(z.union([z.boolean(), z.string()])).check(z.describe(description));
  return z
    .union([z.boolean(), z.string()], { error: () => CONSENT_MESSAGE })
    .check(z.refine(isTruthyConsent, CONSENT_MESSAGE), z.describe(`${description}; required`));
}

const emptyToUndefined = <T>(value: T | '' | undefined): T | undefined => (value === '' ? undefined : value);

/**
 * The request body schema. Optional fields sent empty (as every HTML form sends an untouched
 * input) count as absent. Field errors never quote what was sent.
 */
export function inquiryBodySchema(options: InquirySchemaOptions) {
  const { forms } = options;
  const country = options.country as CountryCode;

  const shape: Record<string, z.ZodMiniType> = {
    name: singleLineText(NAME_MAX, { required: true }).check(z.describe('Full name')),
    email: emailField('Email address; staff replies go here'),
    phone: z
      .optional(phoneField(country, { required: false }))
      .check(z.describe('Phone number, national or international format; stored in E.164')),
    message: multiLineText(MESSAGE_MAX, { required: true }).check(
      z.describe('The message; line breaks are kept'),
    ),
    topic: z.optional(singleLineText(TOPIC_MAX, { required: false })).check(z.describe('What it is about')),
    preferredContact: z
      // '' is what a <select> with a "no preference" option sends.
      .optional(z.enum([...PREFERRED_CONTACT, ''], 'Choose email, phone or text'))
      .check(z.describe('How the patient would like to be contacted')),
    consent: consentSchema(forms.requireConsent),
    ...formEnvelopeShape(forms.honeypotField, 'lead'),
  };
  for (const field of forms.customFields) {
    shape[field.name] = (
      field.required
        ? multiLineText(field.maxLength, { required: true })
        : z.optional(multiLineText(field.maxLength, { required: false }))
    ).check(z.describe(field.label));
  }

  return z.pipe(
    z.object(shape),
    z.transform((body: Record<string, unknown>): InquirySubmission => {
      const attribution: Attribution = {};
      for (const field of ATTRIBUTION_FIELDS) {
        const value = emptyToUndefined(body[field] as string | undefined);
        if (value !== undefined) attribution[field as AttributionField] = value;
      }
      const custom: Record<string, string> = {};
      for (const field of forms.customFields) {
        const value = emptyToUndefined(body[field.name] as string | undefined);
        if (value !== undefined) custom[field.name] = value;
      }
      const phone = body.phone as string | undefined;
      const topic = emptyToUndefined(body.topic as string | undefined);
      const preferredContact = emptyToUndefined(body.preferredContact as PreferredContact | '' | undefined);
      const next = allowedNext(body._next, options.allowedOrigins);
      const captchaToken = captchaTokenOf(body);
      return {
        name: body.name as string,
        email: body.email as string,
        ...(phone === undefined ? {} : { phone }),
        message: body.message as string,
        ...(topic === undefined ? {} : { topic }),
        ...(preferredContact === undefined ? {} : { preferredContact }),
        consent: isTruthyConsent(body.consent),
        attribution,
        custom,
        spam: isHoneypotFilled(body[forms.honeypotField]),
        ...(next === undefined ? {} : { next }),
        ...(captchaToken === undefined ? {} : { captchaToken }),
      };
    }),
  );
}

export type InquiryBodySchema = ReturnType<typeof inquiryBodySchema>;

/** The answer a JSON client gets (API.md): the lead's id, whatever happened behind it. */
export const inquiryReceivedSchema = z.object({
  id: z
    .string()
    .check(z.describe('The inquiry id (a ULID); a duplicate within 10 minutes gets the first one')),
  status: z.literal('received'),
});
export type InquiryReceived = z.infer<typeof inquiryReceivedSchema>;
