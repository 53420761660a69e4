// The whole system on one machine: DynamoDB Local with the table, the SES emulator, the SMS sink,
// the stream worker feeding the notifier, and the local API gateway. `npm run dev` and the integration tests'
// global setup both start it through startLocalStack(), so tests run against what developers run.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildConsoleSync } from '../console/build.ts';
import { staffTokenVerifier } from '../shared/adapters/cognito/tokens.ts';
import { useConsoleFiles } from '../shared/adapters/http/console-files.ts';
import { corsPolicy } from '../shared/adapters/http/cors.ts';
import type { RouteDefinition } from '../shared/adapters/http/route-record.ts';
import { NOTIFIER, ROUTES } from '../shared/adapters/http/routes/index.ts';
import { useClinicConfig } from '../shared/config/runtime.ts';
import { siteverifyExpectation } from '../shared/core/captcha/turnstile.ts';
import type { ClinicConfig } from '../shared/core/config/schema.ts';
import { DEFAULT_COGNITO_PORT, type LocalUserPool, startLocalUserPool } from './cognito.ts';
import { LocalDeadLetterQueue } from './dead-letters.ts';
import {
  ensureTable,
  localDynamoDbClient,
  type RunningDynamoDbLocal,
  startDynamoDbLocal,
} from './dynamodb.ts';
import { type RunningGateway, startGateway } from './gateway.ts';
import { LOCAL_REGION } from './http-event.ts';
import { checkJava } from './java.ts';
import { assertPortFree, PortInUseError, startReaper } from './processes.ts';
import { type RunningSesEmulator, startSesEmulator } from './ses.ts';
import { type SesOutageSwitch, startSesOutageSwitch } from './ses-outage.ts';
import {
  DEFAULT_SITE_PORT,
  type RunningDemoSite,
  SITE_PORT_NAME,
  startDemoSite,
  withDemoSite,
} from './site.ts';
import { DEFAULT_SMS_PORT, type RunningSmsSink, SMS_PORT_NAME, startSmsSink } from './sms-sink.ts';
import { LocalStreamPositions } from './stream-positions.ts';
import { type StreamHandler, StreamWorker } from './stream-worker.ts';
import {
  DEFAULT_TURNSTILE_PORT,
  type RunningTurnstileStandIn,
  startTurnstileStandIn,
  TEST_SECRETS,
  TURNSTILE_PORT_NAME,
} from './turnstile.ts';

export const REPOSITORY_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export const DEFAULT_PORTS = {
  api: 3000,
  dynamoDb: 8000,
  ses: 8005,
  sms: DEFAULT_SMS_PORT,
  cognito: DEFAULT_COGNITO_PORT,
  turnstile: DEFAULT_TURNSTILE_PORT,
  site: DEFAULT_SITE_PORT,
} as const;
/**
 * Every port taken from the OS: for stacks that run beside another (the test suite's, a test's
 * own, the stress run's, the screenshots'), so none of them collides on a default port.
 */
export const EPHEMERAL_PORTS = {
  apiPort: 0,
  dynamoDbPort: 0,
  sesPort: 0,
  smsPort: 0,
  cognitoPort: 0,
  turnstilePort: 0,
  sitePort: 0,
} as const satisfies Partial<LocalStackOptions>;
export const DEFAULT_TABLE_NAME = 'clinic-local';
/**
 * When the stream worker gives up on a record and dead-letters it, as the deployed mapping does
 * (infra/constructs/notifications.ts NOTIFIER_STREAM: once a record is 6 hours old).
 */
export const DEFAULT_GIVE_UP = { maxRecordAgeSeconds: 6 * 60 * 60 } as const;
const API_PORT = 'PORT, the API';

