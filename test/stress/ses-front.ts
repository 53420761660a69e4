// A small SES stand-in in front of the SES emulator, for the stress suite: the notifier's SES
// client (SES v1, the query API: SendRawEmail) talks to it, and it forwards to the emulator unless
// told otherwise. What it can do, all on the wire, as SES itself answers:
//   - throttle a share of sends: HTTP 400 `Throttling` "Maximum sending rate exceeded." (what SES
//     answers past the account's sending rate; the SDK treats it as a throttle and retries);
//   - hold: answer 503 `ServiceUnavailable` to every call (the moment before the emulator is
//     stopped, so no email is in flight while its in-memory store is read for the last time);
//   - reject one recipient: 400 `MessageRejected` "Email address is not verified." (SES's sandbox
//     answer), the cause of the suite's poison record, until it is fixed;
//   - while the emulator is down, drop the connection (the client sees a network error, as with SES
//     unreachable).
// It keeps a ledger of every send the emulator accepted: its MessageId, when, and the addresses in
// its To and Reply-To headers, for the delay figures.
import { randomUUID } from 'node:crypto';
import { createServer, request as httpRequest, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SesSend {
  readonly messageId: string;
  readonly at: number;
  readonly to: readonly string[];
  readonly replyTo: readonly string[];
}

export interface SesFront {
  readonly url: string;
  readonly port: number;
  /** Share of SendRawEmail calls answered Throttling. */
  throttleRate: number;
  hold: boolean;
  /** Sends naming this address are rejected (MessageRejected). */
  rejectAddress: string | undefined;
  readonly counts: { throttled: number; held: number; rejected: number; dropped: number };
  readonly ledger: SesSend[];
  close(): Promise<void>;
}

function sesError(response: ServerResponse, status: number, type: string, code: string, message: string) {
  const body =
    `<ErrorResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><Error><Type>${type}</Type>` +
    `<Code>${code}</Code><Message>${message}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`;
  response.writeHead(status, { 'content-type': 'text/xml', 'content-length': Buffer.byteLength(body) });
  response.end(body);
}

const ADDRESS = /[\w.+-]+@[\w.-]+/g;

function headerAddresses(mime: string, header: string): string[] {
  const head = mime.split(/\r?\n\r?\n/, 1)[0] ?? '';
  // Unfold continuation lines, then take the header's addresses.
  const line = head
    .replace(/\r?\n[ \t]+/g, ' ')
    .split(/\r?\n/)
    .find((candidate) => candidate.toLowerCase().startsWith(`${header.toLowerCase()}:`));
  return (line?.match(ADDRESS) ?? []).map((address) => address.toLowerCase());
}

export async function startSesFront(targetUrl: string): Promise<SesFront> {
  const target = new URL(targetUrl);
  const front = {
    throttleRate: 0,
    hold: false,
    rejectAddress: undefined as string | undefined,
    counts: { throttled: 0, held: 0, rejected: 0, dropped: 0 },
    ledger: [] as SesSend[],
  };

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      const params = new URLSearchParams(body.toString('utf8'));
      const isSend = params.get('Action') === 'SendRawEmail';
      const raw = params.get('RawMessage.Data');
      const mime = raw ? Buffer.from(raw, 'base64').toString('utf8') : '';
      if (front.hold) {
        front.counts.held += 1;
        return sesError(response, 503, 'Receiver', 'ServiceUnavailable', 'Service unavailable');
      }
      if (isSend && front.rejectAddress && mime.toLowerCase().includes(front.rejectAddress)) {
        front.counts.rejected += 1;
        return sesError(response, 400, 'Sender', 'MessageRejected', 'Email address is not verified.');
      }
      if (isSend && front.throttleRate > 0 && Math.random() < front.throttleRate) {
        front.counts.throttled += 1;
        return sesError(response, 400, 'Sender', 'Throttling', 'Maximum sending rate exceeded.');
      }
      const upstream = httpRequest(
        {
          host: target.hostname,
          port: target.port,
          method: request.method,
          path: request.url,
          headers: { ...request.headers, 'content-length': String(body.length) },
        },
        (answer) => {
          const answerChunks: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => answerChunks.push(chunk));
          answer.on('end', () => {
            const text = Buffer.concat(answerChunks);
            const messageId = text.toString('utf8').match(/<MessageId>([^<]+)<\/MessageId>/)?.[1];
            if (isSend && answer.statusCode === 200 && messageId) {
              front.ledger.push({
                messageId,
                at: Date.now(),
                to: headerAddresses(mime, 'To'),
                replyTo: headerAddresses(mime, 'Reply-To'),
              });
            }
            response.writeHead(answer.statusCode ?? 502, answer.headers);
            response.end(text);
          });
        },
      );
      upstream.on('error', () => {
        // The emulator is down: the client sees its connection dropped, as with SES unreachable.
        front.counts.dropped += 1;
        response.destroy();
      });
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(front, {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  });
}
