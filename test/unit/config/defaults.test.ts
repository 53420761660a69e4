import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadClinicConfigFile } from '../../../shared/config/load.ts';
import { providerOffersType, providerWeeklyHours, WEEKDAYS } from '../../../shared/core/config/clinic.ts';
import type { ClinicConfig, Provider } from '../../../shared/core/config/schema.ts';
import { minimalConfig, parsedWith, problemsOf, problemsWith } from './fixtures.ts';

function firstProvider(config: ClinicConfig): Provider {
  const [provider] = config.scheduling.providers;
  if (!provider) throw new Error('the config has no provider');
  return provider;
}

const configFile = (name: string) => fileURLToPath(new URL(`../../../config/${name}`, import.meta.url));

describe('a clinic config with only the required keys', () => {
  it('is valid, and every default is applied', () => {
    expect(problemsOf(minimalConfig())).toEqual([]);
    expect(parsedWith()).toStrictEqual({
      clinic: { name: 'Test Clinic', timeZone: 'America/New_York', country: 'US' },
      email: { from: 'Test Clinic <desk@clinic.example>', staff: ['staff@clinic.example'], autoReply: true },
      cors: { allowedOrigins: ['https://www.clinic.example'] },
      ops: {
        apiRateLimit: 50,
        apiBurstLimit: 100,
        logRetentionDays: 90,
        routeThrottles: { CreateBooking: { rate: 10, burst: 20 }, CreateInquiry: { rate: 10, burst: 20 } },
        mailFromSubdomain: 'bounce',
      },
      forms: { honeypotField: '_gotcha', rateLimitPerHour: 10, requireConsent: true, customFields: [] },
      scheduling: {
        minNoticeMinutes: 120,
        maxAdvanceDays: 60,
        minChangeNoticeMinutes: 1440,
        undoGraceMinutes: 15,
        calendarTitle: 'Appointment at {clinic}',
        weeklyHours: { mon: [['09:00', '17:00']] },
        closures: [],
        appointmentTypes: [
          {
            id: 'consult',
            name: 'Consultation',
            durationMinutes: 30,
            slotIntervalMinutes: 30,
            bufferBeforeMinutes: 0,
            bufferAfterMinutes: 0,
          },
        ],
        providers: [{ id: 'dr-a', name: 'Dr. A', timeOff: [] }],
        reminders: [{ offsetMinutes: 1440, channels: ['email', 'sms'] }],
        limits: { perClientIpPerHour: 5, activeBookingsPerPatient: 3 },
      },
      staff: { mfa: 'required', admins: [] },
      retention: { inquiryDays: 730, bookingDaysAfterVisit: 2555, auditDays: 2190 },
    });
  });

  it('defaults clinic.country to US', () => {
    expect(parsedWith().clinic.country).toBe('US');
  });

  it('defaults email.autoReply to true', () => {
    expect(parsedWith().email.autoReply).toBe(true);
  });

  it('defaults ops to no alarm email, 50 requests per second, burst 100, 90 days of logs', () => {
    const { ops } = parsedWith();
    expect(ops.alarmEmail).toBeUndefined();
    expect([ops.apiRateLimit, ops.apiBurstLimit, ops.logRetentionDays]).toEqual([50, 100, 90]);
  });

  it('fills in the ops defaults that a partial ops object leaves out', () => {
    expect(parsedWith({ ops: { alarmEmail: 'it@clinic.example' } }).ops).toStrictEqual({
      alarmEmail: 'it@clinic.example',
      apiRateLimit: 50,
      apiBurstLimit: 100,
      logRetentionDays: 90,
      routeThrottles: { CreateBooking: { rate: 10, burst: 20 }, CreateInquiry: { rate: 10, burst: 20 } },
      mailFromSubdomain: 'bounce',
    });
  });

  it('defaults the form to the _gotcha honeypot, 10 per hour, consent required, no custom fields', () => {
    expect(parsedWith().forms).toStrictEqual({
      honeypotField: '_gotcha',
      rateLimitPerHour: 10,
      requireConsent: true,
      customFields: [],
    });
  });

  it('defaults a custom field to 500 characters and optional', () => {
    const [field] = parsedWith({ 'forms.customFields': [{ name: 'insurance', label: 'Insurance' }] }).forms
      .customFields;
    expect(field).toStrictEqual({ name: 'insurance', label: 'Insurance', maxLength: 500, required: false });
  });

  it('defaults scheduling notice to 120 minutes, booking horizon to 60 days, change notice to 1440 minutes', () => {
    const { scheduling } = parsedWith();
    expect([
      scheduling.minNoticeMinutes,
      scheduling.maxAdvanceDays,
      scheduling.minChangeNoticeMinutes,
    ]).toEqual([120, 60, 1440]);
  });

  it('leaves scheduling.manageBookingUrl optional and defaults closures to none', () => {
    const { scheduling } = parsedWith();
    expect(scheduling.manageBookingUrl).toBeUndefined();
    expect(scheduling.closures).toEqual([]);
  });

  it("defaults an appointment type's slot interval to its duration and its buffers to 0", () => {
    const [type] = parsedWith({ 'scheduling.appointmentTypes[0].durationMinutes': 45 }).scheduling
      .appointmentTypes;
    expect(type).toMatchObject({
      durationMinutes: 45,
      slotIntervalMinutes: 45,
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 0,
    });
  });

  it('keeps a slot interval and buffers that are given', () => {
    const [type] = parsedWith({
      'scheduling.appointmentTypes[0].slotIntervalMinutes': 15,
      'scheduling.appointmentTypes[0].bufferBeforeMinutes': 5,
      'scheduling.appointmentTypes[0].bufferAfterMinutes': 10,
    }).scheduling.appointmentTypes;
    expect(type).toMatchObject({
      durationMinutes: 30,
      slotIntervalMinutes: 15,
      bufferBeforeMinutes: 5,
      bufferAfterMinutes: 10,
    });
  });

  it('lets a provider without appointmentTypes offer every type', () => {
    const config = parsedWith({
      'scheduling.appointmentTypes[1]': { id: 'follow-up', name: 'Follow-up', durationMinutes: 20 },
    });
    const provider = firstProvider(config);
    expect(provider.appointmentTypes).toBeUndefined();
    for (const type of config.scheduling.appointmentTypes) {
      expect(providerOffersType(provider, type.id)).toBe(true);
    }
  });

  it('limits a provider with appointmentTypes to those types', () => {
    const config = parsedWith({
      'scheduling.appointmentTypes[1]': { id: 'follow-up', name: 'Follow-up', durationMinutes: 20 },
      'scheduling.providers[0].appointmentTypes': ['follow-up'],
      'scheduling.providers[1]': { id: 'dr-b', name: 'Dr. B' },
    });
    const limited = firstProvider(config);
    expect(providerOffersType(limited, 'follow-up')).toBe(true);
    expect(providerOffersType(limited, 'consult')).toBe(false);
  });

  it("gives a provider without weeklyHours the clinic's hours, and no time off", () => {
    const config = parsedWith();
    const provider = firstProvider(config);
    expect(provider.timeOff).toEqual([]);
    expect(providerWeeklyHours(config, provider)).toEqual({ mon: [['09:00', '17:00']] });
  });

  it("replaces the clinic's hours with a provider's own weeklyHours", () => {
    const config = parsedWith({ 'scheduling.providers[0].weeklyHours': { tue: [['10:00', '14:00']] } });
    expect(providerWeeklyHours(config, firstProvider(config))).toEqual({
      tue: [['10:00', '14:00']],
    });
  });
});

