// Staff sign-in for integration tests, against the real user pool (cognito-local): real access
// tokens, and the bad ones a test needs — expired, tampered, signed by another key, from another
// pool or another app client, an ID token — each minted honestly rather than faked.
import { generateKeyPairSync, sign } from 'node:crypto';
import {
  type CognitoIdentityProviderClient,
  CreateGroupCommand,
  CreateUserPoolCommand,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { createAppClient, createUser, localCognitoClient } from '../../../local/cognito.ts';

/** What a test needs to know of a pool (LocalUserPool has it all). */
export interface StaffPool {
  readonly endpoint: string;
  readonly userPoolId: string;
  readonly clientId: string;
  /** The demo users' password. */
  readonly password: string;
}

export interface SignedIn {
  readonly accessToken: string;
  readonly idToken: string;
}

/** `InitiateAuth` with USER_PASSWORD_AUTH, as the console does locally; fails on any challenge. */
export async function signInWith(
  client: CognitoIdentityProviderClient,
  clientId: string,
  email: string,
  password: string,
): Promise<SignedIn> {
  const answer = await client.send(
    new InitiateAuthCommand({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: clientId,
      AuthParameters: { USERNAME: email, PASSWORD: password },
    }),
  );
  const result = answer.AuthenticationResult;
  if (!result?.AccessToken || !result.IdToken) {
    throw new Error(
      `sign-in of ${email} answered the challenge ${answer.ChallengeName ?? '(none)'} instead of tokens`,
    );
  }
  return { accessToken: result.AccessToken, idToken: result.IdToken };
}

function decodePart(token: string, index: 0 | 1): Record<string, unknown> {
  const part = token.split('.')[index];
  if (part === undefined) throw new Error('not a JWT');
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
}

/** The claims of a JWT, unverified: for tests that look at what a token says. */
export function claimsOf(token: string): Record<string, unknown> {
  return decodePart(token, 1);
}

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Sign-ins and bad tokens for one pool; the extra pool and clients are made once, when first needed. */
export function staffTokens(pool: StaffPool) {
  const client = localCognitoClient(pool.endpoint);
  const once = <T>(make: () => Promise<T>) => {
    let made: Promise<T> | undefined;
    return () => {
      made ??= make();
      return made;
    };
  };
  // Both made through the pool's own API, so their tokens are the pool's own work.
  const expiringClient = once(() =>
    // Lifetimes are relative to the moment of issue: a negative one is a token already expired.
    createAppClient(client, pool.userPoolId, 'expired-on-issue', { accessTokenSeconds: -120 }),
  );
  const otherClient = once(() => createAppClient(client, pool.userPoolId, 'another-app'));
  const foreignPool = once(async () => {
    const { UserPool } = await client.send(
      new CreateUserPoolCommand({ PoolName: 'another-clinic', UsernameAttributes: ['email'] }),
    );
    const userPoolId = UserPool?.Id as string;
    const clientId = await createAppClient(client, userPoolId, 'another-console');
    await client.send(new CreateGroupCommand({ UserPoolId: userPoolId, GroupName: 'admin' }));
    return { userPoolId, clientId };
  });

  return {
    /** A signed-in user's access token. */
    async signIn(email: string): Promise<string> {
      return (await signInWith(client, pool.clientId, email, pool.password)).accessToken;
    },
    /** The ID token of a sign-in: valid, from the right pool and client, but not an access token. */
    async idToken(email: string): Promise<string> {
      return (await signInWith(client, pool.clientId, email, pool.password)).idToken;
    },
    /** An access token the pool issued already expired (an app client whose tokens live -2 minutes). */
    async expiredToken(email: string): Promise<string> {
      return (await signInWith(client, await expiringClient(), email, pool.password)).accessToken;
    },
    /** A real access token of the same pool, for another app client. */
    async otherClientToken(email: string): Promise<string> {
      return (await signInWith(client, await otherClient(), email, pool.password)).accessToken;
    },
    /** A real access token of another user pool, for a user of the same email in its `admin` group. */
    async foreignPoolToken(email: string): Promise<string> {
      const foreign = await foreignPool();
      await createUser(client, foreign.userPoolId, email, pool.password, 'admin').catch(
        (error: { name?: string }) => {
          // Made by an earlier call: the same user signs in again.
          if (error.name !== 'UsernameExistsException') throw error;
        },
      );
      return (await signInWith(client, foreign.clientId, email, pool.password)).accessToken;
    },
    /** A real access token with one claim changed after signing (groups raised to admin), signature kept. */
    async tamperedToken(email: string): Promise<string> {
      const real = await this.signIn(email);
      const [header, , signature] = real.split('.');
      const claims = { ...claimsOf(real), 'cognito:groups': ['admin'] };
      return `${header}.${encode(claims)}.${signature}`;
    },
    /** The claims of a real access token, signed again with a key of our own under the pool's `kid`. */
    async foreignKeyToken(email: string): Promise<string> {
      const real = await this.signIn(email);
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const signingInput = `${encode(decodePart(real, 0))}.${encode(claimsOf(real))}`;
      return `${signingInput}.${sign('RSA-SHA256', Buffer.from(signingInput), privateKey).toString('base64url')}`;
    },
    close(): void {
      client.destroy();
    },
  };
}

export type StaffTokens = ReturnType<typeof staffTokens>;

/**
 * The shared local stack's staff pool, signed in as its demo users (one sign-in each, reused):
 * `staffApi(path, request, as)` is `api()` with that user's access token.
 */
export function sharedStaff(
  pool: StaffPool & { readonly users: Record<'frontdesk' | 'admin' | 'nobody', string> },
) {
  const tokens = staffTokens(pool);
  const cached = new Map<string, Promise<string>>();
  const tokenOf = (who: 'frontdesk' | 'admin' | 'nobody') => {
    const email = pool.users[who];
    if (!cached.has(email)) cached.set(email, tokens.signIn(email));
    return cached.get(email) as Promise<string>;
  };
  return { tokens, tokenOf, users: pool.users };
}
