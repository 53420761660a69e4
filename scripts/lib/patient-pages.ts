// The patient's way to each page the API answers a plain form with, in a real browser on the
// demo clinic site (local/site.ts): `npm run screenshots` photographs them, and the browser tests
// (test/integration/browser/patient-pages.test.ts) check them. JavaScript is off in the contexts
// these are used with, so the pages are what a plain HTML form gets, whatever the kit does.
import { randomInt, randomUUID } from 'node:crypto';
import type { Page, Response } from 'playwright-core';
import type { ClinicConfig } from '../../shared/core/config/schema.ts';

export interface PatientStack {
  readonly apiUrl: string;
  readonly siteUrl: string;
  readonly config: ClinicConfig;
}

export interface FreeSlot {
  readonly start: string;
  readonly end: string;
  readonly providers: readonly string[];
}

/** A client address of its own (198.18.0.0/15, for benchmarks), so no rate limit is shared. */
export function clientIp(): string {
  return `198.${randomInt(18, 20)}.${randomInt(0, 256)}.${randomInt(1, 255)}`;
}

/** A fictional number (555-01xx) of its own: the per-patient booking limit matches phones too. */
export function uniquePhone(): string {
  const areas = ['201', '973', '908', '732', '862', '551', '609', '856'];
  return `(${areas[randomInt(0, areas.length)]}) 555-01${String(randomInt(0, 100)).padStart(2, '0')}`;
}

export const uniqueAddress = (label: string) => `${label}+${randomUUID().slice(0, 10)}@example.com`;

const localDate = (instant: Date, timeZone: string) => instant.toLocaleDateString('en-CA', { timeZone });

/** The open slots of a type over the next three weeks (what the demo book page lists from). */
export async function freeSlots(stack: PatientStack, typeId: string): Promise<FreeSlot[]> {
  const { timeZone } = stack.config.clinic;
  const now = new Date();
  const query = new URLSearchParams({
    type: typeId,
    from: localDate(now, timeZone),
    to: localDate(new Date(now.getTime() + 20 * 86_400_000), timeZone),
  });
  const response = await fetch(`${stack.apiUrl}/v1/availability?${query}`, {
    headers: { accept: 'application/json' },
  });
  if (!response.ok) throw new Error(`GET /v1/availability answered ${response.status}`);
  return ((await response.json()) as { slots: FreeSlot[] }).slots;
}

export interface Booked {
  readonly id: string;
  readonly manageToken: string;
  readonly manageUrl: string;
}

