// AWS SDK clients, created once per container. DYNAMODB_ENDPOINT / SES_ENDPOINT point them at the
// local stack (DynamoDB Local, the SES emulator); in Lambda they are unset and the SDK defaults apply.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESClient } from '@aws-sdk/client-ses';
import { optionalEnv } from '../env.ts';

const region = optionalEnv('AWS_REGION') ?? 'us-east-1';

export const dynamoDb = new DynamoDBClient({
  region,
  endpoint: optionalEnv('DYNAMODB_ENDPOINT'),
  maxAttempts: 3,
});

export const ses = new SESClient({
  region,
  endpoint: optionalEnv('SES_ENDPOINT'),
  maxAttempts: 2,
});
