// The local stack's staff user pool: cognito-local (an emulator of the Cognito user-pool API) as
// its own process, with a pool set up as the deployed one is (admin-created users, the password
// policy, MFA per `staff.mfa`), the console's app client, the groups and a demo user in each.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  SetUserPoolMfaConfigCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  cognitoMfaConfiguration,
  STAFF_GROUPS,
  STAFF_PASSWORD_POLICY,
  STAFF_TOKEN_VALIDITY,
  type StaffGroup,
} from '../shared/adapters/cognito/pool.ts';
import type { StaffMfa } from '../shared/core/config/schema.ts';
import { LOCAL_REGION } from './http-event.ts';
import {
  assertPortFree,
  captureOutput,
  freePort,
  hasExited,
  stopChild,
  waitUntilReady,
} from './processes.ts';

export const DEFAULT_COGNITO_PORT = 9229;

/** The demo sign-ins of API.md's "The local stack, round 2", by the group each is in. */
export const DEMO_USERS = {
  frontdesk: 'frontdesk@example.test',
  admin: 'admin@example.test',
  nobody: 'nobody@example.test',
} as const;

export interface LocalUserPoolOptions {
  /** @default 9229 (COGNITO_PORT); 0 picks a free port */
  readonly port?: number;
  /** @default 127.0.0.1 */
  readonly host?: string;
  /** The demo users' password. @default STAFF_DEMO_PASSWORD, else a generated one */
  readonly password?: string;
  /** `staff.mfa` of the clinic config. @default 'off' (a demo user signs in with a password alone) */
  readonly mfa?: StaffMfa;
  /** Told cognito-local's pid as soon as it is spawned (see startReaper). */
  readonly onSpawn?: (pid: number | undefined) => void;
}

export interface LocalUserPool {
  /** cognito-local's URL: the SDK's `endpoint`, and the base of the tokens' issuer. */
  readonly endpoint: string;
  readonly region: string;
  readonly userPoolId: string;
  /** The console's app client (USER_PASSWORD_AUTH allowed, no secret). */
  readonly clientId: string;
  /** `iss` of the pool's tokens: `<endpoint>/<userPoolId>`. */
  readonly issuerUrl: string;
  readonly users: typeof DEMO_USERS;
  readonly password: string;
  readonly pid: number | undefined;
  /** A client of the running pool, for tests and tools that add users or clients. */
  client(): CognitoIdentityProviderClient;
  /** Stops cognito-local and removes its state; safe to call more than once. */
  stop(): Promise<void>;
}

/** How many times a free port that someone else took before cognito-local bound it is retried. */
const PORT_ATTEMPTS = 4;

function cognitoLocalCli(): string {
  return createRequire(import.meta.url).resolve('cognito-local/lib/bin/start.js');
}

/**
 * A password the pool's policy accepts, from a CSPRNG: 20 characters, each class present. Not
 * a library: four classes and a shuffle are a few lines, and the policy is ours to match.
 */
export function generatePassword(length = 20): string {
  const classes = ['abcdefghijkmnopqrstuvwxyz', 'ABCDEFGHJKLMNPQRSTUVWXYZ', '23456789', '!#%+-.:=?@_'];
  const all = classes.join('');
  const chars = classes.map((set) => set[randomInt(set.length)] as string);
  while (chars.length < length) chars.push(all[randomInt(all.length)] as string);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j] as string, chars[i] as string];
  }
  return chars.join('');
}

/** Whether `password` meets STAFF_PASSWORD_POLICY (cognito-local does not enforce a policy itself). */
export function meetsPasswordPolicy(password: string): boolean {
  const policy = STAFF_PASSWORD_POLICY;
  return (
    password.length >= policy.minLength &&
    (!policy.requireLowercase || /[a-z]/.test(password)) &&
    (!policy.requireUppercase || /[A-Z]/.test(password)) &&
    (!policy.requireDigits || /\d/.test(password)) &&
    (!policy.requireSymbols || /[^A-Za-z0-9]/.test(password))
  );
}

interface RunningEmulator {
  readonly child: ChildProcess;
  readonly endpoint: string;
}

