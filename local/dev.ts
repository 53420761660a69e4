// `npm run dev`: the whole backend on this machine (see docs/local-stack.md).
//   npm run dev [-- --persist DIR]
// Environment: PORT (3000), DYNAMODB_PORT (8000), SES_PORT (8005), SMS_PORT (8006), TURNSTILE_PORT (8007), SITE_PORT (8080),
// TURNSTILE_SECRET, CLINIC_CONFIG (config/dev.json), TABLE_NAME (clinic-local).
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ClinicConfigError, loadClinicConfigFile } from '../shared/config/load.ts';
import type { ClinicConfig } from '../shared/core/config/schema.ts';
import { createDemoData } from './demo-data.ts';
import { checkJava, JavaUnavailableError } from './java.ts';
import { startReminderTimer } from './reminders.ts';
import { DEFAULT_PORTS, DEFAULT_TABLE_NAME, type LocalStack, startLocalStack } from './stack.ts';
import { TEST_SECRETS } from './turnstile.ts';

const USAGE = `Usage: npm run dev [-- --persist DIR]   (e.g. --persist .dynamodb, which git ignores)

Runs DynamoDB Local, the SES emulator, the SMS sink, the stream worker, the local API gateway and the demo clinic site.
  --persist DIR   keep DynamoDB data in DIR across runs (default: in memory)
Environment: PORT (${DEFAULT_PORTS.api}), DYNAMODB_PORT (${DEFAULT_PORTS.dynamoDb}), SES_PORT (${DEFAULT_PORTS.ses}), SMS_PORT (${DEFAULT_PORTS.sms}), COGNITO_PORT (${DEFAULT_PORTS.cognito}),
  TURNSTILE_PORT (${DEFAULT_PORTS.turnstile}, with \`captcha\` in the config), SITE_PORT (${DEFAULT_PORTS.site}, the demo clinic site), each 0 for any free port; STAFF_DEMO_PASSWORD,
  TURNSTILE_SECRET (Cloudflare's always-pass test secret), CLINIC_CONFIG (config/dev.json), TABLE_NAME (${DEFAULT_TABLE_NAME}).`;

class UsageError extends Error {}

function portFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new UsageError(`${name} must be a port number (0–65535), got "${raw}"`);
  }
  return port;
}

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

