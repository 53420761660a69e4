// The block routes end to end, signed in for real, on a stack of this file's own (clinic-wide
// whole-day blocks and races would take time other files book on the shared stack): blocks leave
// availability at once and come back after DELETE, refuse or cancel the bookings in the way, and
// no booking and no block ever both hold the same time, however many requests race.
import { BatchGetItemCommand, DynamoDBClient, GetItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockLockPks, meetsBlock } from '../../../shared/core/scheduling/blocks.ts';
import { blockedInterval } from '../../../shared/core/scheduling/booking.ts';
import { lockBlockMinutes } from '../../../shared/core/scheduling/locks.ts';
import {
  addDays,
  type LocalDate,
  localDateOf,
  weekdayOf,
  zoneClock,
} from '../../../shared/core/scheduling/time.ts';
import {
  clinicConfigInUse,
  randomClientIp,
  uniqueEmail,
  uniquePhone,
  waitForEmailsTo,
} from '../support/index.ts';
import { ownLocalStack } from '../support/own-stack.ts';
import { staffTokens } from '../support/staff.ts';

const config = clinicConfigInUse();
const { timeZone } = config.clinic;
const clock = zoneClock(timeZone);
const stack = ownLocalStack({ config, tableName: 'blocks-test', cognitoPort: 0 });
const BLOCKS = '/v1/staff/blocks';

