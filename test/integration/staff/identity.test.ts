// Staff identity on the real user pool (cognito-local, started here): tokens checked as API
// Gateway's JWT authorizer checks them, every kind of bad token refused, the email from the pool.
import { AdminDeleteUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createUser,
  DEMO_USERS,
  type LocalUserPool,
  meetsPasswordPolicy,
  startLocalUserPool,
} from '../../../local/cognito.ts';
import { freePort } from '../../../local/processes.ts';
import { staffDirectory } from '../../../shared/adapters/cognito/directory.ts';
import { SIGN_IN_SCOPE } from '../../../shared/adapters/cognito/pool.ts';
import {
  poolIssuerUrl,
  type StaffTokenVerifier,
  staffTokenVerifier,
  type TokenCheck,
} from '../../../shared/adapters/cognito/tokens.ts';
import { CognitoIdentityProviderClient } from '../../../shared/adapters/cognito/wire-client.ts';
import { claimsOf, type StaffTokens, staffTokens } from '../support/staff.ts';

let pool: LocalUserPool;
let tokens: StaffTokens;
let verifier: StaffTokenVerifier;
/** The staff functions' own Cognito client (the directory's), on the local pool. */
let functionsCognito: CognitoIdentityProviderClient;

beforeAll(async () => {
  pool = await startLocalUserPool({ port: 0 });
  functionsCognito = new CognitoIdentityProviderClient({
    region: pool.region,
    endpoint: pool.endpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  tokens = staffTokens(pool);
  verifier = staffTokenVerifier({ issuerUrl: pool.issuerUrl, clientId: pool.clientId });
});

afterAll(async () => {
  functionsCognito?.destroy();
  tokens?.close();
  await pool?.stop();
});

const bearer = (token: string) => `Bearer ${token}`;

function refusedAs(check: TokenCheck): { reason: string; status: number } {
  if (check.ok) throw new Error('the token was accepted');
  return { reason: check.reason, status: check.status };
}

describe('the local user pool', () => {
  it("names cognito-local's tokens' issuer: its endpoint and the pool id", async () => {
    expect(pool.issuerUrl).toBe(poolIssuerUrl(pool));
    expect(claimsOf(await tokens.signIn(DEMO_USERS.frontdesk)).iss).toBe(
      `${pool.endpoint}/${pool.userPoolId}`,
    );
  });

  it('has a demo user in each group and one in none, signing in with the one password', async () => {
    const groupsOf = async (email: string) => claimsOf(await tokens.signIn(email))['cognito:groups'];
    expect(await groupsOf(DEMO_USERS.frontdesk)).toEqual(['frontdesk']);
    expect(await groupsOf(DEMO_USERS.admin)).toEqual(['admin']);
    expect(await groupsOf(DEMO_USERS.nobody)).toBeUndefined();
  });

  it("generates a password the pool's policy accepts when STAFF_DEMO_PASSWORD is not set", () => {
    expect(meetsPasswordPolicy(pool.password)).toBe(true);
  });

  it('refuses a weak STAFF_DEMO_PASSWORD before starting anything', async () => {
    await expect(startLocalUserPool({ port: 0, password: 'password123' })).rejects.toThrow(
      /does not meet the staff password policy/,
    );
  });

  it('says which variable to change when its port is taken', async () => {
    const port = Number(new URL(pool.endpoint).port);
    await expect(startLocalUserPool({ port })).rejects.toThrow(/COGNITO_PORT/);
  });
});

describe('an access token of the pool', () => {
  it('is accepted, with its subject, groups and client', async () => {
    const token = await tokens.signIn(DEMO_USERS.frontdesk);
    expect(await verifier.verify(bearer(token))).toStrictEqual({
      ok: true,
      identity: { sub: claimsOf(token).sub, groups: ['frontdesk'], clientId: pool.clientId },
      // The verified claims, for the event the local gateway hands the function.
      claims: claimsOf(token),
    });
  });

  it('is accepted for an admin, and for a user in no group (the group check is the route’s)', async () => {
    const admin = await verifier.verify(bearer(await tokens.signIn(DEMO_USERS.admin)));
    const nobody = await verifier.verify(bearer(await tokens.signIn(DEMO_USERS.nobody)));
    expect(admin.ok && admin.identity.groups).toEqual(['admin']);
    expect(nobody.ok && nobody.identity.groups).toEqual([]);
  });

  it('is accepted without the Bearer prefix, as the authorizer takes it', async () => {
    expect((await verifier.verify(await tokens.signIn(DEMO_USERS.frontdesk))).ok).toBe(true);
  });
});

describe('a token is refused with 401', () => {
  it.each([
    ['no Authorization header', undefined],
    ['an empty one', ''],
    ['another scheme', 'Basic ZnJvbnRkZXNrOnB3'],
  ])('when there is %s', async (_what, header) => {
    expect(refusedAs(await verifier.verify(header))).toEqual({ reason: 'missing', status: 401 });
  });

  it('when it is not a JWT', async () => {
    expect(refusedAs(await verifier.verify(bearer('not.a.jwt')))).toEqual({
      reason: 'malformed',
      status: 401,
    });
  });

  it('when it has expired', async () => {
    const token = await tokens.expiredToken(DEMO_USERS.frontdesk);
    expect(claimsOf(token).exp as number).toBeLessThan(Date.now() / 1000);
    expect(refusedAs(await verifier.verify(bearer(token)))).toEqual({ reason: 'expired', status: 401 });
  });

  it('when a claim was changed after signing (groups raised to admin)', async () => {
    const token = await tokens.tamperedToken(DEMO_USERS.frontdesk);
    expect(claimsOf(token)['cognito:groups']).toEqual(['admin']);
    expect(refusedAs(await verifier.verify(bearer(token)))).toEqual({ reason: 'signature', status: 401 });
  });

  it("when it is signed by a key other than the pool's, under the pool's key id", async () => {
    const token = await tokens.foreignKeyToken(DEMO_USERS.admin);
    expect(refusedAs(await verifier.verify(bearer(token)))).toEqual({ reason: 'signature', status: 401 });
  });

  it('when another user pool issued it (its admin, the same email)', async () => {
    const token = await tokens.foreignPoolToken(DEMO_USERS.admin);
    expect(claimsOf(token).iss).not.toBe(pool.issuerUrl);
    expect(refusedAs(await verifier.verify(bearer(token)))).toEqual({ reason: 'issuer', status: 401 });
  });

  it('when it was issued to another app client of the same pool', async () => {
    const token = await tokens.otherClientToken(DEMO_USERS.admin);
    expect(claimsOf(token).iss).toBe(pool.issuerUrl);
    expect(refusedAs(await verifier.verify(bearer(token)))).toEqual({ reason: 'client', status: 401 });
  });

  it('when an ID token is sent on a route without scopes (token_use is not access)', async () => {
    const open = staffTokenVerifier({ issuerUrl: pool.issuerUrl, clientId: pool.clientId, scopes: [] });
    const idToken = await tokens.idToken(DEMO_USERS.admin);
    expect(claimsOf(idToken).aud).toBe(pool.clientId);
    expect(refusedAs(await open.verify(bearer(idToken)))).toEqual({ reason: 'token_use', status: 401 });
  });
});

describe('an ID token in place of the access token', () => {
  it("is refused with 403 on a route requiring the sign-in scope, as the authorizer answers a token without the route's scope", async () => {
    const idToken = await tokens.idToken(DEMO_USERS.frontdesk);
    expect(claimsOf(await tokens.signIn(DEMO_USERS.frontdesk)).scope).toBe(SIGN_IN_SCOPE);
    expect(refusedAs(await verifier.verify(bearer(idToken)))).toEqual({ reason: 'scope', status: 403 });
  });
});

describe('the refusal', () => {
  it('describes the reason without quoting the token or its claims', async () => {
    const token = await tokens.otherClientToken(DEMO_USERS.frontdesk);
    const check = await verifier.verify(bearer(token));
    expect(check.ok).toBe(false);
    const text = JSON.stringify(check);
    for (const value of Object.values(claimsOf(token))) {
      if (typeof value === 'string') expect(text).not.toContain(value);
    }
  });
});

describe('a pool whose keys cannot be fetched', () => {
  it('is a fault (the promise rejects), not a refusal of the caller', async () => {
    const unreachable = `http://127.0.0.1:${await freePort()}/${pool.userPoolId}`;
    const blind = staffTokenVerifier({ issuerUrl: unreachable, clientId: pool.clientId });
    await expect(blind.verify(bearer(await tokens.signIn(DEMO_USERS.frontdesk)))).rejects.toThrow();
  });
});

describe("the staff member's email", () => {
  it('is looked up in the pool by the token’s subject', async () => {
    const directory = staffDirectory({ client: functionsCognito, userPoolId: pool.userPoolId });
    const { sub } = claimsOf(await tokens.signIn(DEMO_USERS.frontdesk)) as { sub: string };
    expect(await directory.emailOf(sub)).toBe(DEMO_USERS.frontdesk);
  });

  it('is undefined for a subject the pool does not know', async () => {
    const directory = staffDirectory({ client: functionsCognito, userPoolId: pool.userPoolId });
    expect(await directory.emailOf('00000000-0000-4000-8000-000000000000')).toBeUndefined();
  });

  it('is kept for the container (a user deleted since is still named) until the entry is older than its ttl', async () => {
    const email = `leaver+${Date.now()}@example.test`;
    await createUser(pool.client(), pool.userPoolId, email, pool.password, 'frontdesk');
    const { sub } = claimsOf(await tokens.signIn(email)) as { sub: string };
    let clock = 1_000_000;
    const directory = staffDirectory({
      client: functionsCognito,
      userPoolId: pool.userPoolId,
      ttlMs: 60_000,
      now: () => clock,
    });
    expect(await directory.emailOf(sub)).toBe(email);
    await pool.client().send(new AdminDeleteUserCommand({ UserPoolId: pool.userPoolId, Username: email }));
    expect(await directory.emailOf(sub)).toBe(email);
    clock += 60_000;
    expect(await directory.emailOf(sub)).toBeUndefined();
  });
});
