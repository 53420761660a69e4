// The staff console's sign-in in a real Chromium against a real user pool (cognito-local): the
// built console served with its CSP from a small server started here, the password sign-in, the
// first sign-in's new-password step, sign-out, and axe-core on the sign-in views. Until the staff
// routes are wired into the local gateway, this server answers the few /v1 reads the console
// makes after sign-in with a stand-in that records the Bearer token (the journeys that need the
// real staff API come with it).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AdminCreateUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildConsole } from '../../../console/build.ts';
import { generatePassword, type LocalUserPool, startLocalUserPool } from '../../../local/cognito.ts';
import { consoleAssets } from '../../../shared/adapters/http/console-assets.ts';
import { accessibilityViolations, launchChromium } from './browser.ts';

let pool: LocalUserPool;
let server: Server;
let consoleUrl: string;
let browser: Browser;
let context: BrowserContext | undefined;
/** The Authorization headers the console sent to /v1/staff/*, in order. */
const bearerTokens: string[] = [];

function claims(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
}

/** Stand-in answers for the reads the console makes once signed in (see the file's first lines). */
function standIn(request: IncomingMessage, response: ServerResponse, path: string) {
  const json = (status: number, body: unknown) => {
    response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
    response.end(JSON.stringify(body));
  };
  const authorization = request.headers.authorization ?? '';
  if (path.startsWith('/v1/staff/')) {
    if (!authorization.startsWith('Bearer ')) return json(401, { message: 'Unauthorized' });
    bearerTokens.push(authorization.slice(7));
  }
  if (path === '/v1/staff/me') {
    const c = claims(authorization.slice(7));
    return json(200, { sub: c.sub, email: c.username, groups: c['cognito:groups'] ?? [] });
  }
  if (path === '/v1/staff/bookings' || path === '/v1/staff/blocks') return json(200, { items: [] });
  if (path === '/v1/appointment-types') return json(200, { types: [] });
  return json(404, { type: 'about:blank', title: 'Not found', status: 404, code: 'not_found' });
}

beforeAll(async () => {
  pool = await startLocalUserPool({ port: 0 });
  const assets = consoleAssets(await buildConsole(), {
    region: pool.region,
    userPoolId: pool.userPoolId,
    clientId: pool.clientId,
    endpoint: pool.endpoint,
  });
  server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path === '/staff' || path.startsWith('/staff/')) {
      const answer = assets.answer({
        method: request.method ?? 'GET',
        path,
        ifNoneMatch: request.headers['if-none-match'],
      });
      response.writeHead(answer.statusCode, answer.headers);
      response.end(answer.body);
      return;
    }
    standIn(request, response, path);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  consoleUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/staff/`;
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await pool?.stop();
});
afterEach(async () => {
  await context?.close();
  context = undefined;
});

/** A fresh browser at the console's sign-in; CSP refusals are collected, as none may happen. */
async function openConsole(width = 1280): Promise<{ page: Page; cspViolations: string[] }> {
  context = await browser.newContext({ viewport: { width, height: 900 } });
  const page = await context.newPage();
  const cspViolations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });
  await page.goto(consoleUrl);
  // The console fetches its config before it draws the form: wait for the heading, however long that takes.
  await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor({ state: 'visible' });
  return { page, cspViolations };
}

async function signIn(page: Page, email: string, password: string) {
  await page.getByRole('textbox', { name: 'Email' }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

describe('the staff console’s sign-in', () => {
  it.each([390, 1280])('shows a labelled sign-in form that axe-core finds clean at %i px', async (width) => {
    const { page, cspViolations } = await openConsole(width);
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Sign in');
    expect(await page.getByRole('textbox', { name: 'Email' }).getAttribute('autocomplete')).toBe('username');
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(cspViolations).toEqual([]);
  });

  it('says plainly when the password is wrong, and stays on the sign-in', async () => {
    const { page } = await openConsole();
    await signIn(page, pool.users.frontdesk, 'Not-the-password-1!');
    await expect(page.getByRole('alert').textContent()).resolves.toContain(
      'The email or password is not right.',
    );
    expect(await page.getByRole('heading', { level: 1, name: 'Sign in' }).isVisible()).toBe(true);
  });

  it('signs a demo user in, calls the API with the pool’s access token, and keeps no token in web storage', async () => {
    const { page, cspViolations } = await openConsole();
    const before = bearerTokens.length;
    await signIn(page, pool.users.frontdesk, pool.password);
    await page.getByRole('heading', { level: 1, name: /^Today, / }).waitFor();
    expect(
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit' }).count(),
    ).toBe(0);
    const sent = bearerTokens.slice(before);
    expect(sent.length).toBeGreaterThan(0);
    const token = claims(sent[0] as string);
    expect(token.iss).toBe(pool.issuerUrl);
    expect(token.token_use).toBe('access');
    expect(token.client_id).toBe(pool.clientId);
    const storage = await page.evaluate(
      // A string: the test's TypeScript has no DOM types; this runs in the page.
      '({ local: localStorage.length, session: sessionStorage.length, cookie: document.cookie })',
    );
    expect(storage).toEqual({ local: 0, session: 0, cookie: '' });
    expect(cspViolations).toEqual([]);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await expect(page.getByRole('status').textContent()).resolves.toContain('You are signed out.');
  });

  it('shows the audit trail in the navigation for an admin', async () => {
    const { page } = await openConsole();
    await signIn(page, pool.users.admin, pool.password);
    await page.getByRole('heading', { level: 1, name: /^Today, / }).waitFor();
    expect(
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit' }).count(),
    ).toBe(1);
  });

  it('asks an invited user for a new password on the first sign-in, then signs them in with it', async () => {
    const email = `invited-${Date.now()}@example.test`;
    const temporary = generatePassword();
    await pool.client().send(
      new AdminCreateUserCommand({
        UserPoolId: pool.userPoolId,
        Username: email,
        TemporaryPassword: temporary,
        MessageAction: 'SUPPRESS',
        UserAttributes: [{ Name: 'email', Value: email }],
      }),
    );
    const { page, cspViolations } = await openConsole(390);
    await signIn(page, email, temporary);
    await page.getByRole('heading', { level: 1, name: 'Choose a new password' }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);

    const chosen = generatePassword();
    await page.getByLabel('New password', { exact: true }).fill(chosen);
    await page.getByLabel('New password again').fill(`${chosen}x`);
    await page.getByRole('button', { name: 'Set password and sign in' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain(
      'The two passwords are not the same.',
    );

    await page.getByLabel('New password again').fill(chosen);
    await page.getByRole('button', { name: 'Set password and sign in' }).click();
    await page.getByRole('heading', { level: 1, name: /^Today, / }).waitFor();
    expect(cspViolations).toEqual([]);

    // The new password is the one that signs in from now on.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(page, email, chosen);
    await page.getByRole('heading', { level: 1, name: /^Today, / }).waitFor();
  });
});
