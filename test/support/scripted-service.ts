// A local HTTP server answering as an AWS service does when it fails — a script of answers, one per
// request, or a dropped connection, or none at all — for the unit tests of the functions' own AWS
// clients (shared/adapters/aws/json-client.ts). The real engines (DynamoDB Local, the SES emulator)
// never throttle, fail or drop a connection.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach } from 'vitest';

export type ScriptedAnswer = { status: number; body: string } | 'drop' | 'hang';

export interface ScriptedRequest {
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

/**
 * Starts the server for the test file; `answers` is emptied and `received` cleared before each test.
 * An answer past the script is `fallback`.
 */
export function scriptedService(fallback: { status: number; body: string }, contentType: string) {
  const state = {
    endpoint: '',
    answers: [] as ScriptedAnswer[],
    received: [] as ScriptedRequest[],
  };
  let server: Server;
  beforeAll(async () => {
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        state.received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
        const answer = state.answers.shift() ?? fallback;
        if (answer === 'drop') return request.socket.destroy();
        if (answer === 'hang') return;
        response.writeHead(answer.status, {
          'content-type': contentType,
          'x-amzn-requestid': `req-${state.received.length}`,
        });
        response.end(answer.body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    state.endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    state.answers = [];
    state.received = [];
  });
  return state;
}
