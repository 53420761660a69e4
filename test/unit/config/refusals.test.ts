// Every refusal CONFIG.md lists, and a few more: each answer names the key path and the reason.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ClinicConfigError, loadClinicConfigFile, parseClinicConfig } from '../../../shared/config/load.ts';
import { edited, problemsOf, problemsWith } from './fixtures.ts';

const UNION =
  'must be either a closed day {"date": "YYYY-MM-DD"} or a closed range {"start": "YYYY-MM-DDTHH:MM", "end": "YYYY-MM-DDTHH:MM"}, each with an optional "reason"';

describe('clinic.timeZone', () => {
  it.each(['Mars/Olympus_Mons', 'EST5EDT-ish', ''])('refuses %j, which is not an IANA zone', (zone) => {
    expect(problemsWith({ 'clinic.timeZone': zone })).toEqual([
      'clinic.timeZone: is not an IANA time zone (for example America/New_York)',
    ]);
  });
});

describe('weekly hours', () => {
  it('refuses unsorted intervals', () => {
    expect(
      problemsWith({
        'scheduling.weeklyHours.tue': [
          ['13:00', '17:00'],
          ['08:00', '12:00'],
        ],
      }),
    ).toEqual([
      "scheduling.weeklyHours.tue[1]: 08:00–12:00 overlaps or comes before 13:00–17:00; list a day's intervals in order, without overlap",
    ]);
  });

  it('refuses overlapping intervals', () => {
    expect(
      problemsWith({
        'scheduling.weeklyHours.wed': [
          ['08:00', '12:30'],
          ['12:00', '17:00'],
        ],
      }),
    ).toEqual([
      "scheduling.weeklyHours.wed[1]: 12:00–17:00 overlaps or comes before 08:00–12:30; list a day's intervals in order, without overlap",
    ]);
  });

  it.each([
    ['12:00', '12:00'],
    ['17:00', '09:00'],
    ['24:00', '24:00'],
  ])('refuses the interval %s–%s, whose end is not after its start', (start, end) => {
    expect(problemsWith({ 'scheduling.weeklyHours.mon': [[start, end]] })).toEqual([
      `scheduling.weeklyHours.mon[0]: ends (${end}) before or when it starts (${start})`,
    ]);
  });

  it("checks a provider's own hours the same way", () => {
    expect(
      problemsWith({
        'scheduling.providers[1]': { id: 'dr-b', name: 'Dr. B' },
        'scheduling.providers[1].weeklyHours.tue': [['10:00', '09:00']],
      }),
    ).toEqual(['scheduling.providers[1].weeklyHours.tue[0]: ends (09:00) before or when it starts (10:00)']);
  });

  it.each(['8:00', '24:30', '12:60', '12.00', 'noon'])('refuses the time %j', (time) => {
    expect(problemsWith({ 'scheduling.weeklyHours.mon': [[time, '23:00']] })).toEqual([
      'scheduling.weeklyHours.mon[0][0]: must be a 24-hour time "HH:MM" (00:00 to 24:00)',
    ]);
  });

  it.each([[['09:00']], [['09:00', '10:00', '11:00']], ['09:00-17:00']])(
    'refuses the interval %j',
    (interval) => {
      expect(problemsWith({ 'scheduling.weeklyHours.mon': [interval] })).toEqual([
        'scheduling.weeklyHours.mon[0]: must be a pair of times ["HH:MM", "HH:MM"] (start, end)',
      ]);
    },
  );
});

describe('closures and time off', () => {
  it('refuses a range whose end is not after its start', () => {
    expect(
      problemsWith({ 'scheduling.closures': [{ start: '2026-12-24T17:00', end: '2026-12-24T12:00' }] }),
    ).toEqual(['scheduling.closures[0].end: must be after start (2026-12-24T17:00)']);
    expect(
      problemsWith({
        'scheduling.providers[0].timeOff': [{ start: '2027-01-02T00:00', end: '2027-01-02T00:00' }],
      }),
    ).toEqual(['scheduling.providers[0].timeOff[0].end: must be after start (2027-01-02T00:00)']);
  });

  it('refuses a date that is not on the calendar', () => {
    expect(problemsWith({ 'scheduling.closures': [{ date: '2026-02-29' }] })).toEqual([
      'scheduling.closures[0].date: is not a calendar date',
    ]);
  });

  it.each(['2026-12-24 12:00', '2026-12-24T12:00:00', '2026-12-24T12:00Z', '2026-12-24'])(
    'refuses the local date-time %j (the format is YYYY-MM-DDTHH:MM)',
    (start) => {
      expect(problemsWith({ 'scheduling.closures': [{ start, end: '2026-12-25T00:00' }] })).toEqual([
        'scheduling.closures[0].start: must be a local date and time "YYYY-MM-DDTHH:MM"',
      ]);
    },
  );

  it('names the missing end of a range', () => {
    expect(problemsWith({ 'scheduling.closures': [{ start: '2026-12-24T12:00' }] })).toEqual([
      'scheduling.closures[0].end: is required',
    ]);
  });

  it.each([
    ['a day and a range at once', { date: '2026-12-25', start: '2026-12-24T12:00', end: '2026-12-24T17:00' }],
    ['only a reason', { reason: 'Holiday' }],
    ['neither shape', { day: '2026-12-25' }],
    ['a bare string', '2026-12-25'],
  ])('explains both allowed shapes for a closure with %s', (_, closure) => {
    expect(problemsWith({ 'scheduling.closures': [closure] })).toEqual([`scheduling.closures[0]: ${UNION}`]);
  });
});

