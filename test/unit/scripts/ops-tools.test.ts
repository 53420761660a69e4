// The ops tools' edges without a stack: how each reads its arguments, how a target is found from
// the variables `npm run dev` honours, and what `npm run erase` prints (ids and counts, never who).
import { describe, expect, it } from 'vitest';
import { parseEraseArguments, renderErasureReport, subjectFor } from '../../../scripts/lib/erase.ts';
import { parseSmokeArguments } from '../../../scripts/lib/smoke.ts';
import { localTarget, UsageError } from '../../../scripts/lib/targets.ts';
import { noneErased } from '../../../shared/core/privacy/erasure.ts';

describe('the local target', () => {
  it('is found on the ports and table `npm run dev` uses, or those its variables name', () => {
    const defaults = localTarget({});
    expect(defaults).toMatchObject({
      name: 'local',
      local: true,
      tableName: 'clinic-local',
      dynamoEndpoint: 'http://127.0.0.1:8000',
      sesEndpoint: 'http://127.0.0.1:8005',
      apiUrl: 'http://127.0.0.1:3000',
    });
    const moved = localTarget({ PORT: '3311', DYNAMODB_PORT: '8311', SES_PORT: '8312', TABLE_NAME: 'mine' });
    expect(moved).toMatchObject({
      tableName: 'mine',
      dynamoEndpoint: 'http://127.0.0.1:8311',
      sesEndpoint: 'http://127.0.0.1:8312',
      apiUrl: 'http://127.0.0.1:3311',
    });
    expect(() => localTarget({ DYNAMODB_PORT: 'eight' })).toThrow(UsageError);
  });
});

describe('npm run erase', () => {
  it('needs an email, takes an E.164 phone, a stage and a dry run', () => {
    expect(parseEraseArguments(['--email', 'a@example.com'])).toEqual({
      email: 'a@example.com',
      dryRun: false,
    });
    expect(
      parseEraseArguments([
        '--email',
        'a@example.com',
        '--phone',
        '+12015550143',
        '--stage',
        'prod',
        '--dry-run',
      ]),
    ).toEqual({ email: 'a@example.com', phone: '+12015550143', stage: 'prod', dryRun: true });
    expect(() => parseEraseArguments([])).toThrow('--email is required');
    expect(() => parseEraseArguments(['--email', 'a@example.com', '--phone', '201 555 0143'])).toThrow(
      'E.164',
    );
    expect(() => parseEraseArguments(['--email', 'a@example.com', 'extra'])).toThrow(UsageError);
  });

  it('checks the email and phone as the route does, for the clinic’s country', () => {
    const target = localTarget({});
    expect(subjectFor({ email: ' A@Example.com ', phone: '+12015550143', dryRun: false }, target)).toEqual({
      email: 'A@Example.com',
      phone: '+12015550143',
    });
    expect(() => subjectFor({ email: 'nope', dryRun: false }, target)).toThrow('--email');
    // A valid E.164 number of another numbering plan than the clinic's.
    expect(() =>
      subjectFor({ email: 'a@example.com', phone: '+442071838750', dryRun: false }, target),
    ).toThrow('--phone');
  });

  it('prints what was erased by id and count, and says so when nothing matched', () => {
    const target = localTarget({});
    const report = {
      dryRun: false,
      leads: ['01LEAD'],
      bookings: [
        { id: '01BOOK', status: 'confirmed' as const, start: '2026-12-08T14:00:00.000Z', upcoming: true },
      ],
      removed: { ...noneErased(), leads: 1, dedupeMarkers: 1, bookings: 1, messages: 2, locks: 9 },
    };
    expect(renderErasureReport(report, target)).toBe(
      [
        'Erased in the local table (clinic-local): 1 lead and 1 booking.',
        '  lead 01LEAD',
        '  booking 01BOOK (confirmed, 2026-12-08T14:00:00.000Z; still ahead: its time is open again and nobody was told)',
        'Items removed (14): 1 lead, 1 dedupe marker, 1 booking, 2 delivery records, 9 provider-time locks.',
        'The audit trail records the erasure (these ids and counts, not the email or phone).',
      ].join('\n'),
    );
    expect(renderErasureReport({ ...report, dryRun: true }, target)).toMatch(
      /^Would erase in the local table/,
    );
    expect(
      renderErasureReport({ dryRun: false, leads: [], bookings: [], removed: noneErased() }, target),
    ).toBe(
      'Nothing to erase in the local table (clinic-local): no lead or booking matches, and nothing was removed.',
    );
  });
});

describe('npm run smoke', () => {
  it('takes a URL or a stage, never both, and writes only when asked', () => {
    expect(parseSmokeArguments(['--url', 'http://127.0.0.1:3000/'])).toEqual({
      url: 'http://127.0.0.1:3000',
      write: false,
    });
    expect(parseSmokeArguments(['--stage', 'prod', '--write'])).toEqual({ stage: 'prod', write: true });
    expect(() => parseSmokeArguments([])).toThrow('Give either --url or --stage');
    expect(() => parseSmokeArguments(['--url', 'http://x', '--stage', 'prod'])).toThrow('Give either');
    expect(() => parseSmokeArguments(['--url', 'localhost:3000'])).toThrow('http(s) URL');
  });
});
