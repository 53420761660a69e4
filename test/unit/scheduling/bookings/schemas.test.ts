// The booking inputs as API.md states them: what is required, how values are normalised, and the
// messages a form can show. parseInput is the route layer's own validation step.
import { describe, expect, it } from 'vitest';
import { parseInput } from '../../../../shared/adapters/http/validation.ts';
import { ValidationError } from '../../../../shared/core/errors.ts';
import {
  cancelBookingBody,
  createBookingBodySchema,
  createBookingSchemaOptions,
  rescheduleBookingBody,
} from '../../../../shared/core/scheduling/booking-schemas.ts';
import { configWith, devConfig } from './fixtures.ts';

const schema = createBookingBodySchema(createBookingSchemaOptions(devConfig));
const valid = {
  type: 'new-patient',
  start: '2026-12-01T09:00:00-05:00',
  name: '  Ana Díaz ',
  email: ' ana@example.com ',
  phone: '(201) 555-0123',
  consent: 'on',
};

function errorsOf(run: () => unknown): Record<string, string> {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError)
      return Object.fromEntries(error.errors.map((e) => [e.path, e.message]));
    throw error;
  }
  throw new Error('expected a validation error');
}

describe('POST /v1/bookings body', () => {
  it('takes the required fields, trims text and stores the phone in E.164', () => {
    expect(parseInput(schema, valid)).toEqual({
      type: 'new-patient',
      start: '2026-12-01T09:00:00-05:00',
      name: 'Ana Díaz',
      email: 'ana@example.com',
      phone: '+12015550123',
      consent: true,
      attribution: {},
      honeypotFilled: false,
    });
  });

  it('names every missing required field', () => {
    expect(errorsOf(() => parseInput(schema, {}))).toEqual({
      type: 'This field is required',
      start: 'This field is required',
      name: 'This field is required',
      email: 'This field is required',
      phone: 'This field is required',
      consent: expect.stringMatching(/agree/),
    });
  });

  it('requires a start with a UTC offset (an instant), not a local time', () => {
    for (const start of [
      '2026-12-01T09:00:00',
      '2026-12-01 09:00',
      '2026-12-01',
      'tomorrow',
      '2026-02-30T09:00:00Z',
    ]) {
      expect(errorsOf(() => parseInput(schema, { ...valid, start })).start).toMatch(/UTC offset/);
    }
    expect(parseInput(schema, { ...valid, start: '2026-12-01T14:00:00Z' }).start).toBe(
      '2026-12-01T14:00:00Z',
    );
  });

  it('refuses a phone number that is not valid for the clinic’s country', () => {
    expect(errorsOf(() => parseInput(schema, { ...valid, phone: '555-0143' })).phone).toBe(
      'Enter a valid phone number for United States',
    );
    expect(errorsOf(() => parseInput(schema, { ...valid, phone: '' })).phone).toBe('This field is required');
  });

  it('refuses a bad email address, and control characters in single-line fields', () => {
    const errors = errorsOf(() => parseInput(schema, { ...valid, email: 'ana@', name: 'Ana\nDíaz' }));
    expect(errors.email).toBe('Enter a valid email address');
    expect(errors.name).toMatch(/single line/);
  });

  it('limits reason to 500 and notes to 2000 characters, keeping line breaks', () => {
    const errors = errorsOf(() =>
      parseInput(schema, { ...valid, reason: 'x'.repeat(501), notes: 'y'.repeat(2001) }),
    );
    expect(errors).toEqual({
      reason: 'Must be at most 500 characters',
      notes: 'Must be at most 2000 characters',
    });
    const ok = parseInput(schema, { ...valid, reason: 'x'.repeat(500), notes: 'line 1\r\nline 2' });
    expect(ok.reason).toHaveLength(500);
    expect(ok.notes).toBe('line 1\nline 2');
  });

  it('treats empty optional fields, as a plain form sends them, as absent', () => {
    const parsed = parseInput(schema, { ...valid, providerId: '', reason: '  ', notes: '', utm_source: '' });
    expect(parsed).not.toHaveProperty('providerId');
    expect(parsed).not.toHaveProperty('reason');
    expect(parsed).not.toHaveProperty('notes');
    expect(parsed.attribution).toEqual({});
  });

  it('keeps attribution, drops unknown fields', () => {
    const parsed = parseInput(schema, {
      ...valid,
      utm_source: 'google',
      gclid: 'abc',
      favouriteColour: 'blue',
    });
    expect(parsed.attribution).toEqual({ utm_source: 'google', gclid: 'abc' });
    expect(JSON.stringify(parsed)).not.toContain('blue');
  });

  it('notices a filled honeypot (the configured field name)', () => {
    expect(parseInput(schema, { ...valid, _gotcha: 'http://spam.example' }).honeypotFilled).toBe(true);
    expect(parseInput(schema, { ...valid, _gotcha: '' }).honeypotFilled).toBe(false);
    const renamed = createBookingBodySchema(
      createBookingSchemaOptions(
        configWith((c) => void Object.assign(c.forms ?? {}, { honeypotField: 'website' })),
      ),
    );
    expect(parseInput(renamed, { ...valid, website: 'x' }).honeypotFilled).toBe(true);
  });

  it('requires consent when the clinic does, in any of its spellings', () => {
    for (const consent of [true, 'true', 'on', 'yes', 'YES']) {
      expect(parseInput(schema, { ...valid, consent }).consent).toBe(true);
    }
    expect(errorsOf(() => parseInput(schema, { ...valid, consent: 'no' })).consent).toMatch(/agree/);
    const optional = createBookingBodySchema(
      createBookingSchemaOptions(
        configWith((c) => void Object.assign(c.forms ?? {}, { requireConsent: false })),
      ),
    );
    const { consent: _, ...withoutConsent } = valid;
    expect(parseInput(optional, withoutConsent).consent).toBe(false);
  });

  it('uses `_next` only on the clinic’s own origins', () => {
    expect(parseInput(schema, { ...valid, _next: 'https://www.riverside-spine.example/booked' }).next).toBe(
      'https://www.riverside-spine.example/booked',
    );
    expect(parseInput(schema, { ...valid, _next: 'https://evil.example/' })).not.toHaveProperty('next');
  });
});

describe('cancel and reschedule bodies', () => {
  it('need the token; cancel takes an optional reason ≤ 500', () => {
    expect(errorsOf(() => parseInput(cancelBookingBody, {}))).toEqual({ token: 'This field is required' });
    expect(parseInput(cancelBookingBody, { token: ' t ', reason: '' })).toEqual({ token: 't' });
    expect(
      errorsOf(() => parseInput(cancelBookingBody, { token: 't', reason: 'x'.repeat(501) })).reason,
    ).toMatch(/500/);
  });

  it('reschedule needs a start with an offset; an empty providerId means any', () => {
    expect(errorsOf(() => parseInput(rescheduleBookingBody, { token: 't' }))).toEqual({
      start: 'This field is required',
    });
    expect(
      parseInput(rescheduleBookingBody, { token: 't', start: '2026-12-01T09:15:00-05:00', providerId: '' }),
    ).toEqual({
      token: 't',
      start: '2026-12-01T09:15:00-05:00',
    });
  });
});
