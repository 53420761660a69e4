// One bare DynamoDB call, timed after different pauses: why a route's floor runs behind the same
// gateway at the route's pace rather than back to back from the bench (README "Why the floor runs
// behind the gateway"). `tsx bench/pause.ts` prints the median of each, three rounds in turn.
import './quiet.ts';
import { DynamoDBClient as AdminClient } from '@aws-sdk/client-dynamodb';
import { ensureTable, startDynamoDbLocal } from '../local/dynamodb.ts';
import { DynamoDBClient, QueryCommand } from '../shared/adapters/dynamodb/wire-client.ts';
import { functionEnv } from './bundles.ts';
import { median } from './stats.ts';

const TABLE = 'bench-pause';
const SAMPLES = Number(process.env.BENCH_WARM ?? 300);
const dynamo = await startDynamoDbLocal({ port: 0 });
try {
  Object.assign(process.env, functionEnv(TABLE, dynamo.endpoint));
  await ensureTable(new AdminClient({ region: 'us-east-1', endpoint: dynamo.endpoint }), TABLE);
  const client = new DynamoDBClient({ region: 'us-east-1', endpoint: dynamo.endpoint, maxAttempts: 3 });
  const query = () =>
    client.send(
      new QueryCommand({
        TableName: TABLE,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': { S: 'BENCH#pause' } },
      }),
    );
  /** Busy for `ms`: the CPU a request spends around its call, without giving the core away. */
  const busy = (ms: number) => async () => {
    const until = performance.now() + ms;
    while (performance.now() < until);
  };
  const idle = (ms: number) => () => new Promise<void>((resolve) => setTimeout(resolve, ms));
  const pauses: [string, () => Promise<void>][] = [
    ['back to back', async () => {}],
    ['after 0.3 ms busy', busy(0.3)],
    ['after 1 ms busy', busy(1)],
    ['after 1 ms idle', idle(1)],
    ['after 5 ms idle', idle(5)],
  ];
  // DynamoDB Local's JIT first, as the bench warms each route.
  for (let n = 0; n < 2000; n++) await query();
  for (let round = 1; round <= 3; round++) {
    const line: string[] = [];
    for (const [name, pause] of pauses) {
      const samples: number[] = [];
      for (let n = 0; n < SAMPLES; n++) {
        await pause();
        const started = performance.now();
        await query();
        samples.push(performance.now() - started);
      }
      line.push(`${name} ${median(samples).toFixed(2)} ms`);
    }
    console.info(`round ${round}: ${line.join(' · ')}`);
  }
  client.destroy();
} finally {
  await dynamo.stop();
}