describe('valid clinic hours and dates', () => {
  it('accepts 24:00 as the end of an interval', () => {
    expect(problemsWith({ 'scheduling.weeklyHours.sat': [['18:00', '24:00']] })).toEqual([]);
  });

  it('accepts intervals that touch, since an interval ends before its end time', () => {
    expect(
      problemsWith({
        'scheduling.weeklyHours.mon': [
          ['08:00', '12:00'],
          ['12:00', '17:00'],
        ],
      }),
    ).toEqual([]);
  });

  it('accepts every weekday key and an empty day', () => {
    const week = Object.fromEntries(WEEKDAYS.map((day) => [day, [['09:00', '17:00']]]));
    expect(problemsWith({ 'scheduling.weeklyHours': { ...week, sun: [] } })).toEqual([]);
  });

  it('accepts whole-date closures, local ranges and provider time off', () => {
    expect(
      problemsWith({
        'scheduling.closures': [
          { date: '2028-02-29', reason: 'Leap day' },
          { start: '2026-12-24T12:00', end: '2026-12-24T17:00' },
        ],
        'scheduling.providers[0].timeOff': [
          { start: '2026-12-28T00:00', end: '2027-01-02T00:00', reason: 'Away' },
        ],
      }),
    ).toEqual([]);
  });

  it('accepts 1 and 20 staff addresses', () => {
    const staff = Array.from({ length: 20 }, (_, i) => `staff${i}@clinic.example`);
    expect(problemsWith({ 'email.staff': staff })).toEqual([]);
    expect(problemsWith({ 'email.staff': staff.slice(0, 1) })).toEqual([]);
  });
});

describe('the shipped config files', () => {
  it.each(['dev.json', 'prod.json'])('config/%s is valid', (name) => {
    const config = loadClinicConfigFile(configFile(name));
    expect(config.clinic.timeZone).toBe('America/New_York');
    expect(config.scheduling.appointmentTypes.length).toBeGreaterThan(0);
  });

  it('config/prod.json only lets https websites call the API', () => {
    const { cors } = loadClinicConfigFile(configFile('prod.json'));
    for (const origin of cors.allowedOrigins) expect(origin).toMatch(/^https:\/\//);
  });
});
