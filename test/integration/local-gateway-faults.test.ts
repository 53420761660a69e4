// What used to end the local API and everything it held: a malformed multipart body (an exception
// inside the parser's event listener) and any other error a function throws where no promise
// awaits it. The gateway runs in a process of its own here (test/integration/fixtures/gateway-process.ts),
// so a failure to contain one ends that process, not vitest's, and the test can see it did.
import { type ChildProcess, spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPOSITORY_ROOT } from '../../local/stack.ts';

let child: ChildProcess;
let url: string;
let output = '';
const listeners = new Set<() => void>();

/** Resolves once the process has printed `pattern` (stdout or stderr). */
function printed(pattern: RegExp): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const match = output.match(pattern);
      if (match) {
        listeners.delete(check);
        resolve(match);
      } else if (child.exitCode !== null || child.signalCode !== null) {
        listeners.delete(check);
        reject(new Error(`the gateway process exited before printing ${pattern}:\n${output}`));
      }
    };
    listeners.add(check);
    check();
  });
}

beforeAll(async () => {
  child = spawn(process.execPath, ['--import', 'tsx', 'test/integration/fixtures/gateway-process.ts'], {
    cwd: REPOSITORY_ROOT,
    env: { ...process.env, CLINIC_CONFIG: process.env.CLINIC_CONFIG || 'config/dev.json' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const append = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    for (const listener of [...listeners]) listener();
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  child.on('exit', () => {
    for (const listener of [...listeners]) listener();
  });
  url = (await printed(/READY (\S+)/))[1] as string;
});

afterAll(async () => {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
});

/** The same process is still there and serving: the health route answers through it. */
async function expectStillServing(): Promise<void> {
  expect(child.exitCode).toBeNull();
  expect(child.signalCode).toBeNull();
  const health = await fetch(`${url}/v1/health`);
  expect(health.status).toBe(200);
  expect(child.exitCode).toBeNull();
}

// The body of issue 10, byte for byte, and the other malformations API.md "Abuse" names.
const MALFORMED: Record<string, string> = {
  'a part without a name': '--XyZ\r\nContent-Disposition: form-data\r\n\r\nx\r\n--XyZ--',
  'a part without Content-Disposition': '--XyZ\r\nContent-Type: text/plain\r\n\r\nx\r\n--XyZ--',
  'a truncated boundary': '--XyZ\r\nContent-Disposition: form-data; name="name"\r\n\r\nx\r\n--Xy',
};

describe('the local gateway survives what a request throws', () => {
  for (const path of ['/v1/inquiries', '/v1/bookings']) {
    it.each(Object.entries(MALFORMED))(`answers POST ${path} with %s with a 400 problem`, async (_, body) => {
      const response = await fetch(`${url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'multipart/form-data; boundary=XyZ', accept: 'application/json' },
        body,
      });
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
      expect(await response.json()).toMatchObject({ code: 'validation_failed', status: 400 });
      await expectStillServing();
    });
  }

  it.each([
    ['an exception thrown in a timer', 'timer'],
    ['an exception thrown in an event listener', 'emitter'],
    ['a rejection nobody handles', 'rejection'],
  ])(
    'fails only the request behind %s, with the 500 Lambda would give, and logs no message',
    async (_, mode) => {
      const response = await fetch(`${url}/stray?mode=${mode}`);
      expect(response.status).toBe(500);
      expect(await response.json()).toEqual({ message: 'Internal Server Error' });
      await printed(/Stray failed \(request [^)]+\): uncaught exception \(Lambda would end this container\)/);
      expect(output).not.toContain('jane@example.com');
      await expectStillServing();
    },
  );

  it('logs an error a function leaves behind after answering, and keeps serving', async () => {
    const response = await fetch(`${url}/stray?mode=after-answer`);
    expect(response.status).toBe(200);
    await printed(/uncaught exception in a function after its answer/);
    await expectStillServing();
  });
});
