// The stream worker and the notifier, in a process of their own, for the stress suite: so that
// "the stream worker killed" is a real SIGKILL mid-batch (an in-process worker can only be asked to
// stop), and its restart resumes from the positions saved beside the table, as `npm run dev` does.
// Started by run.ts with child_process.fork and the stack's environment (TABLE_NAME,
// DYNAMODB_ENDPOINT, SES_ENDPOINT — the SES front —, …) plus STRESS_CONFIG, the clinic config file.
// Messages from the parent: {faults: {throttle, conflict}} (DynamoDB faults in the notifier's
// client); to the parent: {ready: true}, {log: line}, {counts}.
import { pathToFileURL } from 'node:url';
import { LocalDeadLetterQueue } from '../../local/dead-letters.ts';
import { localDynamoDbClient } from '../../local/dynamodb.ts';
import { REPOSITORY_ROOT } from '../../local/stack.ts';
import { LocalStreamPositions } from '../../local/stream-positions.ts';
import { type StreamHandler, StreamWorker } from '../../local/stream-worker.ts';
import { dynamoDb } from '../../shared/adapters/dynamodb/client.ts';
import { NOTIFIER } from '../../shared/adapters/http/routes/index.ts';
import { loadClinicConfigFile } from '../../shared/config/load.ts';
import { useClinicConfig } from '../../shared/config/runtime.ts';
import { type DynamoDbFaultRates, installDynamoDbFaults } from './faults.ts';

const send = (message: unknown) => process.send?.(message);
const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

useClinicConfig(loadClinicConfigFile(env('STRESS_CONFIG')));
const faults = installDynamoDbFaults(dynamoDb);
process.on('message', (message: { faults?: Partial<DynamoDbFaultRates>; counts?: true }) => {
  if (message.faults) Object.assign(faults.rates, message.faults);
  if (message.counts) send({ counts: faults.counts });
});

const tableName = env('TABLE_NAME');
const endpoint = env('DYNAMODB_ENDPOINT');
const client = localDynamoDbClient(endpoint);
const deadLetters = new LocalDeadLetterQueue(client, tableName);
const notifierUrl = pathToFileURL(`${REPOSITORY_ROOT}/${NOTIFIER.entry}`).href;
const worker = new StreamWorker({
  endpoint,
  tableName,
  region: env('AWS_REGION'),
  loadHandler: async () => (await import(notifierUrl)).handler as StreamHandler,
  startingPosition: 'TRIM_HORIZON',
  positions: new LocalStreamPositions(client, tableName),
  functionName: `clinic-local-${NOTIFIER.id}`,
  timeoutSeconds: NOTIFIER.timeoutSeconds,
  retryMaxMs: Number(process.env.STRESS_RETRY_MAX_MS ?? 2_000),
  log: (line) => send({ log: line }),
  giveUp: { maxRetryAttempts: Number(process.env.STRESS_MAX_RETRY_ATTEMPTS ?? 12) },
  onDeadLetter: (failure) => deadLetters.send(failure),
});
await worker.start();
send({ ready: true });