describe('ids and cross-references', () => {
  it('refuses an appointment type id used twice', () => {
    expect(
      problemsWith({
        'scheduling.appointmentTypes[1]': { id: 'consult', name: 'Again', durationMinutes: 20 },
      }),
    ).toEqual(['scheduling.appointmentTypes[1].id: appointment type id "consult" is used twice']);
  });

  it('refuses a provider id used twice', () => {
    expect(problemsWith({ 'scheduling.providers[1]': { id: 'dr-a', name: 'Dr. A again' } })).toEqual([
      'scheduling.providers[1].id: provider id "dr-a" is used twice',
    ]);
  });

  it('refuses a provider offering an unknown type', () => {
    expect(problemsWith({ 'scheduling.providers[0].appointmentTypes': ['consult', 'massage'] })).toEqual([
      'scheduling.providers[0].appointmentTypes[1]: unknown appointment type "massage"',
    ]);
  });

  it('refuses a type no provider offers', () => {
    expect(
      problemsWith({
        'scheduling.appointmentTypes[1]': { id: 'botox', name: 'Botox', durationMinutes: 30 },
        'scheduling.providers[0].appointmentTypes': ['consult'],
      }),
    ).toEqual(['scheduling.appointmentTypes[1].id: no provider offers appointment type "botox"']);
  });

  it('refuses a provider listing a type twice, or none', () => {
    expect(problemsWith({ 'scheduling.providers[0].appointmentTypes': ['consult', 'consult'] })).toEqual([
      'scheduling.providers[0].appointmentTypes[1]: lists "consult" twice',
    ]);
    expect(problemsWith({ 'scheduling.providers[0].appointmentTypes': [] })).toEqual([
      'scheduling.providers[0].appointmentTypes: needs at least one appointment type (leave the key out to offer all)',
    ]);
  });

  it.each(['Consult', 'new patient', '-consult', ''])('refuses the id %j', (id) => {
    expect(problemsWith({ 'scheduling.providers[0].id': id })).toEqual([
      'scheduling.providers[0].id: must be 1–63 lower-case letters, digits or hyphens, starting with a letter or digit',
    ]);
  });

  it('still reports duplicate ids when another part of the file is wrong', () => {
    expect(
      problemsWith({
        'clinic.timeZone': undefined,
        'scheduling.providers[1]': { id: 'dr-a', name: 'Dr. A again' },
      }),
    ).toEqual([
      'clinic.timeZone: is required',
      'scheduling.providers[1].id: provider id "dr-a" is used twice',
    ]);
  });
});

describe('durations', () => {
  const POSITIVE = 'must be a positive whole number of minutes';
  const WHOLE = 'must be a whole number of minutes';
  const NON_NEGATIVE = 'must be zero or a positive whole number of minutes';
  it.each([
    ['durationMinutes', 0, POSITIVE],
    ['durationMinutes', -15, POSITIVE],
    ['durationMinutes', 7.5, WHOLE],
    ['durationMinutes', '30', 'must be a number, not text'],
    ['slotIntervalMinutes', 0, POSITIVE],
    ['slotIntervalMinutes', 2.5, WHOLE],
    ['bufferBeforeMinutes', -5, NON_NEGATIVE],
    ['bufferAfterMinutes', 0.5, WHOLE],
  ])('refuses an appointment type %s of %j', (key, value, reason) => {
    expect(problemsWith({ [`scheduling.appointmentTypes[0].${key}`]: value })).toEqual([
      `scheduling.appointmentTypes[0].${key}: ${reason}`,
    ]);
  });

  it.each([
    ['minNoticeMinutes', -1, NON_NEGATIVE],
    ['minChangeNoticeMinutes', 90.5, WHOLE],
    ['maxAdvanceDays', 0, 'must be greater than 0'],
    ['maxAdvanceDays', 731, 'must be at most 730'],
  ])('refuses scheduling.%s of %j', (key, value, reason) => {
    expect(problemsWith({ [`scheduling.${key}`]: value })).toEqual([`scheduling.${key}: ${reason}`]);
  });
});

