// The DynamoDB client, created once per container. DYNAMODB_ENDPOINT points it at DynamoDB Local;
// in Lambda it is unset and the regional endpoint applies. (One module per client: a function bundles
// only the clients it imports.)

import { optionalEnv } from '../../platform/env.ts';
import { DynamoDBClient } from './wire-client.ts';

export const dynamoDb = new DynamoDBClient({
  region: optionalEnv('AWS_REGION') ?? 'us-east-1',
  endpoint: optionalEnv('DYNAMODB_ENDPOINT'),
  maxAttempts: 3,
});
