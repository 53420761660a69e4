import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ensureTable, startDynamoDbLocal } from '../local/dynamodb.ts';
import { ROUTES } from '../shared/adapters/http/routes/index.ts';
import { eventFor } from './routes.ts';
const [bundle, url, prof] = process.argv.slice(2);
const dynamo = await startDynamoDbLocal({ port: 0 });
try {
  await ensureTable(new DynamoDBClient({ region: 'us-east-1', endpoint: dynamo.endpoint, credentials: { accessKeyId: 'b', secretAccessKey: 'b' } }), 'bench');
  writeFileSync('/tmp/event.json', JSON.stringify(eventFor(ROUTES, { method: 'GET', url: url as string, clientIp: '10.0.0.1' } as never)));
  const env = { PATH: process.env.PATH ?? '', AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'bench', AWS_SECRET_ACCESS_KEY: 'bench', TABLE_NAME: 'bench', DYNAMODB_ENDPOINT: dynamo.endpoint, STAGE: 'local', API_BASE_URL: 'https://api.example', POWERTOOLS_SERVICE_NAME: 'x', POWERTOOLS_LOG_LEVEL: 'ERROR' };
  for (let i = 0; i < 5; i++) console.log(execFileSync('node_modules/.bin/node', ['bench/child/cold.mjs', `file://${bundle}`, '/tmp/event.json'], { env, encoding: 'utf8' }).trim());
  if (prof) execFileSync('node_modules/.bin/node', ['--cpu-prof', '--cpu-prof-dir=/tmp/prof-cold', '--cpu-prof-interval', '100', 'bench/child/cold.mjs', `file://${bundle}`, '/tmp/event.json'], { env, encoding: 'utf8' });
} finally { await dynamo.stop(); }