let db: DynamoDBClient;
let signIn: (who: 'frontdesk' | 'admin' | 'nobody') => Promise<string>;
beforeAll(() => {
  const own = stack();
  db = new DynamoDBClient({
    endpoint: own.dynamoEndpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const tokens = staffTokens(own.staffPool);
  const cached = new Map<string, Promise<string>>();
  signIn = (who) => {
    const email = own.staffPool.users[who];
    if (!cached.has(email)) cached.set(email, tokens.signIn(email));
    return cached.get(email) as Promise<string>;
  };
});
afterAll(() => db?.destroy());

interface Answer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

async function call(
  path: string,
  options: { method?: string; json?: unknown; as?: 'frontdesk' | 'admin' | 'nobody' | 'anonymous' } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { 'x-forwarded-for': randomClientIp() };
  if (options.json !== undefined) headers['content-type'] = 'application/json';
  const as = options.as ?? 'frontdesk';
  if (as !== 'anonymous') headers.authorization = `Bearer ${await signIn(as)}`;
  const response = await fetch(`${stack().apiUrl}${path}`, {
    method: options.method ?? (options.json === undefined ? 'GET' : 'POST'),
    headers,
    ...(options.json === undefined ? {} : { body: JSON.stringify(options.json) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/** The weekdays of the booking window from day 3 (outside the change cut-off), closures left out. */
function weekdays(only?: readonly string[]): LocalDate[] {
  const today = localDateOf(new Date(), timeZone);
  const closed = new Set(
    config.scheduling.closures.flatMap((c) => ('date' in c ? [c.date] : [c.start.slice(0, 10)])),
  );
  const days: LocalDate[] = [];
  for (let offset = 3; offset < config.scheduling.maxAdvanceDays; offset++) {
    const date = addDays(today, offset);
    const weekday = weekdayOf(date);
    if (weekday !== 'sat' && weekday !== 'sun' && !closed.has(date) && (!only || only.includes(weekday)))
      days.push(date);
  }
  return days;
}
/** The days open until 17:00 or later (Friday closes at 14:00). */
const LONG_DAYS = ['mon', 'tue', 'wed', 'thu'];
const used = new Set<LocalDate>();
function nextDay(only?: readonly string[]): LocalDate {
  const day = weekdays(only).find((d) => !used.has(d));
  if (!day) throw new Error('no weekday left');
  used.add(day);
  return day;
}

const at = (date: LocalDate, hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return clock.format(clock.boundaryOf(date, h * 60 + m));
};

async function slots(
  type: string,
  date: LocalDate,
  provider?: string,
): Promise<{ start: string; providers: string[] }[]> {
  const query = new URLSearchParams({ type, from: date, to: date, ...(provider ? { provider } : {}) });
  const answer = await call(`/v1/availability?${query}`, { as: 'anonymous' });
  expect(answer.status).toBe(200);
  return answer.body.slots as { start: string; providers: string[] }[];
}

function book(type: string, start: string, providerId: string, email = uniqueEmail('blocked')) {
  return call('/v1/bookings', {
    as: 'anonymous',
    json: { type, start, providerId, name: 'Pat Block', email, phone: uniquePhone(), consent: 'on' },
  });
}

async function item(pk: string, sk: string) {
  const answer = await db.send(
    new GetItemCommand({ TableName: stack().tableName, Key: marshall({ pk, sk }), ConsistentRead: true }),
  );
  return answer.Item ? unmarshall(answer.Item) : undefined;
}

/** The lock items of these keys as the table holds them. */
async function locks(pks: readonly string[]): Promise<Record<string, unknown>[]> {
  const found: Record<string, unknown>[] = [];
  for (let i = 0; i < pks.length; i += 100) {
    const answer = await db.send(
      new BatchGetItemCommand({
        RequestItems: {
          [stack().tableName]: {
            Keys: pks.slice(i, i + 100).map((pk) => marshall({ pk, sk: 'LOCK' })),
            ConsistentRead: true,
          },
        },
      }),
    );
    found.push(...(answer.Responses?.[stack().tableName] ?? []).map((x) => unmarshall(x)));
  }
  return found;
}

async function auditActions(recordId: string): Promise<string[]> {
  const month = new Date().toISOString().slice(0, 7);
  const answer = await db.send(
    new QueryCommand({
      TableName: stack().tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :p',
      FilterExpression: 'recordId = :r',
      ExpressionAttributeValues: marshall({ ':p': `AUDIT#${month}`, ':r': recordId }),
    }),
  );
  return (answer.Items ?? []).map((x) => String(unmarshall(x).action)).sort();
}

interface BlockView {
  id: string;
  providerId: string | null;
  start: string;
  end: string;
  reason: string | null;
  createdBy: string;
  createdAt: string;
}

describe('POST, GET and DELETE /v1/staff/blocks', () => {
  it('blocks an afternoon: listed whole, gone from availability at once, back after DELETE; all audited', async () => {
    const day = nextDay(LONG_DAYS);
    const before = await slots('follow-up', day, 'dr-lee');
    expect(before.map((s) => s.start)).toContain(at(day, '13:00'));

    const created = await call(BLOCKS, {
      json: {
        providerId: 'dr-lee',
        start: at(day, '13:00'),
        end: at(day, '15:00'),
        reason: 'Dr Lee — surgery',
      },
    });
    expect(created.status).toBe(201);
    const block = created.body as unknown as BlockView;
    expect(block).toMatchObject({
      providerId: 'dr-lee',
      start: at(day, '13:00'),
      end: at(day, '15:00'),
      reason: 'Dr Lee — surgery',
      createdBy: stack().staffPool.users.frontdesk,
    });

    const during = (await slots('follow-up', day, 'dr-lee')).map((s) => s.start);
    expect(during.filter((s) => s >= at(day, '13:00') && s < at(day, '15:00'))).toEqual([]);
    expect(during).toContain(at(day, '15:00'));
    // A type with a before-buffer cannot start right at the end either: its buffer would meet the block.
    expect((await slots('botox-injection', day, 'dr-lee')).map((s) => s.start)).not.toContain(
      at(day, '15:00'),
    );

    const listed = await call(`${BLOCKS}?from=${day}&to=${day}`);
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual([block]);
    const forShah = await call(`${BLOCKS}?from=${day}&to=${day}&provider=dr-shah`);
    expect(forShah.body.items).toEqual([]);

    const deleted = await call(`${BLOCKS}/${block.id}`, { method: 'DELETE' });
    expect(deleted.status).toBe(204);
    expect(await slots('follow-up', day, 'dr-lee')).toEqual(before);
    expect((await call(`${BLOCKS}?from=${day}&to=${day}`)).body.items).toEqual([]);
    expect(await item(`BLOCK#${block.id}`, 'BLOCK')).toBeUndefined();

    expect(await auditActions(block.id)).toEqual(['block.created', 'block.deleted']);
    expect(await auditActions(`${day}..${day}`)).toEqual(['block.listed', 'block.listed']);
    expect(await auditActions(`${day}..${day} provider=dr-shah`)).toEqual(['block.listed']);
  });

  it('refuses a booking into blocked time with 409 slot_unavailable', async () => {
    const day = nextDay();
    const created = await call(BLOCKS, {
      json: { providerId: 'dr-lee', start: at(day, '09:00'), end: at(day, '10:00') },
    });
    expect(created.status).toBe(201);
    const answer = await book('follow-up', at(day, '09:20'), 'dr-lee');
    expect(answer.status).toBe(409);
    expect(answer.body.code).toBe('slot_unavailable');
    expect((await book('follow-up', at(day, '10:00'), 'dr-lee')).status).toBe(201);
  });

  it('answers 409 conflicts_with_bookings naming the booking in the way, and blocks nothing', async () => {
    const day = nextDay();
    const booked = await book('new-patient', at(day, '09:00'), 'dr-lee');
    expect(booked.status).toBe(201);
    // 09:45 is where the booking ends, but its 15-minute after-buffer reaches into the block.
    const answer = await call(BLOCKS, {
      json: { providerId: 'dr-lee', start: at(day, '09:45'), end: at(day, '11:00') },
    });
    expect(answer.status).toBe(409);
    expect(answer.body).toMatchObject({
      code: 'conflicts_with_bookings',
      bookings: [{ id: booked.body.id, start: at(day, '09:00'), providerId: 'dr-lee' }],
    });
    expect((await call(`${BLOCKS}?from=${day}&to=${day}`)).body.items).toEqual([]);
    // Dr. Shah's time is not Dr. Lee's: a block of hers alone is not in the way.
    const lockGrid = lockBlockMinutes(config.scheduling);
    const claimed = blockLockPks({
      start: new Date(at(day, '10:00')),
      end: new Date(at(day, '11:00')),
      lockedProviderIds: ['dr-lee'],
      lockBlockMinutes: lockGrid,
    });
    expect((await locks(claimed)).filter((l) => l.blockIds !== undefined)).toEqual([]);
  });

  it('with cancelAffected cancels the bookings in the way as the staff member, emails the patient, and blocks', async () => {
    const day = nextDay();
    const email = uniqueEmail('cancelled-by-block');
    const booked = await book('follow-up', at(day, '10:00'), 'dr-lee', email);
    expect(booked.status).toBe(201);
    const answer = await call(BLOCKS, {
      json: {
        providerId: 'dr-lee',
        start: at(day, '09:30'),
        end: at(day, '12:00'),
        reason: 'Private',
        cancelAffected: true,
      },
    });
    expect(answer.status).toBe(201);
    const bookingItem = await item(`BOOKING#${booked.body.id}`, 'BOOKING');
    expect(bookingItem?.status).toBe('cancelled');
    expect(JSON.stringify(bookingItem?.history)).toContain(stack().staffPool.users.frontdesk);
    const emails = await waitForEmailsTo(email, { count: 2, sesUrl: stack().sesUrl });
    const cancellation = emails.find((e) => e.subject.startsWith('Appointment cancelled'));
    expect(cancellation).toBeDefined();
    // The block's reason may be personal: the patient never sees it.
    expect(`${cancellation?.body.text}${cancellation?.body.html}`).not.toContain('Private');
    expect(await auditActions(String(booked.body.id))).toEqual(['booking.cancelled']);
    expect(await auditActions(String(answer.body.id))).toEqual(['block.created']);
  });

  it('blocks a whole day for the whole clinic (more than 100 lock items), allows a block inside it, and gives back only its own time', async () => {
    const day = nextDay(['tue', 'thu']);
    const start = at(day, '00:00');
    const end = clock.format(clock.boundaryOf(addDays(day, 1), 0));
    const drLee = await call(BLOCKS, {
      json: { providerId: 'dr-lee', start: at(day, '13:00'), end: at(day, '14:00') },
    });
    expect(drLee.status).toBe(201);

    const whole = await call(BLOCKS, { json: { providerId: null, start, end, reason: 'Staff training' } });
    expect(whole.status).toBe(201);
    const block = whole.body as unknown as BlockView;
    expect(block.providerId).toBeNull();
    const pks = blockLockPks({
      start: new Date(start),
      end: new Date(end),
      lockedProviderIds: config.scheduling.providers.map((p) => p.id),
      lockBlockMinutes: lockBlockMinutes(config.scheduling),
    });
    expect(pks.length).toBeGreaterThan(100);
    const held = await locks(pks);
    expect(held).toHaveLength(pks.length);
    expect(held.every((l) => (l.blockIds as Set<string>).has(block.id))).toBe(true);
    for (const type of ['new-patient', 'follow-up', 'botox-injection'])
      expect(await slots(type, day)).toEqual([]);
    expect((await call(`${BLOCKS}?from=${day}&to=${day}&provider=dr-shah`)).body.items).toEqual([block]);

    expect((await call(`${BLOCKS}/${block.id}`, { method: 'DELETE' })).status).toBe(204);
    const left = await locks(pks);
    // Only Dr. Lee's hour is still held, by her own block alone.
    expect(left.map((l) => [...(l.blockIds as Set<string>)])).toEqual(left.map(() => [drLee.body.id]));
    expect(left).toHaveLength(60 / lockBlockMinutes(config.scheduling));
    const open = (await slots('follow-up', day, 'dr-lee')).map((s) => s.start);
    expect(open).toContain(at(day, '09:00'));
    expect(open).not.toContain(at(day, '13:00'));
  });

  it('validates the body and the range with field paths, and answers 404 for unknown and malformed ids', async () => {
    const day = nextDay();
    const paths = async (json: unknown) =>
      ((await call(BLOCKS, { json })).body.errors as { path: string }[] | undefined)?.map((e) => e.path);
    expect(await paths({ start: at(day, '10:00'), end: at(day, '09:00') })).toEqual(['end']);
    expect(await paths({ providerId: 'dr-nobody', start: at(day, '09:00'), end: at(day, '10:00') })).toEqual([
      'providerId',
    ]);
    expect(await paths({ start: '2020-01-01T09:00:00Z', end: '2020-01-01T10:00:00Z' })).toEqual(['end']);
    expect(await paths({ start: 'tomorrow', end: at(day, '10:00') })).toEqual(['start']);
    const range = await call(`${BLOCKS}?from=${day}&to=${addDays(day, 31)}`);
    expect(range.status).toBe(400);
    expect((range.body.errors as { path: string }[]).map((e) => e.path)).toEqual(['to']);
    expect((await call(`${BLOCKS}/01JBLOCK0000000000000000AA`, { method: 'DELETE' })).status).toBe(404);
    expect((await call(`${BLOCKS}/not-a-block`, { method: 'DELETE' })).status).toBe(404);
    expect((await call(`${BLOCKS}?from=${day}&to=${day}`, { as: 'nobody' })).status).toBe(403);
  });
});

describe('a block and bookings for the same time at once', () => {
  it('never leave both the block and a confirmed booking that meets it (20 bookings + 1 block, 4 rounds)', async () => {
    const day = nextDay(LONG_DAYS);
    // Sent in either order (the block first, or the bookings), so either side gets a fair chance.
    for (const [from, until, blockFirst] of [
      ['08:00', '09:30', true],
      ['10:00', '11:30', false],
      ['13:00', '14:30', true],
      ['15:00', '16:30', false],
    ] as const) {
      const start = at(day, from);
      const end = at(day, until);
      // Every open follow-up start whose time meets the block, round-robin into 20 requests.
      const open = (await slots('follow-up', day, 'dr-lee'))
        .map((s) => s.start)
        .filter((s) => Date.parse(s) + 20 * 60_000 > Date.parse(start) && Date.parse(s) < Date.parse(end));
      expect(open.length).toBeGreaterThan(2);
      const blockRequest = () => call(BLOCKS, { json: { providerId: 'dr-lee', start, end } });
      const bookingRequests = () =>
        Array.from({ length: 20 }, (_, i) => book('follow-up', open[i % open.length] as string, 'dr-lee'));
      const first = blockFirst ? blockRequest() : undefined;
      const requests = bookingRequests();
      const [blockAnswer, bookingAnswers] = await Promise.all([
        first ?? blockRequest(),
        Promise.all(requests),
      ]);
      expect([201, 409]).toContain(blockAnswer.status);
      for (const answer of bookingAnswers) expect([201, 409]).toContain(answer.status);

      // The table after: the block's record, and the confirmed bookings of these requests.
      const confirmed = [];
      for (const answer of bookingAnswers.filter((a) => a.status === 201)) {
        const stored = await item(`BOOKING#${answer.body.id}`, 'BOOKING');
        if (stored?.status === 'confirmed') confirmed.push(stored);
      }
      const overlapping = confirmed.filter((b) =>
        meetsBlock(
          blockedInterval({
            start: new Date(String(b.start)),
            end: new Date(String(b.end)),
            bufferBeforeMinutes: Number(b.bufferBeforeMinutes),
            bufferAfterMinutes: Number(b.bufferAfterMinutes),
          }),
          { start: new Date(start), end: new Date(end) },
        ),
      );
      const pks = blockLockPks({
        start: new Date(start),
        end: new Date(end),
        lockedProviderIds: ['dr-lee'],
        lockBlockMinutes: lockBlockMinutes(config.scheduling),
      });
      const held = await locks(pks);
      if (blockAnswer.status === 201) {
        expect(await item(`BLOCK#${blockAnswer.body.id}`, 'BLOCK')).toBeDefined();
        expect(overlapping).toEqual([]);
        expect(held.every((l) => l.blockIds !== undefined && l.bookingId === undefined)).toBe(true);
        expect(held).toHaveLength(pks.length);
      } else {
        expect(blockAnswer.body.code).toBe('conflicts_with_bookings');
        expect(overlapping.length).toBeGreaterThan(0);
        // A refused block leaves no lock of its own behind.
        expect(held.filter((l) => l.blockIds !== undefined)).toEqual([]);
        const named = (blockAnswer.body.bookings as { id: string }[]).map((b) => b.id);
        expect(named.length).toBeGreaterThan(0);
        for (const id of named) expect(overlapping.map((b) => b.id)).toContain(id);
      }
    }
  });
});
