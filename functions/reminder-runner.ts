// The reminder runner, invoked every minute by an EventBridge schedule: "now" is the scheduled
// event's `time`, so a run is a pure function of the table and that instant (API.md "Reminders").
import type { ScheduledEvent } from 'aws-lambda';
import { dynamoDb } from '../shared/adapters/dynamodb/client.ts';
import { reminderJob } from '../shared/adapters/reminders/job.ts';
import { clinicConfig } from '../shared/config/runtime.ts';
import { requireEnv } from '../shared/platform/env.ts';
import { withMetrics } from '../shared/platform/metrics.ts';

const run = reminderJob({
  dynamoDb,
  tableName: requireEnv('TABLE_NAME'),
  config: clinicConfig(),
  apiBaseUrl: requireEnv('API_BASE_URL'),
});

export const handler = withMetrics(async (event: ScheduledEvent) => run(new Date(event.time)));
