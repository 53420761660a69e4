// Helpers of the booking integration tests. The clock is real, so slots are found, never
// hard-coded: each test file books on its own weekdays of the booking window (from day 3, or later
// when days 1 and 2 hold no open weekday, which keeps every booking outside the 24-hour change
// cut-off; not the days the availability tests read), and asks GET /v1/availability which times
// are open.
import { type DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { afterAll } from 'vitest';
import type { Weekday } from '../../../shared/core/config/hours.ts';
import {
  addDays,
  daysBetween,
  type LocalDate,
  localDateOf,
  weekdayOf,
  zoneClock,
} from '../../../shared/core/scheduling/time.ts';
import {
  type ApiResponse,
  api,
  clinicConfigInUse,
  testDynamoDb,
  testTableName,
  uniqueEmail,
  uniquePhone,
} from '../support/index.ts';

export const BOOKINGS = '/v1/bookings';
export const config = clinicConfigInUse();
const { timeZone } = config.clinic;

/** The files that book through the API, each on its own days. */
export const BOOKING_TEST_FILES = ['bookings', 'manage', 'concurrency', 'emails'] as const;
/**
 * …and the browser tests (test/integration/browser), which get the window's last open weekday, and
 * the staff bookings tests (test/integration/staff), which get the last STAFF_DAYS of the emails
 * file's days (it books on its first two): a fifth file in the deal would leave the manage file
 * short of days.
 */
export type BookingTestFile = (typeof BOOKING_TEST_FILES)[number] | 'browser' | 'staff-bookings';
const STAFF_DAYS = 3;

export interface Slot {
  start: string;
  end: string;
  providers: string[];
}

export interface Created {
  id: string;
  status: 'confirmed';
  type: string;
  start: string;
  end: string;
  providerId: string;
  providerName: string;
  manageToken: string;
  manageUrl: string;
}

export interface BookingView {
  id: string;
  status: 'confirmed' | 'cancelled';
  type: string;
  start: string;
  end: string;
  providerId: string;
  providerName: string;
  name: string;
}

function isClosed(date: LocalDate): boolean {
  return config.scheduling.closures.some((closure) =>
    'date' in closure
      ? closure.date === date
      : closure.start.slice(0, 10) <= date && date <= closure.end.slice(0, 10),
  );
}

/** Today in the clinic's zone. */
const clinicToday = (): LocalDate => localDateOf(new Date(), timeZone);

/** A weekday that is not (even partly) a closure day. */
export function isOpenWeekday(date: LocalDate): boolean {
  const weekday = weekdayOf(date);
  return weekday !== 'sat' && weekday !== 'sun' && !isClosed(date);
}

/** The first open weekday after `today` (tomorrow, or on a Friday the Monday). */
export function nextOpenWeekday(today: LocalDate = clinicToday()): LocalDate {
  let date = addDays(today, 1);
  while (!isOpenWeekday(date)) date = addDays(date, 1);
  return date;
}

/**
 * The days no booking test file is dealt: today and the next two, or more, up to the next open
 * weekday when the next two hold none (on a Friday, to the Monday; over Christmas, past it). The
 * console journeys book and block on them (test/integration/browser/console-journeys.test.ts), so
 * they hold a whole open weekday at any hour of any day: on a Friday afternoon, today's last times
 * are inside the booking notice and the next two days are the weekend.
 */
export function undealtDays(today: LocalDate = clinicToday()): LocalDate[] {
  const last = Math.max(2, daysBetween(today, nextOpenWeekday(today)));
  return Array.from({ length: last + 1 }, (_, offset) => addDays(today, offset));
}

/**
 * This file's weekdays: every weekday after the undealt days that is not a closure day,
 * dealt round-robin between the booking test files. Optionally only some weekdays (Dr. Shah works
 * Tuesdays and Thursdays).
 */
export function daysFor(
  file: BookingTestFile,
  only?: readonly Weekday[],
  today: LocalDate = clinicToday(),
): LocalDate[] {
  const days: LocalDate[] = [];
  for (let offset = undealtDays(today).length; offset <= config.scheduling.maxAdvanceDays; offset++) {
    // GET /v1/availability's tests expect untouched days from day 36 to 42 and from 50 to 57.
    if ((offset >= 36 && offset <= 42) || (offset >= 50 && offset <= 57)) continue;
    const date = addDays(today, offset);
    if (isOpenWeekday(date)) days.push(date);
  }
  // Taken from the end, so no other file's days move.
  const last = days.pop();
  if (file === 'browser') return last && (!only || only.includes(weekdayOf(last))) ? [last] : [];
  const index = BOOKING_TEST_FILES.indexOf(file === 'staff-bookings' ? 'emails' : file);
  const dealt = days.filter((_, i) => i % BOOKING_TEST_FILES.length === index);
  const mine =
    file === 'staff-bookings'
      ? dealt.slice(-STAFF_DAYS)
      : file === 'emails'
        ? dealt.slice(0, -STAFF_DAYS)
        : dealt;
  return only ? mine.filter((d) => only.includes(weekdayOf(d))) : mine;
}

/** Days handed out once each, optionally only some weekdays (throws when the file has none left). */
export function dayDealer(file: BookingTestFile): (only?: readonly Weekday[]) => LocalDate {
  const used = new Set<LocalDate>();
  return (only) => {
    const day = daysFor(file, only).find((d) => !used.has(d));
    if (!day) throw new Error(`No more booking days for ${file}${only ? ` (${only.join(', ')})` : ''}`);
    used.add(day);
    return day;
  };
}

/**
 * The prologue of a booking test file: a client for the table, closed after the file, and the
 * file's own booking days, handed out once each.
 */
export function bookingTestFile(file: BookingTestFile): {
  readonly db: DynamoDBClient;
  readonly nextDay: (only?: readonly Weekday[]) => LocalDate;
} {
  const db = testDynamoDb();
  afterAll(() => db.destroy());
  return { db, nextDay: dayDealer(file) };
}

/** RFC 3339 with the clinic's offset of a local wall time (`09:30`) on a date. */
export function localStart(date: LocalDate, hhmm: string): string {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  const clock = zoneClock(timeZone);
  return clock.format(clock.boundaryOf(date, h * 60 + m));
}

export async function openSlots(type: string, date: LocalDate, provider?: string): Promise<Slot[]> {
  const query = new URLSearchParams({ type, from: date, to: date, ...(provider ? { provider } : {}) });
  const response = await api(`/v1/availability?${query}`);
  if (response.status !== 200) throw new Error(`availability answered ${response.status}: ${response.text}`);
  return response.json<{ slots: Slot[] }>().slots;
}

/** The open slot of a type starting at a local time, or a clear failure when it is not open. */
export async function openSlotAt(
  type: string,
  date: LocalDate,
  hhmm: string,
  provider?: string,
): Promise<Slot> {
  const start = localStart(date, hhmm);
  const slot = (await openSlots(type, date, provider)).find((s) => s.start === start);
  if (!slot) throw new Error(`${type} at ${start}${provider ? ` with ${provider}` : ''} is not open`);
  return slot;
}

/**
 * Patient fields that pass every rule of the running config, with an email and a phone no other
 * test uses (the cap on a patient's upcoming bookings counts by either).
 */
export function patient(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    name: 'Pat Tester',
    email: uniqueEmail('booking'),
    phone: uniquePhone(),
    consent: 'on',
    ...overrides,
  };
}

export function book(
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<ApiResponse> {
  return api(BOOKINGS, { json: body, headers });
}

/** Books or fails the test with the answer it got. */
export async function mustBook(body: Record<string, unknown>): Promise<Created & { email: string }> {
  const response = await book(body);
  if (response.status !== 201) throw new Error(`booking answered ${response.status}: ${response.text}`);
  return { ...response.json<Created>(), email: String(body.email) };
}

export function getBooking(id: string, token: string): Promise<ApiResponse> {
  return api(`${BOOKINGS}/${id}`, { headers: { 'x-booking-token': token } });
}

export function cancel(id: string, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  return api(`${BOOKINGS}/${id}/cancel`, { json: body, headers });
}

export function reschedule(id: string, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  return api(`${BOOKINGS}/${id}/reschedule`, { json: body, headers });
}

export async function getItem(client: DynamoDBClient, pk: string, sk: string) {
  const result = await client.send(
    new GetItemCommand({
      TableName: testTableName(),
      Key: { pk: { S: pk }, sk: { S: sk } },
      ConsistentRead: true,
    }),
  );
  return result.Item ? unmarshall(result.Item) : undefined;
}
