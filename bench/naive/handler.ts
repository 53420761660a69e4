// The naive handler the bench compares every function with: what a first Lambda for "store a lead"
// usually looks like — the SDK v3 DynamoDB client, classic zod and middy with its JSON body parser,
// one PutItem — bundled esbuild's default way (CommonJS, `main` fields, nothing external, not
// minified). Never deployed; bench/bundles.ts builds and times it in the same run as the real bundles.
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import middy from '@middy/core';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { z } from 'zod';

const client = new DynamoDBClient({ endpoint: process.env.DYNAMODB_ENDPOINT });
const Lead = z.object({
  name: z.string().min(1).max(200),
  email: z.email(),
  message: z.string().min(1).max(5000),
});

export const handler = middy(async (event: APIGatewayProxyEventV2 & { body: unknown }) => {
  const lead = Lead.safeParse(event.body);
  if (!lead.success) return { statusCode: 400, body: JSON.stringify(z.treeifyError(lead.error)) };
  const id = crypto.randomUUID();
  await client.send(
    new PutItemCommand({
      TableName: process.env.TABLE_NAME,
      Item: {
        pk: { S: `NAIVE#${id}` },
        sk: { S: 'LEAD' },
        name: { S: lead.data.name },
        email: { S: lead.data.email },
        message: { S: lead.data.message },
      },
    }),
  );
  return { statusCode: 201, body: JSON.stringify({ id }) };
}).use(httpJsonBodyParser());
