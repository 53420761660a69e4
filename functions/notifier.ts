// The outbox consumer: reads the table's stream and sends the emails each change calls for.
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { dynamoDb } from '../shared/adapters/dynamodb/client.ts';
import { deleteDelivered, deliverOnce, type OutboxDeps } from '../shared/adapters/dynamodb/outbox.ts';
import { ses } from '../shared/adapters/ses/client.ts';
import { PLANNERS } from '../shared/app/notifications/planners.ts';
import { processStreamBatch } from '../shared/app/notifications/stream.ts';
import { clinicConfig } from '../shared/config/runtime.ts';
import { optionalEnv, requireEnv } from '../shared/platform/env.ts';
import { METRICS, recordMetric } from '../shared/platform/metrics.ts';

const deps: OutboxDeps = {
  dynamoDb,
  ses,
  tableName: requireEnv('TABLE_NAME'),
  from: clinicConfig().email.from,
  configurationSetName: optionalEnv('SES_CONFIGURATION_SET'),
};

export async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  return processStreamBatch(event.Records, PLANNERS, {
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
}
