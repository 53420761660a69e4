// The local stack's child processes and taken ports: a port someone else holds (here, a fake that
// even answers like DynamoDB) is named as taken, never mistaken for a started part, and a part on
// a port of its own choosing simply tries another.
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { localDynamoDbClient, type RunningDynamoDbLocal, startDynamoDbLocal } from '../../local/dynamodb.ts';
import { freePort, PortInUseError } from '../../local/processes.ts';
import { type RunningSesEmulator, startSesEmulator } from '../../local/ses.ts';
import { createTableInput } from '../../shared/adapters/dynamodb/table.ts';

const started: (RunningDynamoDbLocal | RunningSesEmulator)[] = [];
const held: Server[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((part) => part.stop()));
  await Promise.all(held.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/** Holds a port on every interface with a server that answers any request as DynamoDB's ListTables would. */
async function holdPortLikeDynamoDb(): Promise<number> {
  const server = createServer((request, response) => {
    request.resume();
    response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
    response.end(JSON.stringify({ TableNames: [] }));
  });
  held.push(server);
  await new Promise<void>((resolve) => server.listen(0, resolve));
  return (server.address() as AddressInfo).port;
}

describe('DynamoDB Local on a taken port', () => {
  it('is refused as taken, although the port answers DynamoDB calls', async () => {
    const port = await holdPortLikeDynamoDb();
    const start = startDynamoDbLocal({ port });
    await expect(start).rejects.toBeInstanceOf(PortInUseError);
    await expect(start).rejects.toThrow(`Port ${port} (DYNAMODB_PORT, DynamoDB Local) is already in use`);
  }, 60_000);

  it('on a port of its choosing, tries another when the one it picked is taken before it binds', async () => {
    const taken = await holdPortLikeDynamoDb();
    const picked: number[] = [];
    const pickPort = async () => {
      // The first pick is taken, as when another stack binds the port between pick and start.
      const port = picked.length === 0 ? taken : await freePort();
      picked.push(port);
      return port;
    };
    const engine = await startDynamoDbLocal({ port: 0, pickPort });
    started.push(engine);
    expect(picked).toHaveLength(2);
    expect(engine.endpoint).toBe(`http://127.0.0.1:${picked[1]}`);
    // The real engine: it keeps a table, which the fake on the taken port never would.
    const client = localDynamoDbClient(engine.endpoint);
    try {
      const table = `ports-${randomUUID()}`;
      await client.send(new CreateTableCommand(createTableInput(table)));
      const { Table } = await client.send(new DescribeTableCommand({ TableName: table }));
      expect(Table?.TableName).toBe(table);
    } finally {
      client.destroy();
    }
  }, 60_000);
});

describe('the SES emulator', () => {
  it('takes the port the OS hands it when asked for 0, and says which', async () => {
    const emulator = await startSesEmulator({ port: 0 });
    started.push(emulator);
    expect(emulator.port).toBeGreaterThan(0);
    expect(emulator.url).toBe(`http://127.0.0.1:${emulator.port}`);
    expect((await fetch(`${emulator.url}/store`)).status).toBe(200);
  }, 60_000);

  it('is refused as taken on a port someone holds', async () => {
    const port = await holdPortLikeDynamoDb();
    await expect(startSesEmulator({ port })).rejects.toThrow(
      new PortInUseError(port, 'SES_PORT, the SES emulator'),
    );
  }, 60_000);
});
