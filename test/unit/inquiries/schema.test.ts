import { describe, expect, it } from 'vitest';
import { parseInput } from '../../../shared/adapters/http/validation.ts';
import { ValidationError } from '../../../shared/core/errors.ts';
import {
  CONSENT_MESSAGE,
  inquiryBodySchema,
  inquirySchemaOptions,
} from '../../../shared/core/inquiries/schema.ts';
import { clinic, validBody } from './fixtures.ts';

const schemaFor = (overrides: Parameters<typeof clinic>[0] = {}) =>
  inquiryBodySchema(inquirySchemaOptions(clinic(overrides)));
const schema = schemaFor();

/** Field errors the API would answer with, or [] when the body is accepted. */
function errorsOf(body: unknown, using = schema): { path: string; message: string }[] {
  try {
    parseInput(using, body);
    return [];
  } catch (error) {
    if (error instanceof ValidationError) return [...error.errors];
    throw error;
  }
}
const pathsOf = (body: unknown, using = schema) => errorsOf(body, using).map((e) => e.path);

describe('POST /v1/inquiries body', () => {
  it('accepts the smallest valid inquiry and normalises it', () => {
    expect(
      parseInput(schema, validBody({ name: '  Ada Lovelace ', email: ' ada@example.com ' })),
    ).toStrictEqual({
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      message: 'My lower back hurts when I sit.\nCan I come in this week?',
      consent: true,
      attribution: {},
      custom: {},
      spam: false,
    });
  });

  it('requires name, email and message, each with "This field is required"', () => {
    expect(errorsOf({ consent: true })).toEqual([
      { path: 'name', message: 'This field is required' },
      { path: 'email', message: 'This field is required' },
      { path: 'message', message: 'This field is required' },
    ]);
    expect(pathsOf(validBody({ name: '   ', message: ' \n ' }))).toEqual(['name', 'message']);
  });

  describe('name', () => {
    it('is 1–100 characters', () => {
      expect(pathsOf(validBody({ name: 'A' }))).toEqual([]);
      expect(pathsOf(validBody({ name: 'a'.repeat(100) }))).toEqual([]);
      expect(pathsOf(validBody({ name: 'a'.repeat(101) }))).toEqual(['name']);
    });

    it('is a single line (no CR, LF or other control characters)', () => {
      expect(pathsOf(validBody({ name: 'Ada\r\nBcc: victim@example.com' }))).toEqual(['name']);
      expect(pathsOf(validBody({ name: 'Ada\u0000' }))).toEqual(['name']);
    });

    it('must be text', () => {
      expect(pathsOf(validBody({ name: 42 }))).toEqual(['name']);
      expect(pathsOf(validBody({ name: ['a', 'b'] }))).toEqual(['name']);
    });
  });

  describe('email', () => {
    it('must be a valid address', () => {
      for (const email of ['ada', 'ada@', '@example.com', 'ada example@example.com', 'ada@example']) {
        expect(errorsOf(validBody({ email }))).toEqual([
          { path: 'email', message: 'Enter a valid email address' },
        ]);
      }
    });

    it('is at most 254 characters', () => {
      const at254 = `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(57)}.com`;
      expect(at254).toHaveLength(254);
      expect(pathsOf(validBody({ email: at254 }))).toEqual([]);
      expect(pathsOf(validBody({ email: `a${at254}` }))).toEqual(['email']);
    });

    it('refuses a line break (header injection through Reply-To)', () => {
      expect(pathsOf(validBody({ email: 'ada@example.com\r\nBcc: x@example.com' }))).toEqual(['email']);
    });
  });

  describe('phone', () => {
    it('is optional, and empty counts as absent (an untouched form input)', () => {
      expect(parseInput(schema, validBody()).phone).toBeUndefined();
      expect(parseInput(schema, validBody({ phone: '  ' })).phone).toBeUndefined();
    });

    it('is stored in E.164', () => {
      expect(parseInput(schema, validBody({ phone: '(201) 555-0143' })).phone).toBe('+12015550143');
    });

    it("must be a valid number for the clinic's country", () => {
      expect(errorsOf(validBody({ phone: '555-0143' }))).toEqual([
        { path: 'phone', message: 'Enter a valid phone number for United States' },
      ]);
      expect(pathsOf(validBody({ phone: '+44 20 7946 0958' }))).toEqual(['phone']);
      const british = schemaFor({
        clinic: { country: 'GB', timeZone: 'Europe/London', phone: '+442079460000' },
      });
      expect(parseInput(british, validBody({ phone: '020 7946 0958' })).phone).toBe('+442079460958');
    });
  });

  describe('message', () => {
    it('is 1–5000 characters and keeps its lines', () => {
      expect(parseInput(schema, validBody({ message: 'line one\r\nline two' })).message).toBe(
        'line one\nline two',
      );
      expect(pathsOf(validBody({ message: 'm'.repeat(5000) }))).toEqual([]);
      expect(pathsOf(validBody({ message: 'm'.repeat(5001) }))).toEqual(['message']);
    });
  });

  describe('topic and preferredContact', () => {
    it('topic is optional, one line, at most 100 characters', () => {
      expect(parseInput(schema, validBody({ topic: ' Low back pain ' })).topic).toBe('Low back pain');
      expect(parseInput(schema, validBody({ topic: '' })).topic).toBeUndefined();
      expect(pathsOf(validBody({ topic: 't'.repeat(101) }))).toEqual(['topic']);
      expect(pathsOf(validBody({ topic: 'a\nb' }))).toEqual(['topic']);
    });

    it('preferredContact is email, phone or text, or left empty', () => {
      for (const value of ['email', 'phone', 'text']) {
        expect(parseInput(schema, validBody({ preferredContact: value })).preferredContact).toBe(value);
      }
      expect(parseInput(schema, validBody({ preferredContact: '' })).preferredContact).toBeUndefined();
      expect(errorsOf(validBody({ preferredContact: 'fax' }))).toEqual([
        { path: 'preferredContact', message: 'Choose email, phone or text' },
      ]);
    });
  });

  describe('consent', () => {
    it.each([true, 'true', 'on', 'yes'])('%j means yes', (consent) => {
      expect(parseInput(schema, validBody({ consent })).consent).toBe(true);
    });

    it.each([undefined, false, 'false', 'off', '', 'no'])(
      '%j is refused when the clinic requires consent',
      (consent) => {
        expect(errorsOf(validBody({ consent }))).toEqual([{ path: 'consent', message: CONSENT_MESSAGE }]);
      },
    );

    it('is reported together with the other field errors, so a form shows them all at once', () => {
      expect(pathsOf({ name: 'Ada', consent: 'no' })).toEqual(['email', 'message', 'consent']);
    });

    it('may be absent when the clinic does not require it, and is stored as given', () => {
      const relaxed = schemaFor({ forms: { requireConsent: false } });
      expect(parseInput(relaxed, validBody({ consent: undefined })).consent).toBe(false);
      expect(parseInput(relaxed, validBody({ consent: 'yes' })).consent).toBe(true);
    });
  });

  describe('attribution', () => {
    const attribution = {
      pageUrl: 'https://www.riverside.example/back-pain',
      referrer: 'https://www.google.com/',
      utm_source: 'google',
      utm_medium: 'cpc',
      utm_campaign: 'spring',
      utm_term: 'back pain doctor',
      utm_content: 'ad-1',
      gclid: 'Cj0KCQ',
      fbclid: 'IwAR0',
    };

    it('is kept, each field trimmed, empty ones dropped', () => {
      const parsed = parseInput(
        schema,
        validBody({ ...attribution, utm_term: ' back pain doctor ', fbclid: '' }),
      );
      const { fbclid: _dropped, ...kept } = attribution;
      expect(parsed.attribution).toStrictEqual(kept);
    });

    it('allows at most 500 characters per field, on one line', () => {
      for (const field of Object.keys(attribution)) {
        expect(pathsOf(validBody({ [field]: 'x'.repeat(500) }))).toEqual([]);
        expect(pathsOf(validBody({ [field]: 'x'.repeat(501) }))).toEqual([field]);
        expect(pathsOf(validBody({ [field]: 'a\nb' }))).toEqual([field]);
      }
    });
  });

  describe('custom fields', () => {
    const withCustom = schemaFor({
      forms: {
        customFields: [
          { name: 'insurance', label: 'Insurance provider', maxLength: 20 },
          { name: 'dob', label: 'Date of birth', maxLength: 10, required: true },
        ],
      },
    });

    it('are accepted when declared, within their maxLength', () => {
      const parsed = parseInput(withCustom, validBody({ insurance: ' Aetna ', dob: '1990-01-01' }));
      expect(parsed.custom).toStrictEqual({ insurance: 'Aetna', dob: '1990-01-01' });
      expect(pathsOf(validBody({ insurance: 'x'.repeat(21), dob: '1990-01-01' }), withCustom)).toEqual([
        'insurance',
      ]);
    });

    it('are required when declared required', () => {
      expect(pathsOf(validBody(), withCustom)).toEqual(['dob']);
      expect(pathsOf(validBody({ dob: ' ' }), withCustom)).toEqual(['dob']);
    });

    it('drop an optional one left empty', () => {
      expect(parseInput(withCustom, validBody({ insurance: '', dob: '1990-01-01' })).custom).toStrictEqual({
        dob: '1990-01-01',
      });
    });
  });

  it('ignores unknown fields: they never reach the submission', () => {
    const parsed = parseInput(
      schema,
      validBody({
        ssn: '123-45-6789',
        isAdmin: true,
        constructor: 'x',
        extra: { a: 1 },
        ...JSON.parse('{"__proto__": {"polluted": 1}}'),
      }),
    );
    const text = JSON.stringify(parsed);
    expect(text).not.toContain('123-45-6789');
    expect(Object.keys(parsed).sort()).toEqual([
      'attribution',
      'consent',
      'custom',
      'email',
      'message',
      'name',
      'spam',
    ]);
    expect(({} as { polluted?: number }).polluted).toBeUndefined();
  });

  describe('the honeypot', () => {
    it('marks the submission as spam when filled, under the configured name', () => {
      expect(parseInput(schema, validBody({ _gotcha: 'http://spam.example' })).spam).toBe(true);
      expect(parseInput(schema, validBody({ _gotcha: '' })).spam).toBe(false);
      const renamed = schemaFor({ forms: { honeypotField: 'website' } });
      expect(parseInput(renamed, validBody({ website: 'x', _gotcha: 'x' })).spam).toBe(true);
      expect(parseInput(renamed, validBody({ _gotcha: 'x' })).spam).toBe(false);
    });

    it('does not change the other rules: an invalid spam post is refused like any other', () => {
      expect(pathsOf({ _gotcha: 'x', consent: true })).toEqual(['name', 'email', 'message']);
    });
  });

  describe('_next', () => {
    it("keeps a redirect to the clinic's own site and ignores any other, without an error", () => {
      expect(parseInput(schema, validBody({ _next: 'https://www.riverside.example/thanks' })).next).toBe(
        'https://www.riverside.example/thanks',
      );
      expect(parseInput(schema, validBody({ _next: 'https://evil.example/' })).next).toBeUndefined();
      expect(parseInput(schema, validBody({ _next: { url: 1 } })).next).toBeUndefined();
    });
  });

  it('never quotes what was sent in an error message', () => {
    const secret = 'Zebulon\nQuixote';
    const errors = errorsOf({
      name: secret,
      email: `${secret}@x`,
      message: 'm'.repeat(5001),
      phone: secret,
      topic: secret,
    });
    expect(errors.length).toBeGreaterThan(3);
    expect(JSON.stringify(errors)).not.toMatch(/Zebulon|Quixote|mmmm/);
  });
});