describe('unknown keys', () => {
  it.each([
    'timezone',
    'clinic.timezone',
    'email.cc',
    'cors.origins',
    'ops.alarmEmails',
    'forms.honeypot',
    'forms.customFields[0].placeholder',
    'scheduling.holidays',
    'scheduling.weeklyHours.monday',
    'scheduling.appointmentTypes[0].price',
    'scheduling.providers[0].email',
    'scheduling.providers[0].weeklyHours.tues',
    'scheduling.providers[0].timeOff[0].note',
    'scheduling.closures[0].note',
  ])('refuses %s', (path) => {
    const document = edited({
      'forms.customFields[0]': { name: 'insurance', label: 'Insurance' },
      'scheduling.providers[0].weeklyHours': { mon: [['09:00', '12:00']] },
      'scheduling.providers[0].timeOff[0]': { start: '2026-12-28T00:00', end: '2027-01-02T00:00' },
      'scheduling.closures[0]': { date: '2026-12-25' },
      [path]: 'x',
    });
    expect(problemsOf(document)).toEqual([`${path}: unknown key`]);
  });

  it('lists several unknown keys of one object on one line', () => {
    expect(problemsWith({ 'email.cc': 'a@b.example', 'email.bcc': 'c@d.example' })).toEqual([
      'email.cc, email.bcc: unknown keys',
    ]);
  });

  it('accepts the $schema key that points editors at the JSON Schema', () => {
    expect(problemsWith({ $schema: './clinic-config.schema.json' })).toEqual([]);
  });
});

describe('email and cors', () => {
  it('refuses * in cors.allowedOrigins', () => {
    expect(problemsWith({ 'cors.allowedOrigins': ['https://www.clinic.example', '*'] })).toEqual([
      'cors.allowedOrigins[1]: "*" (any website) is not allowed; list each website origin, such as https://www.example.com',
    ]);
  });

  it.each([
    'https://www.clinic.example/',
    'https://www.clinic.example/book',
    'www.clinic.example',
    'ftp://clinic.example',
  ])('refuses the origin %j, which is not an exact origin', (origin) => {
    expect(problemsWith({ 'cors.allowedOrigins': [origin] })).toEqual([
      'cors.allowedOrigins[0]: must be an exact origin such as https://www.example.com (scheme, host and optional port; no path, no trailing slash)',
    ]);
  });

  it('refuses an empty cors.allowedOrigins', () => {
    expect(problemsWith({ 'cors.allowedOrigins': [] })).toEqual([
      'cors.allowedOrigins: needs at least one origin',
    ]);
  });

  it('refuses no staff address and more than 20', () => {
    expect(problemsWith({ 'email.staff': [] })).toEqual(['email.staff: needs at least one address']);
    const staff = Array.from({ length: 21 }, (_, i) => `staff${i}@clinic.example`);
    expect(problemsWith({ 'email.staff': staff })).toEqual(['email.staff: takes at most 20 addresses']);
  });

  it('refuses a staff entry that is not an address', () => {
    expect(problemsWith({ 'email.staff': ['front desk'] })).toEqual([
      'email.staff[0]: must be an email address',
    ]);
  });

  it.each(['Clinic', 'Clinic <desk>', 'desk@clinic.example>'])('refuses the sender %j', (from) => {
    expect(problemsWith({ 'email.from': from })).toEqual([
      'email.from: must be an address, or "Name <address>"',
    ]);
  });
});

describe('required keys', () => {
  it.each([
    'clinic',
    'clinic.name',
    'clinic.timeZone',
    'email',
    'email.from',
    'email.staff',
    'cors',
    'cors.allowedOrigins',
    'scheduling',
    'scheduling.weeklyHours',
    'scheduling.appointmentTypes',
    'scheduling.providers',
    'scheduling.appointmentTypes[0].id',
    'scheduling.appointmentTypes[0].name',
    'scheduling.appointmentTypes[0].durationMinutes',
    'scheduling.providers[0].id',
    'scheduling.providers[0].name',
  ])('reports a missing %s as required', (path) => {
    expect(problemsWith({ [path]: undefined })).toEqual([`${path}: is required`]);
  });

  it('refuses an empty list of appointment types or providers', () => {
    expect(problemsWith({ 'scheduling.appointmentTypes': [] })).toEqual([
      'scheduling.appointmentTypes: needs at least one appointment type',
    ]);
    expect(problemsWith({ 'scheduling.providers': [] })).toEqual([
      'scheduling.providers: needs at least one provider',
    ]);
  });

  it('refuses an empty clinic name', () => {
    expect(problemsWith({ 'clinic.name': '  ' })).toEqual(['clinic.name: must not be empty']);
  });

  it('says what kind of value a key needs', () => {
    expect(problemsWith({ 'email.autoReply': 'yes', scheduling: [] })).toEqual([
      'email.autoReply: must be true or false, not text',
      'scheduling: must be an object { … }, not a list',
    ]);
    expect(problemsOf(null)).toEqual(['(the whole file): must be an object { … }, not null']);
  });
});

