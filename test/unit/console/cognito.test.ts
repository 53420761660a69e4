// The console's Cognito client against a real user pool (cognito-local): the calls the browser
// makes with fetch, the challenges a person meets, refresh and revocation.
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AssociateSoftwareTokenCommand,
  VerifySoftwareTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CognitoClient,
  CognitoError,
  cognitoClient,
  type SignInStep,
  tokenClaims,
} from '../../../console/src/cognito.ts';
import {
  createUser,
  generatePassword,
  type LocalUserPool,
  startLocalUserPool,
} from '../../../local/cognito.ts';
import { totpCode } from './totp.ts';

let pool: LocalUserPool;
let client: CognitoClient;

beforeAll(async () => {
  // MFA optional: the demo users sign in with a password; a user with an authenticator gets the TOTP challenge.
  pool = await startLocalUserPool({ port: 0, mfa: 'optional' });
  client = cognitoClient({
    region: pool.region,
    userPoolId: pool.userPoolId,
    clientId: pool.clientId,
    endpoint: pool.endpoint,
  });
}, 60_000);
afterAll(async () => {
  await pool?.stop();
});

const unique = (label: string) =>
  `${label}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.test`;

function signedIn(step: SignInStep) {
  if (step.kind !== 'signedIn') throw new Error(`expected tokens, got the ${step.kind} challenge`);
  return step.tokens;
}

describe('the console signing in to Cognito', () => {
  it('signs a demo user in with USER_PASSWORD_AUTH and gets tokens of the pool, with the groups', async () => {
    const before = Date.now();
    const tokens = signedIn(await client.signIn(pool.users.frontdesk, pool.password));
    const claims = tokenClaims(tokens.accessToken);
    expect(claims.iss).toBe(pool.issuerUrl);
    expect(claims.client_id).toBe(pool.clientId);
    expect(claims['cognito:groups']).toEqual(['frontdesk']);
    expect(tokens.refreshToken).toBeTruthy();
    expect(tokens.expiresAt).toBeGreaterThan(before);
  });

  it('answers a wrong password with plain words, not Cognito’s exception name', async () => {
    const error = await client.signIn(pool.users.frontdesk, 'not-the-password').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CognitoError);
    expect((error as CognitoError).message).toBe('The email or password is not right.');
  });

  it('asks a first-time user for a new password and signs them in with it', async () => {
    const email = unique('invited');
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
    const step = await client.signIn(email, temporary);
    expect(step.kind).toBe('newPassword');
    if (step.kind !== 'newPassword') return;
    const chosen = generatePassword();
    const tokens = signedIn(await client.setNewPassword(step, chosen));
    expect(tokenClaims(tokens.accessToken).username).toBeTruthy();
    const user = await pool
      .client()
      .send(new AdminGetUserCommand({ UserPoolId: pool.userPoolId, Username: email }));
    expect(user.UserStatus).toBe('CONFIRMED');
    // The new password is the one that works from now on.
    signedIn(await client.signIn(email, chosen));
  });

  it('asks a user with an authenticator for its code, refuses a wrong one and accepts the right one', async () => {
    const email = unique('totp');
    const password = generatePassword();
    await createUser(pool.client(), pool.userPoolId, email, password, 'frontdesk');
    const first = signedIn(await client.signIn(email, password));
    const { SecretCode } = await pool
      .client()
      .send(new AssociateSoftwareTokenCommand({ AccessToken: first.accessToken }));
    const secret = SecretCode as string;
    await pool.client().send(
      new VerifySoftwareTokenCommand({
        AccessToken: first.accessToken,
        UserCode: totpCode(secret),
        FriendlyDeviceName: 'test',
      }),
    );

    const step = await client.signIn(email, password);
    expect(step.kind).toBe('totp');
    if (step.kind !== 'totp') return;
    const wrong = await client.answerTotp(step, '000000').catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(CognitoError);
    expect((wrong as CognitoError).type).toBe('CodeMismatchException');

    const again = await client.signIn(email, password);
    if (again.kind !== 'totp') throw new Error(`expected the TOTP challenge, got ${again.kind}`);
    const tokens = signedIn(await client.answerTotp(again, totpCode(secret)));
    expect(tokenClaims(tokens.accessToken)['cognito:groups']).toEqual(['frontdesk']);
  });

  it('refreshes the tokens with the refresh token, keeping it', async () => {
    const tokens = signedIn(await client.signIn(pool.users.admin, pool.password));
    const fresh = await client.refresh(tokens.refreshToken);
    expect(fresh.refreshToken).toBe(tokens.refreshToken);
    expect(tokenClaims(fresh.accessToken).client_id).toBe(pool.clientId);
    expect(tokenClaims(fresh.accessToken)['cognito:groups']).toEqual(['admin']);
  });

  it('cannot refresh with a refresh token revoked at sign-out', async () => {
    const tokens = signedIn(await client.signIn(pool.users.admin, pool.password));
    await client.revoke(tokens.refreshToken);
    await expect(client.refresh(tokens.refreshToken)).rejects.toBeInstanceOf(CognitoError);
  });

  it('says so plainly when the pool cannot be reached', async () => {
    const offline = cognitoClient({
      region: pool.region,
      userPoolId: pool.userPoolId,
      clientId: pool.clientId,
      endpoint: 'http://127.0.0.1:1',
    });
    await expect(offline.signIn(pool.users.frontdesk, pool.password)).rejects.toThrow(/cannot be reached/);
  });
});
