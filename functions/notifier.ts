// The outbox consumer: reads the table's stream and sends the emails each change calls for.
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { dynamoDb } from '../shared/adapters/dynamodb/client.ts';
import { deleteDelivered, deliverOnce, type OutboxDeps } from '../shared/adapters/dynamodb/outbox.ts';
import { processStreamBatch } from '../shared/adapters/dynamodb/stream.ts';
import { ses } from '../shared/adapters/ses/client.ts';
import { emailPlanners } from '../shared/app/notifications/planners.ts';
import { clinicConfig } from '../shared/config/runtime.ts';
import { optionalEnv, requireEnv } from '../shared/platform/env.ts';
import { METRICS, recordMetric, withMetrics } from '../shared/platform/metrics.ts';

const planners = emailPlanners(clinicConfig);
const deps: OutboxDeps = {
  dynamoDb,
  ses,
  tableName: requireEnv('TABLE_NAME'),
  from: clinicConfig().email.from,
  configurationSetName: optionalEnv('SES_CONFIGURATION_SET'),
};

export const handler = withMetrics(async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  return processStreamBatch(event.Records, planners, {
    deliver: async (key, email) => {
      try {
        if ((await deliverOnce(deps, key, email)) === 'sent') recordMetric(METRICS.names.emailSent);
      } catch (error) {
        recordMetric(METRICS.names.emailFailed);
        throw error;
      }
    },
    deleteItem: (key) => deleteDelivered(deps, key),
  });
});
