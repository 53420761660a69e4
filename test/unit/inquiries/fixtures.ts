// A clinic for the inquiry tests: one custom field, consent required, a thank-you page.
import { parseClinicConfig } from '../../../shared/config/load.ts';
import type { ClinicConfig } from '../../../shared/core/config/schema.ts';
import type { InquirySubmission } from '../../../shared/core/inquiries/schema.ts';

export function clinic(overrides: { forms?: object; email?: object; clinic?: object } = {}): ClinicConfig {
  return parseClinicConfig({
    clinic: {
      name: 'Riverside Spine & Sports',
      timeZone: 'America/New_York',
      country: 'US',
      phone: '+12015550143',
      website: 'https://www.riverside.example',
      ...overrides.clinic,
    },
    email: {
      from: 'Riverside <desk@riverside.example>',
      staff: ['frontdesk@riverside.example', 'manager@riverside.example'],
      ...overrides.email,
    },
    cors: { allowedOrigins: ['https://www.riverside.example', 'http://localhost:5173'] },
    forms: {
      thankYouUrl: 'https://www.riverside.example/thank-you',
      customFields: [{ name: 'insurance', label: 'Insurance provider', maxLength: 100 }],
      ...overrides.forms,
    },
    scheduling: {
      weeklyHours: { mon: [['09:00', '17:00']] },
      appointmentTypes: [{ id: 'consult', name: 'Consultation', durationMinutes: 30 }],
      providers: [{ id: 'dr-a', name: 'Dr. A' }],
    },
  });
}

/** A body that passes every rule; tests change one thing at a time. */
export function validBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'Ada Lovelace',
    email: 'ada@example.com',
    message: 'My lower back hurts when I sit.\nCan I come in this week?',
    consent: 'on',
    ...overrides,
  };
}

export function submission(overrides: Partial<InquirySubmission> = {}): InquirySubmission {
  return {
    name: 'Ada Lovelace',
    email: 'ada@example.com',
    message: 'My lower back hurts.',
    consent: true,
    attribution: {},
    custom: {},
    spam: false,
    ...overrides,
  };
}