/** A booking made the way a script does it (JSON), by a patient of its own. */
export async function bookJson(
  stack: PatientStack,
  typeId: string,
  start: string,
  email = uniqueAddress('booked'),
): Promise<Booked> {
  const response = await postBookingJson(stack, typeId, start, email);
  if (response.status !== 201)
    throw new Error(`POST /v1/bookings answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as Booked;
}

/** Books `start` for every provider who offers the type and is free then, until the API answers 409. */
async function takeTimeFromEveryProvider(stack: PatientStack, typeId: string, start: string): Promise<void> {
  for (let booked = 0; booked <= stack.config.scheduling.providers.length; booked++) {
    const response = await postBookingJson(stack, typeId, start, uniqueAddress('booked'));
    if (response.status === 409) return;
    if (response.status !== 201)
      throw new Error(`POST /v1/bookings answered ${response.status}: ${await response.text()}`);
  }
  throw new Error(`${start} stayed open after every provider was booked`);
}

function postBookingJson(
  stack: PatientStack,
  typeId: string,
  start: string,
  email: string,
): Promise<globalThis.Response> {
  return fetch(`${stack.apiUrl}/v1/bookings`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json',
      'x-forwarded-for': clientIp(),
    },
    body: JSON.stringify({
      type: typeId,
      start,
      name: 'Sam Screenshot',
      email,
      phone: uniquePhone(),
      consent: true,
    }),
  });
}

/** Waits for the answer of the form post the action starts (the API's, before any redirect). */
export async function postedAnswer(page: Page, path: string, act: () => Promise<void>): Promise<Response> {
  const answer = page.waitForResponse(
    (response) => response.request().method() === 'POST' && new URL(response.url()).pathname === path,
  );
  await act();
  const response = await answer;
  await page.waitForLoadState('load');
  return response;
}

export interface ContactFields {
  readonly name: string;
  readonly email: string;
  readonly phone?: string;
  readonly message: string;
}

/** The demo site's contact page, filled in by the labels a person reads. */
export async function fillContactForm(page: Page, stack: PatientStack, fields: ContactFields): Promise<void> {
  await page.goto(`${stack.siteUrl}/contact`);
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill(fields.name);
  await page.getByRole('textbox', { name: 'Email', exact: true }).fill(fields.email);
  if (fields.phone) await page.getByRole('textbox', { name: /^Phone/ }).fill(fields.phone);
  await page.getByRole('textbox', { name: 'Message', exact: true }).fill(fields.message);
  await page.getByRole('checkbox', { name: /^You may contact me/ }).check();
}

export const sendContactForm = (page: Page) =>
  postedAnswer(page, '/v1/inquiries', () => page.getByRole('button', { name: 'Send message' }).click());

/**
 * The 400 page: an address the browser takes but the API refuses (the HTML standard allows a
 * dotless domain) and a phone number that is not one, with a message and a name with markup in it.
 */
export async function openValidationPage(page: Page, stack: PatientStack): Promise<Response> {
  await fillContactForm(page, stack, {
    name: 'Alex <b>Typed</b>',
    email: 'alex@localhost',
    phone: '(123) 456-7890',
    message: 'My lower back hurts when I sit.\nIs Thursday evening possible?',
  });
  return sendContactForm(page);
}

/**
 * The 429 page: the client's hourly allowance (forms.rateLimitPerHour) spent by scripted posts
 * from its address first, then the form sent once more from the browser, from the same address.
 */
export async function openRateLimitedPage(page: Page, stack: PatientStack, ip: string): Promise<Response> {
  for (let sent = 0; sent < stack.config.forms.rateLimitPerHour; sent++) {
    const response = await fetch(`${stack.apiUrl}/v1/inquiries`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
      body: JSON.stringify({
        name: 'Allowance',
        email: uniqueAddress('allowance'),
        message: `Number ${sent}`,
        consent: true,
      }),
    });
    if (response.status === 429) break;
  }
  // The browser posts from the same address (the local gateway trusts X-Forwarded-For from loopback).
  await page.setExtraHTTPHeaders({ 'x-forwarded-for': ip });
  await fillContactForm(page, stack, {
    name: 'Robin Patient',
    email: uniqueAddress('robin'),
    message: 'Can I come in this week? My knee is swollen since the match on Saturday.',
  });
  return sendContactForm(page);
}

/** The demo book page's plain form (JavaScript off), filled in for a patient. */
export async function fillBookingForm(
  page: Page,
  stack: PatientStack,
  typeId: string,
  start: string,
  email: string,
): Promise<void> {
  await page.goto(`${stack.siteUrl}/book?type=${typeId}`);
  await page.locator(`input[name="start"][value="${start}"]`).check();
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Jordan Patient');
  await page.getByRole('textbox', { name: /^Email/ }).fill(email);
  await page.getByRole('textbox', { name: 'Phone', exact: true }).fill(uniquePhone());
  await page.getByRole('textbox', { name: /^Reason/ }).fill('Follow-up on my lower back');
  await page.getByRole('checkbox', { name: /^I agree to the booking terms/ }).check();
}

/**
 * The 409 page: the first time the book page lists is taken by someone else (a JSON booking)
 * after the page was loaded, then the patient books it.
 */
export async function openSlotTakenPage(
  page: Page,
  stack: PatientStack,
  typeId = 'follow-up',
): Promise<{ answer: Response; taken: string; email: string }> {
  await page.goto(`${stack.siteUrl}/book?type=${typeId}`);
  const taken = await page.locator('input[name="start"]').first().getAttribute('value');
  if (!taken) throw new Error('The demo book page lists no free time');
  const email = uniqueAddress('jordan');
  await fillBookingForm(page, stack, typeId, taken, email);
  // Taken for everyone: with "any provider", one provider's booking leaves the time open with another.
  await takeTimeFromEveryProvider(stack, typeId, taken);
  const answer = await postedAnswer(page, '/v1/bookings', () =>
    page.getByRole('button', { name: 'Book' }).click(),
  );
  return { answer, taken, email };
}

/** A manage link that matches no booking (a well-formed id, a wrong token). */
export function unknownManageUrl(stack: PatientStack): string {
  return `${stack.apiUrl}/v1/bookings/01KZZZZZZZZZZZZZZZZZZZZZZZ?token=not-a-token`;
}