describe('other settings', () => {
  it.each(['javascript:alert(1)', 'data:text/html,hi', 'thank-you'])(
    'refuses forms.thankYouUrl %j',
    (url) => {
      expect(problemsWith({ 'forms.thankYouUrl': url })).toEqual([
        'forms.thankYouUrl: must be a web address starting with https:// or http://',
      ]);
    },
  );

  it('refuses a manageBookingUrl without {id} and {token}, or not on the web', () => {
    expect(
      problemsWith({ 'scheduling.manageBookingUrl': 'https://www.clinic.example/manage?id={id}' }),
    ).toEqual(['scheduling.manageBookingUrl: must contain {id} and {token}']);
    expect(problemsWith({ 'scheduling.manageBookingUrl': 'javascript:go("{id}","{token}")' })).toEqual([
      'scheduling.manageBookingUrl: must be a web address starting with https:// or http://',
    ]);
  });

  it('refuses a country that is not an ISO 3166 code', () => {
    expect(problemsWith({ 'clinic.country': 'USA' })).toEqual([
      'clinic.country: is not a supported ISO 3166 country code (for example US)',
    ]);
  });

  it('refuses a log retention CloudWatch does not offer', () => {
    expect(problemsWith({ 'ops.logRetentionDays': 100 })).toEqual([
      'ops.logRetentionDays: must be one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653',
    ]);
  });

  it('refuses appointment types too long to book with the lock blocks the config implies', () => {
    // A 61-minute type makes the block size 1 minute: a 60-minute booking would need 60 locks,
    // and a reschedule twice that, over DynamoDB's 100 items per transaction.
    const problems = problemsWith({ 'scheduling.appointmentTypes[0].durationMinutes': 61 });
    expect(problems.length).toBeGreaterThan(0);
    for (const problem of problems) {
      expect(problem).toMatch(
        /^scheduling\.appointmentTypes\[\d\]\.durationMinutes: with buffers spans \d+ blocks of 1 minutes/,
      );
    }
    expect(problemsWith({ 'scheduling.appointmentTypes[0].durationMinutes': 60 })).toEqual([]);
  });

  it('refuses a per-hour inquiry limit above 100, which the limiter cannot hold in one item', () => {
    expect(problemsWith({ 'forms.rateLimitPerHour': 101 })).toEqual([
      'forms.rateLimitPerHour: must be at most 100',
    ]);
    expect(problemsWith({ 'forms.rateLimitPerHour': 100 })).toEqual([]);
  });

  it('refuses custom fields that clash with built-in fields, each other or the honeypot', () => {
    expect(
      problemsWith({
        'forms.honeypotField': 'insurance',
        'forms.customFields': [
          { name: 'email', label: 'Email' },
          { name: 'insurance', label: 'Insurance' },
          { name: 'insurance', label: 'Insurance again', maxLength: 0 },
        ],
      }),
    ).toEqual([
      'forms.customFields[0].name: is a built-in field name',
      'forms.customFields[2].maxLength: must be at least 1',
      'forms.customFields[2].name: custom field "insurance" is declared twice',
      'forms.honeypotField: must not be the name of a custom field',
    ]);
  });
});

describe('ClinicConfigError', () => {
  it('lists every problem at once, under the name of the file', () => {
    const document = edited({
      'clinic.timeZone': 'Nowhere',
      'email.staff': [],
      'scheduling.weeklyHours.mon': [['9', '5']],
    });
    const error = (() => {
      try {
        parseClinicConfig(document, 'config/prod.json');
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(ClinicConfigError);
    expect((error as ClinicConfigError).message).toBe(
      [
        'Invalid clinic config config/prod.json:',
        '  - clinic.timeZone: is not an IANA time zone (for example America/New_York)',
        '  - email.staff: needs at least one address',
        '  - scheduling.weeklyHours.mon[0][0]: must be a 24-hour time "HH:MM" (00:00 to 24:00)',
        '  - scheduling.weeklyHours.mon[0][1]: must be a 24-hour time "HH:MM" (00:00 to 24:00)',
      ].join('\n'),
    );
  });

  it('reports a file that is missing or not JSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'clinic-config-'));
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{ "clinic": ');
    expect(() => loadClinicConfigFile(join(dir, 'absent.json'))).toThrow(
      /absent\.json:\n {2}- cannot read the file \(ENOENT\)/,
    );
    expect(() => loadClinicConfigFile(broken)).toThrow(/broken\.json:\n {2}- not valid JSON: /);
  });
});