export interface LocalStackOptions {
  /** The validated clinic config the functions run with. */
  readonly config: ClinicConfig;
  /** @default 3000; 0 takes the port the OS hands out */
  readonly apiPort?: number;
  /** @default 8000; 0 takes a free port (tried again with another should someone take it first) */
  readonly dynamoDbPort?: number;
  /** @default 8005; 0 takes the port the OS hands out */
  readonly sesPort?: number;
  /** The SMS sink (local/sms-sink.ts). @default 8006; 0 takes the port the OS hands out */
  readonly smsPort?: number;
  /** @default 9229; 0 takes a free port (tried again with another should someone take it first) */
  readonly cognitoPort?: number;
  /**
   * The Turnstile siteverify stand-in (local/turnstile.ts), started only when the config has
   * `captcha`. @default 8007; 0 takes the port the OS hands out
   */
  readonly turnstilePort?: number;
  /**
   * The secret the functions verify tokens with. @default TURNSTILE_SECRET, else Cloudflare's
   * always-pass test secret
   */
  readonly turnstileSecret?: string;
  /**
   * The demo clinic site (local/site.ts). Its origins are allowed, and the config's URLs on
   * `http://localhost:8080` are moved to its port. @default 8080; 0 takes the port the OS hands out
   */
  readonly sitePort?: number;
  /** The demo staff users' password. @default STAFF_DEMO_PASSWORD, else generated */
  readonly staffPassword?: string;
  /** @default 'clinic-local' */
  readonly tableName?: string;
  /** Keep DynamoDB data in this directory across runs; in memory when absent. */
  readonly persistDir?: string;
  /** @default the repository root */
  readonly rootDir?: string;
  /** @default ROUTES */
  readonly routes?: readonly RouteDefinition[];
  /**
   * Put a switchable outage proxy between the functions and the SES emulator (tests only): see
   * local/ses-outage.ts. `sesOutageUrl` is then its control URL.
   */
  readonly sesOutageSwitch?: boolean;
  /** One line per API request (method, route, status, time); nothing when absent. */
  readonly logRequest?: (line: string) => void;
  /** Stream worker retries and handler failures. @default console.error */
  readonly logProblem?: (line: string) => void;
  /**
   * When the stream worker stops retrying a record and puts its position in the local dead-letter
   * table (`<table>-dead-letters`, read by `npm run dlq:replay`). @default DEFAULT_GIVE_UP
   */
  readonly giveUp?: { readonly maxRetryAttempts?: number; readonly maxRecordAgeSeconds?: number };
  /**
   * Run the stream worker in this process. `false` (the stress suite): the caller runs one itself,
   * in a process it can kill (test/stress/worker-process.ts). @default true
   */
  readonly streamWorker?: boolean;
  /** Multiplies the functions' timeouts (the stress suite only; see GatewayOptions). @default 1 */
  readonly timeoutScale?: number;
}

export interface LocalStack {
  readonly apiUrl: string;
  /** The SES emulator: its web viewer at `/`, every email as JSON at `/store`. */
  readonly sesUrl: string;
  readonly dynamoEndpoint: string;
  readonly tableName: string;
  /** The local dead-letter queue's table: positions of stream records the worker gave up on. */
  readonly deadLetterTable: string;
  /** With `sesOutageSwitch`: the proxy the functions send email through (and its controls). */
  readonly sesOutageUrl: string | undefined;
  /**
   * The SMS sink, where the functions' texts go (their SMS_ENDPOINT): its page at `/`, the texts as
   * JSON at `/messages`, `POST /opt-outs {"phone"}` to opt a number out (local/sms-sink.ts).
   */
  readonly smsUrl: string;
  /**
   * The Turnstile stand-in, when the config has `captcha` (its siteverify is the functions'
   * SITEVERIFY_URL; `POST /outage {"mode"}` simulates a Cloudflare outage): see local/turnstile.ts.
   */
  readonly turnstileUrl: string | undefined;
  /** The staff user pool (cognito-local): its ids, the demo users and their password. */
  readonly staffPool: Pick<
    LocalUserPool,
    'endpoint' | 'region' | 'userPoolId' | 'clientId' | 'issuerUrl' | 'users' | 'password'
  >;
  /** The demo clinic site, `http://localhost:PORT` (its pages use the kit and this API). */
  readonly siteUrl: string;
  /** The clinic config the functions run with: the file's, with the demo site's URLs and origins in it. */
  readonly config: ClinicConfig;
  /** The table was created by this start (not found from an earlier, persisted run). */
  readonly freshTable: boolean;
  /** The environment the functions were given (also set on this process). */
  readonly env: Readonly<Record<string, string>>;
  /** The stack's child processes (the java process of DynamoDB Local, the SES emulator). */
  readonly pids: {
    readonly dynamoDb: number | undefined;
    readonly ses: number | undefined;
    readonly cognito: number | undefined;
  };
  /** Stops the SES emulator process, as a mail outage would (its stored emails go with it). */
  stopSes(): Promise<void>;
  /** Starts the SES emulator again, on the same port. */
  startSes(): Promise<void>;
  /** Stops every part; safe to call more than once. */
  stop(): Promise<void>;
}

