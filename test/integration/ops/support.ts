// What the ops tools' tests share: each file runs a local stack of its own (they book, erase, stop
// the mail service or let records dead-letter, none of which the shared stack's other files should
// see), and talks to it through these helpers: HTTP as anyone or as a signed-in staff member, the
// table, a free slot, and the environment the tools read to find that stack.
import { execFile } from 'node:child_process';
import { type DynamoDBClient, GetItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll } from 'vitest';
import { localDynamoDbClient } from '../../../local/dynamodb.ts';
import type { LocalStack } from '../../../local/stack.ts';
import type { ClinicConfig } from '../../../shared/core/config/schema.ts';
import { addDays, localDateOf, weekdayOf } from '../../../shared/core/scheduling/time.ts';
import { randomClientIp } from '../support/index.ts';
import { sharedStaff } from '../support/staff.ts';

export type Caller = 'anonymous' | 'frontdesk' | 'admin' | 'nobody';

export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly body: Record<string, unknown>;
}

export interface OwnStackHelpers {
  readonly db: () => DynamoDBClient;
  call(
    path: string,
    options?: { method?: string; json?: unknown; as?: Caller; headers?: Record<string, string> },
  ): Promise<Answer>;
  item(pk: string, sk: string): Promise<Record<string, unknown> | undefined>;
  partition(pk: string): Promise<Record<string, unknown>[]>;
  /** The open slots of a type on the first weekdays from day 3 of the window, soonest first. */
  openSlots(type: string, days?: number): Promise<{ start: string; end: string; providers: string[] }[]>;
  /** The variables a tool reads to find this stack (as `npm run dev` prints them). */
  toolEnv(): Record<string, string>;
}

const portOf = (url: string) => new URL(url).port;

export function ownStackHelpers(
  stack: () => LocalStack,
  config: ClinicConfig,
  configPath: string,
): OwnStackHelpers {
  let db: DynamoDBClient | undefined;
  let staff: ReturnType<typeof sharedStaff> | undefined;
  beforeAll(() => {
    db = localDynamoDbClient(stack().dynamoEndpoint);
    staff = sharedStaff(stack().staffPool);
  });
  afterAll(() => db?.destroy());
  const client = () => {
    if (!db) throw new Error('used outside a test');
    return db;
  };

  const call: OwnStackHelpers['call'] = async (path, options = {}) => {
    const headers: Record<string, string> = { 'x-forwarded-for': randomClientIp(), ...options.headers };
    if (options.json !== undefined) headers['content-type'] = 'application/json';
    const as = options.as ?? 'anonymous';
    if (as !== 'anonymous') headers.authorization = `Bearer ${await staff?.tokenOf(as)}`;
    const response = await fetch(`${stack().apiUrl}${path}`, {
      method: options.method ?? (options.json === undefined ? 'GET' : 'POST'),
      headers,
      ...(options.json === undefined ? {} : { body: JSON.stringify(options.json) }),
      redirect: 'manual',
    });
    const text = await response.text();
    let body: Record<string, unknown> = {};
    try {
      body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      // Not JSON (a page, a calendar): the text is there.
    }
    return { status: response.status, headers: response.headers, text, body };
  };

  return {
    db: client,
    call,
    item: async (pk, sk) => {
      const answer = await client().send(
        new GetItemCommand({ TableName: stack().tableName, Key: marshall({ pk, sk }), ConsistentRead: true }),
      );
      return answer.Item ? unmarshall(answer.Item) : undefined;
    },
    partition: async (pk) => {
      const answer = await client().send(
        new QueryCommand({
          TableName: stack().tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': { S: pk } },
          ConsistentRead: true,
        }),
      );
      return (answer.Items ?? []).map((raw) => unmarshall(raw));
    },
    openSlots: async (type, days = 10) => {
      const { timeZone } = config.clinic;
      const today = localDateOf(new Date(), timeZone);
      const found: { start: string; end: string; providers: string[] }[] = [];
      for (let offset = 3; offset < 3 + days * 2 && found.length === 0; offset++) {
        const date = addDays(today, offset);
        if (weekdayOf(date) === 'sat' || weekdayOf(date) === 'sun') continue;
        const answer = await call(`/v1/availability?${new URLSearchParams({ type, from: date, to: date })}`);
        if (answer.status !== 200) throw new Error(`availability answered ${answer.status}: ${answer.text}`);
        found.push(...(answer.body.slots as { start: string; end: string; providers: string[] }[]));
      }
      return found;
    },
    toolEnv: () => ({
      PORT: portOf(stack().apiUrl),
      DYNAMODB_PORT: portOf(stack().dynamoEndpoint),
      SES_PORT: portOf(stack().sesUrl),
      TABLE_NAME: stack().tableName,
      CLINIC_CONFIG: configPath,
    }),
  };
}

/** Runs `npm run <tool>`'s script as npm would (its own Node process), with `env` added. */
export function runToolProcess(
  script: string,
  args: readonly string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', script, ...args],
      { env: { ...process.env, ...env }, timeout: 120_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