/** One attempt at starting cognito-local on `port`, its state in `stateDir`. */
async function startEmulator(
  port: number,
  host: string,
  stateDir: string,
  onSpawn: LocalUserPoolOptions['onSpawn'],
): Promise<RunningEmulator> {
  const endpoint = `http://${host}:${port}`;
  // cognito-local reads its config from .cognito/config.json under its working directory; the
  // issuer is said outright so that the tokens name the address the verifier fetches keys from.
  mkdirSync(join(stateDir, '.cognito'), { recursive: true });
  writeFileSync(
    join(stateDir, '.cognito', 'config.json'),
    JSON.stringify({
      TokenConfig: { IssuerDomain: endpoint },
      UserPoolDefaults: { UsernameAttributes: ['email'] },
    }),
  );
  const child = spawn(process.execPath, [cognitoLocalCli()], {
    cwd: stateDir,
    stdio: ['ignore', 'pipe', 'pipe'],
    // CODE would make every temporary password and MFA code the same; DEBUG would log requests.
    env: { ...process.env, PORT: String(port), HOST: host, CODE: '', DEBUG: '' },
  });
  onSpawn?.(child.pid);
  const output = captureOutput(child);
  try {
    await waitUntilReady(
      'cognito-local',
      async () => (await fetch(`${endpoint}/health`, { signal: AbortSignal.timeout(2_000) })).ok,
      child,
      output,
      30_000,
    );
  } catch (error) {
    await stopChild(child);
    if (/EADDRINUSE/.test(output())) throw new PortTakenError(port);
    throw error;
  }
  return { child, endpoint };
}

class PortTakenError extends Error {
  constructor(readonly port: number) {
    super(`Port ${port} (COGNITO_PORT, cognito-local) is already in use; choose another one`);
  }
}

/** Creates the pool, the console's client, the groups and the demo users, as production has them. */
async function setUpPool(
  client: CognitoIdentityProviderClient,
  mfa: StaffMfa,
  password: string,
): Promise<{ userPoolId: string; clientId: string }> {
  const policy = STAFF_PASSWORD_POLICY;
  const { UserPool } = await client.send(
    new CreateUserPoolCommand({
      PoolName: 'clinic-staff-local',
      UsernameAttributes: ['email'],
      AutoVerifiedAttributes: ['email'],
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }] },
      Policies: {
        PasswordPolicy: {
          MinimumLength: policy.minLength,
          RequireLowercase: policy.requireLowercase,
          RequireUppercase: policy.requireUppercase,
          RequireNumbers: policy.requireDigits,
          RequireSymbols: policy.requireSymbols,
          TemporaryPasswordValidityDays: policy.tempPasswordValidityDays,
        },
      },
      MfaConfiguration: cognitoMfaConfiguration(mfa),
    }),
  );
  const userPoolId = UserPool?.Id;
  if (!userPoolId) throw new Error('cognito-local created a user pool without an id');
  if (mfa !== 'off') {
    await client.send(
      new SetUserPoolMfaConfigCommand({
        UserPoolId: userPoolId,
        MfaConfiguration: cognitoMfaConfiguration(mfa),
        SoftwareTokenMfaConfiguration: { Enabled: true },
      }),
    );
  }
  const clientId = await createAppClient(client, userPoolId, 'staff-console');
  for (const group of STAFF_GROUPS) {
    await client.send(new CreateGroupCommand({ UserPoolId: userPoolId, GroupName: group }));
  }
  const groups: Record<keyof typeof DEMO_USERS, StaffGroup | undefined> = {
    frontdesk: 'frontdesk',
    admin: 'admin',
    nobody: undefined,
  };
  for (const [key, email] of Object.entries(DEMO_USERS) as [keyof typeof DEMO_USERS, string][]) {
    await createUser(client, userPoolId, email, password, groups[key]);
  }
  return { userPoolId, clientId };
}