async function main(): Promise<void> {
  let persistDir: string | undefined;
  try {
    const { values } = parseArgs({
      options: { persist: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
    });
    if (values.help) {
      console.info(USAGE);
      return;
    }
    persistDir = values.persist;
  } catch (error) {
    fail(`${(error as Error).message}\n\n${USAGE}`);
  }

  // The config first: a mistake in it is the most common reason for a stack that starts badly.
  const configPath = resolve(process.env.CLINIC_CONFIG || 'config/dev.json');
  let config: ClinicConfig;
  try {
    config = loadClinicConfigFile(configPath);
  } catch (error) {
    if (error instanceof ClinicConfigError) fail(error.message);
    throw error;
  }

  try {
    checkJava();
  } catch (error) {
    if (error instanceof JavaUnavailableError) fail(error.message);
    throw error;
  }

  let ports: {
    api: number;
    dynamoDb: number;
    ses: number;
    sms: number;
    cognito: number;
    turnstile: number;
    site: number;
  };
  try {
    ports = {
      api: portFromEnv('PORT', DEFAULT_PORTS.api),
      dynamoDb: portFromEnv('DYNAMODB_PORT', DEFAULT_PORTS.dynamoDb),
      ses: portFromEnv('SES_PORT', DEFAULT_PORTS.ses),
      sms: portFromEnv('SMS_PORT', DEFAULT_PORTS.sms),
      cognito: portFromEnv('COGNITO_PORT', DEFAULT_PORTS.cognito),
      turnstile: portFromEnv('TURNSTILE_PORT', DEFAULT_PORTS.turnstile),
      site: portFromEnv('SITE_PORT', DEFAULT_PORTS.site),
    };
  } catch (error) {
    if (error instanceof UsageError) fail(error.message);
    throw error;
  }

  // Signals are caught before anything starts: a Ctrl-C during start-up must not orphan java.
  let stack: LocalStack | undefined;
  let stopRequested: NodeJS.Signals | undefined;
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (!stack) {
      stopRequested = signal;
      return;
    }
    if (stopping) {
      console.error(`${signal} again; still stopping (children get SIGKILL after a few seconds)…`);
      return;
    }
    stopping = true;
    console.info(`\n${signal}: stopping the local stack…`);
    stack.stop().then(
      () => {
        console.info('Stopped.');
        process.exit(0);
      },
      (error) => fail(`Stopping failed: ${error instanceof Error ? error.message : String(error)}`),
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);

  console.info(
    'Starting DynamoDB Local, the SES emulator, the SMS sink, the staff user pool, the stream worker, the API gateway and the demo site…',
  );
  try {
    stack = await startLocalStack({
      config,
      apiPort: ports.api,
      dynamoDbPort: ports.dynamoDb,
      sesPort: ports.ses,
      smsPort: ports.sms,
      cognitoPort: ports.cognito,
      turnstilePort: ports.turnstile,
      sitePort: ports.site,
      tableName: process.env.TABLE_NAME || DEFAULT_TABLE_NAME,
      persistDir,
      logRequest: (line) => console.info(line),
    });
  } catch (error) {
    fail(`The local stack did not start: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (stopRequested) {
    shutdown(stopRequested);
    return;
  }
  // Reminders and the daily agenda go out as they would in AWS: a run at the start of every minute.
  startReminderTimer((line) => console.info(line));
  // Something to look at in the console on a fresh table; a persisted one keeps what it has.
  let demo = '';
  if (stack.freshTable && process.env.DEMO_DATA !== '0') {
    const { appointmentTypes } = config.scheduling;
    const type = appointmentTypes.find((t) => t.id === 'follow-up') ?? appointmentTypes[0];
    if (type) {
      const made = await createDemoData(stack.apiUrl, {
        timeZone: config.clinic.timeZone,
        typeId: type.id,
        captcha: config.captcha !== undefined,
      }).catch(() => undefined);
      if (made) {
        demo = `  Demo data:         ${made.bookings} bookings${made.day ? ` on ${made.day}` : ''} and ${made.leads} leads (DEMO_DATA=0 for none)`;
      }
    }
  }

  console.info(
    [
      '',
      'Local stack ready',
      `  Demo clinic site:  ${stack.siteUrl}   (book, contact, manage: the patient's side, as a clinic's site embeds it)`,
      `  API:               ${stack.apiUrl}   (try ${stack.apiUrl}/v1/health)`,
      `  Email viewer:      ${stack.sesUrl}   (JSON: ${stack.sesUrl}/store)`,
      `  Text messages:     ${stack.smsUrl}   (JSON: ${stack.smsUrl}/messages${config.sms ? '' : '; no `sms` in the config, so none are sent'})`,
      `  DynamoDB endpoint: ${stack.dynamoEndpoint}   (table ${stack.tableName}${persistDir ? `, data in ${resolve(persistDir)}` : ', in memory'})`,
      `  Clinic config:     ${configPath}`,
      `  Staff console:     ${stack.apiUrl}/staff/`,
      `    sign in as ${stack.staffPool.users.frontdesk} (front desk) or ${stack.staffPool.users.admin} (admin),`,
      `    password ${stack.staffPool.password}${process.env.STAFF_DEMO_PASSWORD ? ' (STAFF_DEMO_PASSWORD)' : ' (generated; set STAFF_DEMO_PASSWORD to choose it)'}`,
      `    ${stack.staffPool.users.nobody} is in no group (every staff route answers 403)`,
      ...(demo ? [demo] : []),
      `  Staff user pool:   ${stack.staffPool.endpoint}   (pool ${stack.staffPool.userPoolId}, client ${stack.staffPool.clientId})`,
      ...(stack.turnstileUrl
        ? [
            `  Turnstile:         ${stack.turnstileUrl}   (the siteverify stand-in; secret ${process.env.TURNSTILE_SECRET === TEST_SECRETS.alwaysPasses ? 'always passes' : 'from TURNSTILE_SECRET'}; outages: POST /outage {"mode"})`,
          ]
        : []),
      '  Reminders:         run every minute; travel in time with npm run reminders:run -- --at 2026-12-01T14:00:00Z',
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
}

main().catch((error) => fail(error instanceof Error ? (error.stack ?? error.message) : String(error)));
