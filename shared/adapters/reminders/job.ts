// The reminder runner as a scheduled job: the use case with its DynamoDB store and links, and what
// a run leaves for operators (one log line of counts, the metrics the alarms read). The scheduled
// function and `npm run reminders:run` both run this.
import { randomBytes } from 'node:crypto';
import { type ReminderRun, runReminders } from '../../app/reminders/run-reminders.ts';
import type { ClinicConfig } from '../../core/config/schema.ts';
import { SHORT_CODE_LENGTH } from '../../core/scheduling/short-links.ts';
import { errorFacts, logger } from '../../platform/logger.ts';
import { METRICS, recordMetric, recordMetricValue } from '../../platform/metrics.ts';
import { DynamoReminderStore } from '../dynamodb/reminder-store.ts';
import type { DynamoDBClient } from '../dynamodb/wire-client.ts';
import { apiOriginOf, confirmUrlFor, manageUrlFor } from '../http/booking-views.ts';

export interface ReminderJobOptions {
  readonly dynamoDb: DynamoDBClient;
  readonly tableName: string;
  readonly config: ClinicConfig;
  /** The API's public origin (its pages and links): `API_BASE_URL`. */
  readonly apiBaseUrl: string;
}

const CODE_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** 12 characters of 62, uniformly from crypto random bytes (bytes ≥ 248 are drawn again). */
export function newShortCode(): string {
  let code = '';
  while (code.length < SHORT_CODE_LENGTH) {
    for (const byte of randomBytes(16)) {
      if (byte < 248 && code.length < SHORT_CODE_LENGTH) code += CODE_ALPHABET[byte % 62];
    }
  }
  return code;
}

export function reminderJob(options: ReminderJobOptions): (now: Date) => Promise<ReminderRun> {
  const store = new DynamoReminderStore(options.dynamoDb, options.tableName);
  const origin = apiOriginOf(undefined, options.apiBaseUrl);
  const { config } = options;
  const deps = {
    config,
    reminders: store,
    agenda: store,
    links: {
      manageUrl: (id: string, token: string) => manageUrlFor(config, origin, id, token),
      confirmUrl: (id: string, token: string) => confirmUrlFor(config, origin, id, token),
      shortUrl: (code: string) => `${origin}/s/${code}`,
      newShortCode,
    },
  };
  return async (now) => {
    const run = await runReminders(deps, now, (error) =>
      logger.warn(
        'A due reminder could not be handed to the outbox; the next run tries again',
        errorFacts(error),
      ),
    );
    recordMetricValue(METRICS.names.remindersReleased, run.released);
    recordMetricValue(METRICS.names.remindersOverdue, run.overdue);
    if (run.failed > 0) recordMetricValue(METRICS.names.reminderRunFailures, run.failed);
    if (run.agendaFor) recordMetric(METRICS.names.dailyAgendaSent);
    logger.info('reminder run', { at: now.toISOString(), ...run });
    return run;
  };
}