/** An app client like the console's: no secret, password sign-in allowed (locally), the deployed lifetimes. */
export async function createAppClient(
  client: CognitoIdentityProviderClient,
  userPoolId: string,
  name: string,
  validity: { accessTokenSeconds?: number } = {},
): Promise<string> {
  const { UserPoolClient } = await client.send(
    new CreateUserPoolClientCommand({
      UserPoolId: userPoolId,
      ClientName: name,
      GenerateSecret: false,
      ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      PreventUserExistenceErrors: 'ENABLED',
      EnableTokenRevocation: true,
      AccessTokenValidity: validity.accessTokenSeconds ?? STAFF_TOKEN_VALIDITY.accessTokenMinutes * 60,
      IdTokenValidity: STAFF_TOKEN_VALIDITY.idTokenMinutes * 60,
      RefreshTokenValidity: STAFF_TOKEN_VALIDITY.refreshTokenHours * 3600,
      TokenValidityUnits: { AccessToken: 'seconds', IdToken: 'seconds', RefreshToken: 'seconds' },
    }),
  );
  const clientId = UserPoolClient?.ClientId;
  if (!clientId) throw new Error('cognito-local created an app client without an id');
  return clientId;
}

/** A confirmed user with a permanent password (as after the first sign-in's new-password step). */
export async function createUser(
  client: CognitoIdentityProviderClient,
  userPoolId: string,
  email: string,
  password: string,
  group?: StaffGroup,
): Promise<void> {
  await client.send(
    new AdminCreateUserCommand({
      UserPoolId: userPoolId,
      Username: email,
      UserAttributes: [
        { Name: 'email', Value: email },
        { Name: 'email_verified', Value: 'true' },
      ],
      MessageAction: 'SUPPRESS',
    }),
  );
  await client.send(
    new AdminSetUserPasswordCommand({
      UserPoolId: userPoolId,
      Username: email,
      Password: password,
      Permanent: true,
    }),
  );
  if (group) {
    await client.send(
      new AdminAddUserToGroupCommand({ UserPoolId: userPoolId, Username: email, GroupName: group }),
    );
  }
}

/** A client of cognito-local: it checks no credentials, but the SDK wants some. */
export function localCognitoClient(endpoint: string): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient({
    endpoint,
    region: LOCAL_REGION,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}

/** Starts cognito-local and sets up the staff pool; resolves once the demo users can sign in. */
export async function startLocalUserPool(options: LocalUserPoolOptions = {}): Promise<LocalUserPool> {
  const host = options.host ?? '127.0.0.1';
  const wanted = options.port ?? DEFAULT_COGNITO_PORT;
  const password = options.password ?? (process.env.STAFF_DEMO_PASSWORD || generatePassword());
  if (!meetsPasswordPolicy(password)) {
    throw new Error(
      `STAFF_DEMO_PASSWORD does not meet the staff password policy (at least ${STAFF_PASSWORD_POLICY.minLength} characters, with lower- and upper-case letters, a digit and a symbol)`,
    );
  }
  // Fresh state every start: a pool id from an earlier run would not match the printed one.
  const stateDir = mkdtempSync(join(tmpdir(), 'cognito-local-'));
  let emulator: RunningEmulator | undefined;
  try {
    if (wanted !== 0) {
      await assertPortFree(wanted, 'COGNITO_PORT, cognito-local');
      emulator = await startEmulator(wanted, host, stateDir, options.onSpawn);
    } else {
      for (let attempt = 1; !emulator; attempt++) {
        try {
          emulator = await startEmulator(await freePort(host), host, stateDir, options.onSpawn);
        } catch (error) {
          // Another process took the free port between the probe and cognito-local's bind.
          if (!(error instanceof PortTakenError) || attempt >= PORT_ATTEMPTS) throw error;
        }
      }
    }
    const running = emulator;
    const client = localCognitoClient(running.endpoint);
    const { userPoolId, clientId } = await setUpPool(client, options.mfa ?? 'off', password);
    let stopped: Promise<void> | undefined;
    return {
      endpoint: running.endpoint,
      region: LOCAL_REGION,
      userPoolId,
      clientId,
      issuerUrl: `${running.endpoint}/${userPoolId}`,
      users: DEMO_USERS,
      password,
      pid: running.child.pid,
      client: () => client,
      stop() {
        stopped ??= (async () => {
          client.destroy();
          if (!hasExited(running.child)) await stopChild(running.child);
          rmSync(stateDir, { recursive: true, force: true });
        })();
        return stopped;
      },
    };
  } catch (error) {
    if (emulator) await stopChild(emulator.child);
    rmSync(stateDir, { recursive: true, force: true });
    throw error;
  }
}
