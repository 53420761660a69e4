// The per-deployment key of the pseudonyms (./pseudonyms.ts): 256 random bits, created by whichever
// function needs it first and kept in the table, so no deploy step, parameter or environment
// variable has to carry it, and it never appears in a log. Read once per container.
import { randomBytes } from 'node:crypto';
import {
  ConditionalCheckFailedException,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from './wire-client.ts';

export const SECRET_KEY = { pk: { S: 'SECRET#pseudonyms' }, sk: { S: 'SECRET' } } as const;

export interface SecretOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
}

async function readSecret({ client, tableName }: SecretOptions): Promise<Uint8Array | undefined> {
  const result = await client.send(
    new GetItemCommand({ TableName: tableName, Key: SECRET_KEY, ConsistentRead: true }),
  );
  return result.Item?.value?.B;
}

async function loadOrCreate(options: SecretOptions): Promise<Uint8Array> {
  const existing = await readSecret(options);
  if (existing) return existing;
  const value = randomBytes(32);
  try {
    await options.client.send(
      new PutItemCommand({
        TableName: options.tableName,
        Item: { ...SECRET_KEY, kind: { S: 'secret' }, value: { B: value } },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return value;
  } catch (error) {
    // Another container created it first: theirs is the one everybody uses.
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    const created = await readSecret(options);
    if (!created) throw error;
    return created;
  }
}

/** A cached accessor; a failed load is forgotten so the next request tries again. */
export function tableSecret(options: SecretOptions): () => Promise<Uint8Array> {
  let pending: Promise<Uint8Array> | undefined;
  return () => {
    pending ??= loadOrCreate(options).catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}
