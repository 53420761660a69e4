// `npm run reminders:run -- --at ISO_INSTANT`: one run of the reminder runner against the running
// local stack (`npm run dev`), as if it were that instant. What it hands to the outbox, the stack's
// stream worker sends: emails to the email viewer, texts to the SMS sink.
// Environment: DYNAMODB_PORT (8000), TABLE_NAME (clinic-local), PORT (3000, for the links),
// API_BASE_URL (instead of PORT), CLINIC_CONFIG (config/dev.json).
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runRemindersOnce } from '../local/reminders.ts';
import { loadClinicConfigFile } from '../shared/config/load.ts';
import { useClinicConfig } from '../shared/config/runtime.ts';

const USAGE = 'Usage: npm run reminders:run -- [--at 2026-12-01T14:00:00Z]   (default: now)';

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

async function main(): Promise<void> {
  let at = new Date();
  try {
    const { values } = parseArgs({
      options: { at: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
    if (values.help) {
      console.info(USAGE);
      return;
    }
    if (values.at !== undefined) {
      // An instant, with its offset: "2026-12-01T09:00" alone would be read in this machine's zone.
      if (!/(?:Z|[+-]\d{2}:\d{2})$/i.test(values.at) || Number.isNaN(Date.parse(values.at))) {
        fail(
          `--at must be an ISO 8601 instant with an offset (2026-12-01T14:00:00Z), got "${values.at}"\n${USAGE}`,
        );
      }
      at = new Date(values.at);
    }
  } catch (error) {
    fail(`${(error as Error).message}\n${USAGE}`);
  }
  const port = process.env.DYNAMODB_PORT || '8000';
  Object.assign(process.env, {
    TABLE_NAME: process.env.TABLE_NAME || 'clinic-local',
    DYNAMODB_ENDPOINT: process.env.DYNAMODB_ENDPOINT || `http://127.0.0.1:${port}`,
    API_BASE_URL: process.env.API_BASE_URL || `http://localhost:${process.env.PORT || '3000'}`,
    AWS_REGION: process.env.AWS_REGION || 'us-east-1',
    // The local engines accept any credentials; real ones must never be used from here.
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    STAGE: 'local',
  });
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;
  useClinicConfig(loadClinicConfigFile(resolve(process.env.CLINIC_CONFIG || 'config/dev.json')));
  const run = await runRemindersOnce(at);
  console.info(
    `Reminder run as of ${at.toISOString()}: ${run.released} handed to the outbox, ${run.discarded} dropped, ` +
      `${run.held} texts held for quiet hours, ${run.failed} failed` +
      (run.agendaFor ? `; daily agenda of ${run.agendaFor} sent` : ''),
  );
  if (run.failed > 0) process.exitCode = 1;
}

main().catch((error) => fail(error instanceof Error ? (error.stack ?? error.message) : String(error)));
