// The outbox consumer: reads the table's stream and sends the emails each change calls for.
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { dynamoDb } from '../shared/aws/dynamodb.ts';
import { ses } from '../shared/aws/ses.ts';
import { clinicConfig } from '../shared/config/runtime.ts';
import { optionalEnv, requireEnv } from '../shared/env.ts';
import { METRICS, recordMetric } from '../shared/metrics.ts';
import { deleteDelivered, deliverOnce, type OutboxDeps } from '../shared/notifications/outbox.ts';
import { PLANNERS } from '../shared/notifications/registry.ts';
import { processStreamBatch } from '../shared/notifications/stream.ts';

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
