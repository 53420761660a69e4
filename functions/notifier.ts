// The outbox consumer: reads the table's stream and sends the emails and texts each change calls for.
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { dynamoDb } from '../shared/adapters/dynamodb/client.ts';
import { outboxDelivery } from '../shared/adapters/dynamodb/outbox-delivery.ts';
import { processStreamBatch } from '../shared/adapters/dynamodb/stream.ts';
import { ses } from '../shared/adapters/ses/client.ts';
import { sms } from '../shared/adapters/sms/client.ts';
import { textChannel } from '../shared/adapters/sms/send.ts';
import { messagePlanners } from '../shared/app/notifications/planners.ts';
import { clinicConfig } from '../shared/config/runtime.ts';
import { optionalEnv, requireEnv } from '../shared/platform/env.ts';
import { withMetrics } from '../shared/platform/metrics.ts';

const planners = messagePlanners(clinicConfig);
const delivery = outboxDelivery({
  dynamoDb,
  ses,
  tableName: requireEnv('TABLE_NAME'),
  from: clinicConfig().email.from,
  configurationSetName: optionalEnv('SES_CONFIGURATION_SET'),
  texts: textChannel(clinicConfig().sms, sms, optionalEnv('SMS_CONFIGURATION_SET')),
});

// The metrics the batch counted are flushed as one EMF line when it ends, even on an error.
export const handler = withMetrics(
  async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> =>
    processStreamBatch(event.Records, planners, delivery),
);
