// The local stack itself: what the shared stack answers, and `npm run dev` as a real process —
// start-up checks, the ready message, persistence and a clean stop.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { SESClient, SendEmailCommand } from '@aws-sdk/client-ses';
import { afterAll, describe, expect, it } from 'vitest';
import { localDynamoDbClient } from '../../local/dynamodb.ts';
import { assertPortFree, freePort } from '../../local/processes.ts';
import { REPOSITORY_ROOT } from '../../local/stack.ts';
import { commandLine, descendantPids, isRunning, startDev } from './support/dev-process.ts';
import {
  api,
  clinicConfigInUse,
  isAddressedTo,
  localStack,
  sesOutageState,
  uniqueEmail,
  waitForEmails,
  withSesOutage,
} from './support/index.ts';

const scratch = mkdtempSync(join(tmpdir(), 'dev-stack-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the shared local stack', () => {
  it('answers GET /v1/health through the gateway', async () => {
    const response = await api('/v1/health');
    expect(response.status).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
    expect(response.headers.get('apigw-requestid')).toBeTruthy();
  });

  it('answers a CORS preflight from an origin of the clinic config, and gives nothing to others', async () => {
    const allowed = clinicConfigInUse().cors.allowedOrigins[0] as string;
    const preflight = (origin: string) =>
      api('/v1/health', {
        method: 'OPTIONS',
        origin,
        headers: {
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
      });

    const ok = await preflight(allowed);
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe(allowed);
    expect(ok.headers.get('access-control-allow-methods')).toBe('GET,POST,OPTIONS');
    expect(ok.headers.get('access-control-allow-headers')).toBe(
      'content-type,idempotency-key,x-booking-token',
    );
    expect(ok.headers.get('access-control-max-age')).toBe('600');
    expect(ok.headers.get('vary')).toBe('origin');

    const refused = await preflight('https://not-the-clinic.example');
    expect(refused.status).toBe(204);
    expect([...refused.headers.keys()].filter((name) => name.startsWith('access-control-'))).toEqual([]);

    const actual = await api('/v1/health', { origin: allowed });
    expect(actual.headers.get('access-control-allow-origin')).toBe(allowed);
    expect(actual.headers.get('access-control-expose-headers')).toBe('retry-after');
  });

  it('answers an unknown route with a 404 problem document', async () => {
    const response = await api('/v1/nothing-here');
    expect(response.status).toBe(404);
    expect(response.json()).toMatchObject({ code: 'not_found', status: 404 });
  });

  it('sends SES v1 calls through the outage switch to the emulator, and refuses them during an outage', async () => {
    const { sesOutageUrl } = localStack();
    const ses = new SESClient({
      endpoint: sesOutageUrl,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    });
    const to = uniqueEmail('outage-switch');
    const send = () =>
      ses.send(
        new SendEmailCommand({
          Source: 'clinic@example.com',
          Destination: { ToAddresses: [to] },
          Message: { Subject: { Data: 'Switch test' }, Body: { Text: { Data: 'Hello' } } },
        }),
      );
    try {
      await withSesOutage(async () => {
        expect((await sesOutageState()).outage).toBe(true);
        await expect(send()).rejects.toMatchObject({
          name: 'ServiceUnavailable',
          $metadata: { httpStatusCode: 503 },
        });
      });
      const { MessageId } = await send();
      const [email] = await waitForEmails((candidate) => isAddressedTo(candidate, to), { timeoutMs: 5_000 });
      expect(email?.messageId).toBe(MessageId);
    } finally {
      ses.destroy();
    }
  });
});

async function eventually(condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`still not so after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Every port 0: each part takes one the OS hands out, so parallel runs never race for a port. */
const ANY_PORTS = {
  PORT: '0',
  DYNAMODB_PORT: '0',
  SES_PORT: '0',
  SMS_PORT: '0',
  COGNITO_PORT: '0',
  SITE_PORT: '0',
  DEMO_DATA: '0',
} as const;

/** The URLs a ready `npm run dev` printed. */
function printedUrls(output: string): { api: string; ses: string; dynamoDb: string } {
  const url = (label: string) => {
    const match = output.match(new RegExp(`${label}:\\s+(http://127\\.0\\.0\\.1:\\d+)`));
    if (!match?.[1]) throw new Error(`no ${label} URL in:\n${output}`);
    return match[1];
  };
  return { api: url('API'), ses: url('Email viewer'), dynamoDb: url('DynamoDB endpoint') };
}

const portOf = (url: string) => Number(new URL(url).port);

describe('npm run dev', () => {
  const persistDir = join(scratch, 'data');

  /**
   * `npm run dev` on ports given by number. Free when picked, one may be taken by another process
   * before dev binds it; dev then says so and exits, and this tries again on fresh ones.
   */
  async function startDevOnGivenPorts(env: Record<string, string>, args: string[]) {
    for (let attempt = 1; ; attempt++) {
      const ports = {
        PORT: String(await freePort()),
        DYNAMODB_PORT: String(await freePort()),
        SES_PORT: String(await freePort()),
        SMS_PORT: String(await freePort()),
        SITE_PORT: String(await freePort()),
        COGNITO_PORT: String(await freePort()),
      };
      const dev = startDev({ ...ports, ...env }, args);
      try {
        await dev.waitFor(/Press Ctrl-C to stop/);
        return { dev, ports };
      } catch (error) {
        dev.child.kill('SIGKILL');
        if (attempt >= 3 || !/is already in use/.test(dev.output())) throw error;
      }
    }
  }

  it('starts every part on the ports given, prints the URLs, serves, and on SIGINT leaves nothing running', async () => {
    const marker = `marker-${Date.now()}`;
    const { dev, ports } = await startDevOnGivenPorts({ TABLE_NAME: 'dev-test' }, ['--persist', persistDir]);
    try {
      const out = dev.output();
      expect(out).toContain(`API:               http://127.0.0.1:${ports.PORT}`);
      expect(out).toContain(`Email viewer:      http://127.0.0.1:${ports.SES_PORT}`);
      expect(out).toContain(`Text messages:     http://127.0.0.1:${ports.SMS_PORT}`);
      expect(out).toContain(`DynamoDB endpoint: http://127.0.0.1:${ports.DYNAMODB_PORT}`);
      expect(out).toContain(join(REPOSITORY_ROOT, 'config/dev.json'));
      expect(out).toContain(`Staff console:     http://127.0.0.1:${ports.PORT}/staff/`);
      // A fresh table gets demo bookings and leads, made through the API (names never printed).
      expect(out).toMatch(/Demo data: {9}\d+ bookings( on \d{4}-\d{2}-\d{2})? and 2 leads/);
      expect(out).not.toContain('Maria Gonzalez');
      expect(out).toMatch(
        /sign in as frontdesk@example\.test \(front desk\) or admin@example\.test \(admin\)/,
      );
      expect(out).toContain(`Staff user pool:   http://127.0.0.1:${ports.COGNITO_PORT}`);
      expect(out).toContain(`Demo clinic site:  http://localhost:${ports.SITE_PORT}`);
      const site = await fetch(`http://127.0.0.1:${ports.SITE_PORT}/contact`);
      expect(await site.text()).toContain(`action="http://127.0.0.1:${ports.PORT}/v1/inquiries"`);

      const health = await fetch(`http://127.0.0.1:${ports.PORT}/v1/health`);
      expect(await health.json()).toEqual({ status: 'ok' });
      const store = await fetch(`http://127.0.0.1:${ports.SES_PORT}/store`);
      expect(store.status).toBe(200);
      const texts = await fetch(`http://127.0.0.1:${ports.SMS_PORT}/messages`);
      expect(texts.status).toBe(200);

      // Personal data in a body, a query and a header must not reach the dev server's output.
      await fetch(`http://127.0.0.1:${ports.PORT}/v1/inquiries?token=${marker}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-booking-token': marker },
        body: JSON.stringify({ name: marker, email: `${marker}@example.com`, message: marker }),
      });
      await fetch(`http://127.0.0.1:${ports.PORT}/v1/bookings/${marker}?token=${marker}`);

      // Leave data behind for the --persist test below.
      const dynamoDb = localDynamoDbClient(`http://127.0.0.1:${ports.DYNAMODB_PORT}`);
      await dynamoDb.send(
        new PutItemCommand({ TableName: 'dev-test', Item: { pk: { S: 'KEEP' }, sk: { S: 'ME' } } }),
      );
      dynamoDb.destroy();

      const children = descendantPids(dev.child.pid as number);
      const java = children.find((pid) => commandLine(pid)?.includes('DynamoDBLocal.jar'));
      const ses = children.find((pid) => commandLine(pid)?.includes('aws-ses-v2-local'));
      const cognito = children.find((pid) => commandLine(pid)?.includes('cognito-local'));
      expect(java).toBeDefined();
      expect(ses).toBeDefined();
      expect(cognito).toBeDefined();

      dev.child.kill('SIGINT');
      expect(await dev.exited).toBe(0);
      expect(dev.output()).toContain('Stopped.');
      // DynamoDB Local and the emulator are stopped before dev exits; the reaper leaves right after.
      expect(isRunning(java as number)).toBe(false);
      expect(isRunning(ses as number)).toBe(false);
      expect(isRunning(cognito as number)).toBe(false);
      await eventually(() => !children.some(isRunning));
      for (const port of Object.values(ports)) await assertPortFree(Number(port), 'after stop');
      expect(dev.output()).not.toContain(marker);
    } finally {
      dev.child.kill('SIGKILL');
    }
  }, 120_000);

  it('with --persist, keeps the table and its data across a restart', async () => {
    const dev = startDev({ ...ANY_PORTS, TABLE_NAME: 'dev-test' }, ['--persist', persistDir]);
    try {
      await dev.waitFor(/Press Ctrl-C to stop/);
      const dynamoDb = localDynamoDbClient(printedUrls(dev.output()).dynamoDb);
      const { Item } = await dynamoDb.send(
        new GetItemCommand({ TableName: 'dev-test', Key: { pk: { S: 'KEEP' }, sk: { S: 'ME' } } }),
      );
      dynamoDb.destroy();
      expect(Item).toEqual({ pk: { S: 'KEEP' }, sk: { S: 'ME' } });
      dev.child.kill('SIGTERM');
      expect(await dev.exited).toBe(0);
    } finally {
      dev.child.kill('SIGKILL');
    }
  }, 120_000);

  it('leaves no child running even when the dev process itself is killed with SIGKILL', async () => {
    const dev = startDev(ANY_PORTS);
    try {
      await dev.waitFor(/Press Ctrl-C to stop/);
      const children = descendantPids(dev.child.pid as number).filter((pid) =>
        /DynamoDBLocal\.jar|aws-ses-v2-local|reaper\.mjs/.test(commandLine(pid) ?? ''),
      );
      expect(children).toHaveLength(3);
      dev.child.kill('SIGKILL');
      await dev.exited;
      await eventually(() => !children.some(isRunning));
    } finally {
      dev.child.kill('SIGKILL');
    }
  }, 120_000);

  it('refuses a bad clinic config before starting anything, naming the key', async () => {
    const config = JSON.parse(readFileSync(join(REPOSITORY_ROOT, 'config/dev.json'), 'utf8'));
    config.clinic.timeZone = 'Mars/Olympus_Mons';
    const path = join(scratch, 'bad-time-zone.json');
    writeFileSync(path, JSON.stringify(config));

    const dev = startDev({ ...ANY_PORTS, CLINIC_CONFIG: path });
    expect(await dev.exited).not.toBe(0);
    expect(dev.output()).toContain('clinic.timeZone');
    expect(dev.output()).not.toContain('Starting');
  }, 60_000);

  it('says which Java to install when there is none', async () => {
    const emptyPath = mkdtempSync(join(scratch, 'no-java-'));
    const dev = startDev({ ...ANY_PORTS, PATH: emptyPath });
    expect(await dev.exited).not.toBe(0);
    expect(dev.output()).toContain('openjdk-17-jre-headless');
    expect(dev.output()).not.toContain('Starting');
  }, 60_000);

  it('names the port that is taken instead of starting on someone else’s server', async () => {
    const taken: Server = createServer();
    await new Promise<void>((resolve) => taken.listen(0, resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      const dev = startDev({ ...ANY_PORTS, DYNAMODB_PORT: String(port) });
      expect(await dev.exited).not.toBe(0);
      expect(dev.output()).toContain(`Port ${port} (DYNAMODB_PORT, DynamoDB Local) is already in use`);
    } finally {
      taken.close();
    }
  }, 60_000);

  it('starts twice at once on ports the OS hands out: both come up, each on ports of its own', async () => {
    const table = 'dev-twice';
    const devs = [
      startDev({ ...ANY_PORTS, TABLE_NAME: table }),
      startDev({ ...ANY_PORTS, TABLE_NAME: table }),
    ];
    try {
      await Promise.all(devs.map((dev) => dev.waitFor(/Press Ctrl-C to stop/, 90_000)));
      const urls = devs.map((dev) => printedUrls(dev.output()));
      const ports = urls.flatMap((url) => [url.api, url.ses, url.dynamoDb].map(portOf));
      expect(new Set(ports).size).toBe(6);
      for (const url of urls) {
        expect(await (await fetch(`${url.api}/v1/health`)).json()).toEqual({ status: 'ok' });
        expect((await fetch(`${url.ses}/store`)).status).toBe(200);
        const dynamoDb = localDynamoDbClient(url.dynamoDb);
        await dynamoDb.send(
          new PutItemCommand({ TableName: table, Item: { pk: { S: 'ONE' }, sk: { S: url.api } } }),
        );
        dynamoDb.destroy();
      }
      // Two engines, not one reached twice: each holds only its own item.
      for (const url of urls) {
        const dynamoDb = localDynamoDbClient(url.dynamoDb);
        const { Item } = await dynamoDb.send(
          new GetItemCommand({ TableName: table, Key: { pk: { S: 'ONE' }, sk: { S: url.api } } }),
        );
        const other = urls.find((candidate) => candidate !== url)?.api as string;
        const { Item: theirs } = await dynamoDb.send(
          new GetItemCommand({ TableName: table, Key: { pk: { S: 'ONE' }, sk: { S: other } } }),
        );
        dynamoDb.destroy();
        expect(Item).toBeDefined();
        expect(theirs).toBeUndefined();
      }
      for (const dev of devs) dev.child.kill('SIGINT');
      expect(await Promise.all(devs.map((dev) => dev.exited))).toEqual([0, 0]);
    } finally {
      for (const dev of devs) dev.child.kill('SIGKILL');
    }
  }, 150_000);
});