/**
 * A port asked for by number is checked first, for one clear message before anything starts. Port 0
 * stays 0: each part binds it itself (or, for Java, retries on a clash), since a free port picked
 * here could be taken by another stack starting at the same time before the part binds it.
 */
async function checkPort(wanted: number, what: string): Promise<number> {
  if (wanted !== 0) await assertPortFree(wanted, what);
  return wanted;
}

/**
 * Starts every part and resolves once the API answers. Throws JavaUnavailableError first when
 * there is no Java 17+ for DynamoDB Local. It sets the functions' environment
 * (TABLE_NAME, DYNAMODB_ENDPOINT, SES_ENDPOINT, SMS_ENDPOINT, …) on this process and installs the clinic config
 * before any handler module is loaded, because handlers read both once, at module load.
 */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const rootDir = options.rootDir ?? REPOSITORY_ROOT;
  const tableName = options.tableName ?? DEFAULT_TABLE_NAME;
  const logProblem = options.logProblem ?? ((line: string) => console.error(line));
  checkJava();
  const [apiPort, dynamoDbPort, sesPort, smsPort, sitePort] = [
    await checkPort(options.apiPort ?? DEFAULT_PORTS.api, API_PORT),
    await checkPort(options.dynamoDbPort ?? DEFAULT_PORTS.dynamoDb, 'DYNAMODB_PORT, DynamoDB Local'),
    await checkPort(options.sesPort ?? DEFAULT_PORTS.ses, 'SES_PORT, the SES emulator'),
    await checkPort(options.smsPort ?? DEFAULT_PORTS.sms, SMS_PORT_NAME),
    await checkPort(options.sitePort ?? DEFAULT_PORTS.site, SITE_PORT_NAME),
  ];
  const { captcha } = options.config;
  const turnstilePort = captcha
    ? await checkPort(options.turnstilePort ?? DEFAULT_PORTS.turnstile, TURNSTILE_PORT_NAME)
    : undefined;
  const cognitoPort = options.cognitoPort ?? DEFAULT_PORTS.cognito;

  let dynamoDb: RunningDynamoDbLocal | undefined;
  let ses: RunningSesEmulator | undefined;
  let outageSwitch: SesOutageSwitch | undefined;
  let smsSink: RunningSmsSink | undefined;
  let turnstile: RunningTurnstileStandIn | undefined;
  let worker: StreamWorker | undefined;
  let gateway: RunningGateway | undefined;
  let site: RunningDemoSite | undefined;
  let staffPool: LocalUserPool | undefined;
  let deadLetterClient: ReturnType<typeof localDynamoDbClient> | undefined;
  let stopping: Promise<void> | undefined;
  const reaper = startReaper();
  const childPids: (number | undefined)[] = [];
  const guard = (pid: number | undefined) => {
    childPids.push(pid);
    reaper.guard(pid);
  };
  const stop = () => {
    stopping ??= (async () => {
      await gateway?.close().catch(() => {});
      await site?.stop().catch(() => {});
      await worker?.stop().catch(() => {});
      deadLetterClient?.destroy();
      await outageSwitch?.close();
      await Promise.all([
        ses?.stop(),
        smsSink?.stop(),
        turnstile?.stop(),
        dynamoDb?.stop(),
        staffPool?.stop(),
      ]);
      for (const pid of childPids) reaper.release(pid);
      reaper.close();
    })();
    return stopping;
  };

  try {
    const [startedDynamoDb, startedSes, startedPool, startedSms] = await Promise.allSettled([
      startDynamoDbLocal({ port: dynamoDbPort, persistDir: options.persistDir, onSpawn: guard }),
      startSesEmulator({ port: sesPort, onSpawn: guard }),
      startLocalUserPool({
        port: cognitoPort,
        mfa: options.config.staff.mfa,
        ...(options.staffPassword ? { password: options.staffPassword } : {}),
        onSpawn: guard,
      }),
      startSmsSink({ port: smsPort }),
    ]);
    if (startedDynamoDb.status === 'fulfilled') dynamoDb = startedDynamoDb.value;
    if (startedSes.status === 'fulfilled') ses = startedSes.value;
    if (startedPool.status === 'fulfilled') staffPool = startedPool.value;
    if (startedSms.status === 'fulfilled') smsSink = startedSms.value;
    if (startedDynamoDb.status === 'rejected') throw startedDynamoDb.reason;
    if (startedSes.status === 'rejected') throw startedSes.reason;
    if (startedPool.status === 'rejected') throw startedPool.reason;
    if (startedSms.status === 'rejected') throw startedSms.reason;
    if (!dynamoDb || !ses || !staffPool || !smsSink) throw new Error('unreachable');

    const startedOn = ses.port;
    const client = localDynamoDbClient(dynamoDb.endpoint);
    const createdTable = await ensureTable(client, tableName).finally(() => client.destroy());

    if (options.sesOutageSwitch) outageSwitch = await startSesOutageSwitch(ses.url);
    if (captcha && turnstilePort !== undefined) {
      turnstile = await startTurnstileStandIn({
        port: turnstilePort,
        hostname: siteverifyExpectation(options.config).hostnames[0] ?? 'localhost',
        action: captcha.action,
      });
    }

    const env: Record<string, string> = {
      TABLE_NAME: tableName,
      DYNAMODB_ENDPOINT: dynamoDb.endpoint,
      SES_ENDPOINT: outageSwitch?.url ?? ses.url,
      // Texts go to the local SMS sink through the real End User Messaging client.
      SMS_ENDPOINT: smsSink.url,
      AWS_REGION: LOCAL_REGION,
      // Dummy credentials: the local engines accept any, and real ones must never be used from here.
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      STAGE: 'local',
      // The staff functions look the member's email up in this pool (cognito-local).
      STAFF_USER_POOL_ID: staffPool.userPoolId,
      STAFF_CLIENT_ID: staffPool.clientId,
      COGNITO_ENDPOINT: staffPool.endpoint,
      POWERTOOLS_SERVICE_NAME: process.env.POWERTOOLS_SERVICE_NAME ?? 'clinic-front-door',
      // The CAPTCHA's siteverify is the stand-in, and its secret a test one (read on the local stack
      // only: deployed functions read the secret from SSM Parameter Store).
      ...(turnstile
        ? {
            SITEVERIFY_URL: turnstile.siteverifyUrl,
            TURNSTILE_SECRET:
              options.turnstileSecret ?? process.env.TURNSTILE_SECRET ?? TEST_SECRETS.alwaysPasses,
          }
        : {}),
    };
    delete process.env.AWS_SESSION_TOKEN;
    delete process.env.AWS_PROFILE;
    // API_BASE_URL follows once the gateway listens: with port 0, only then is the port known.
    // The HTTP handlers load on their first request, so none has read the environment before.
    if (apiPort !== 0) env.API_BASE_URL = `http://127.0.0.1:${apiPort}`;
    Object.assign(process.env, env);
    // The demo site first: its port (0 picks one) goes into the config the functions run with.
    let config = options.config;
    let apiUrl = '';
    site = await startDemoSite({
      port: sitePort,
      rootDir,
      config: () => config,
      apiUrl: () => apiUrl,
    }).catch((error: NodeJS.ErrnoException) => {
      throw error.code === 'EADDRINUSE' ? new PortInUseError(sitePort, SITE_PORT_NAME) : error;
    });
    config = withDemoSite(options.config, site.url);
    useClinicConfig(config);
    // The staff console from source, as the stack bundles it (unminified, for reading in devtools).
    useConsoleFiles(buildConsoleSync({ minify: false }));

    deadLetterClient = localDynamoDbClient(dynamoDb.endpoint);
    const deadLetters = new LocalDeadLetterQueue(deadLetterClient, tableName);

    if (options.streamWorker !== false) {
      const notifierUrl = pathToFileURL(join(rootDir, NOTIFIER.entry)).href;
      worker = new StreamWorker({
        endpoint: dynamoDb.endpoint,
        tableName,
        region: LOCAL_REGION,
        loadHandler: async () => (await import(notifierUrl)).handler as StreamHandler,
        // Each shard resumes after the last record an earlier run handled (saved beside the table,
        // see stream-positions.ts); a shard no run has handled, a fresh table's included, from its start.
        startingPosition: 'TRIM_HORIZON',
        positions: new LocalStreamPositions(deadLetterClient, tableName),
        functionName: `clinic-local-${NOTIFIER.id}`,
        timeoutSeconds: NOTIFIER.timeoutSeconds,
        log: logProblem,
        giveUp: options.giveUp ?? DEFAULT_GIVE_UP,
        onDeadLetter: (failure) => deadLetters.send(failure),
      });
      await worker.start();
    }

    gateway = await startGateway({
      routes: options.routes ?? ROUTES,
      cors: corsPolicy(config.cors.allowedOrigins),
      rootDir,
      port: apiPort,
      log: options.logRequest ?? (() => {}),
      logError: logProblem,
      staffTokens: staffTokenVerifier({ issuerUrl: staffPool.issuerUrl, clientId: staffPool.clientId }),
      ...(options.timeoutScale ? { timeoutScale: options.timeoutScale } : {}),
    }).catch((error: NodeJS.ErrnoException) => {
      throw error.code === 'EADDRINUSE' ? new PortInUseError(apiPort, API_PORT) : error;
    });
    env.API_BASE_URL = gateway.url;
    process.env.API_BASE_URL = gateway.url;
    apiUrl = gateway.url;

    return {
      apiUrl: gateway.url,
      sesUrl: ses.url,
      dynamoEndpoint: dynamoDb.endpoint,
      tableName,
      deadLetterTable: deadLetters.queueTable,
      sesOutageUrl: outageSwitch?.url,
      smsUrl: smsSink.url,
      turnstileUrl: turnstile?.url,
      siteUrl: site.url,
      config,
      staffPool: {
        endpoint: staffPool.endpoint,
        region: staffPool.region,
        userPoolId: staffPool.userPoolId,
        clientId: staffPool.clientId,
        issuerUrl: staffPool.issuerUrl,
        users: staffPool.users,
        password: staffPool.password,
      },
      freshTable: createdTable,
      env,
      pids: { dynamoDb: dynamoDb.pid, ses: ses.pid, cognito: staffPool.pid },
      stopSes: async () => {
        await ses?.stop();
      },
      startSes: async () => {
        // On the port it had: the functions were told that URL.
        ses = await startSesEmulator({ port: startedOn, onSpawn: guard });
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
