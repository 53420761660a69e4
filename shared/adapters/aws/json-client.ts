// A client of an AWS service that speaks the JSON protocol (DynamoDB's and SMS's 1.0, Cognito's
// 1.1) or the Query protocol (SES v1's form posts with XML answers): one SigV4-signed POST per
// operation, naming it in X-Amz-Target or `Action`, over a keep-alive connection, with
// the SDK v3 clients' error names and standard retry rules. Our own because the SDK's clients
// carry 190 KB of shared machinery (`@smithy/core`, `@aws-sdk/core`) into every bundle and about
// half of a route's cold start; the signing is `aws4`'s. docs/aws-clients.md says what is kept of
// the SDK and what is left out. The per-service facades are the `wire-client.ts` of dynamodb/,
// cognito/, ses/ and sms/.
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import aws4 from 'aws4';

export interface ResponseMetadata {
  readonly httpStatusCode?: number;
  readonly requestId?: string | undefined;
  readonly attempts?: number;
}

/** An error the service answered, named as the SDK names it (`ConditionalCheckFailedException`, …). */
export class AwsServiceException extends Error {
  readonly $fault: 'client' | 'server';
  readonly $metadata: ResponseMetadata;
  constructor(name: string, message: string, status: number, metadata: ResponseMetadata) {
    super(message);
    this.name = name;
    this.$fault = status >= 500 ? 'server' : 'client';
    this.$metadata = metadata;
  }
}

export type ExceptionClass = new (
  name: string,
  message: string,
  status: number,
  metadata: ResponseMetadata,
) => AwsServiceException;

/** The Query protocol (SES v1): the input as form fields beside `Action` and `Version`, the answer in XML. */
export interface QueryProtocol {
  readonly version: string;
  /** The output fields of a successful answer's XML. */
  readonly decode: (operation: string, xml: string) => Record<string, unknown>;
}

export interface AwsJsonService {
  /** The name requests are signed for: `dynamodb`, `cognito-idp`, `ses`, `sms-voice`. */
  readonly signingName: string;
  /** The regional endpoint's first label when it is not the signing name (SES: `email`). */
  readonly endpointPrefix?: string;
  /** X-Amz-Target's prefix: `DynamoDB_20120810`, `AWSCognitoIdentityProviderService` (JSON only). */
  readonly targetPrefix?: string;
  readonly jsonVersion?: '1.0' | '1.1';
  /** Set for a Query-protocol service: `call`'s input is then the flat form fields. */
  readonly query?: QueryProtocol;
  /** The class of an error by name, for those a caller reads fields of; others are `base`. */
  readonly exceptions: Readonly<Record<string, ExceptionClass>>;
  readonly base: ExceptionClass;
  /**
   * Copies the fields callers read from an error answer onto the error (nothing else of it is
   * copied: a field named like one of Error's own could otherwise replace it).
   */
  readonly errorFields?: (error: AwsServiceException, answer: Record<string, unknown>) => void;
  /** DynamoDB's binary attributes (`B`, `BS`): bytes in the input are sent base64-encoded and come back as bytes. */
  readonly binaryAttributes?: boolean;
}

// The SDK's standard retry mode: these names and any 5xx or dropped connection are tried again.
const THROTTLING = new Set([
  'Throttling',
  'ThrottledException',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'BandwidthLimitExceeded',
  'PriorRequestNotComplete',
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'LimitExceededException',
  'TransactionInProgressException',
]);
const TRANSIENT = new Set(['RequestTimeout', 'RequestTimeoutException', 'InternalServerError']);
const DROPPED = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'TimeoutError']);

function retryable(error: unknown): boolean {
  if (error instanceof AwsServiceException) {
    return error.$fault === 'server' || THROTTLING.has(error.name) || TRANSIENT.has(error.name);
  }
  const code = (error as { code?: string } | undefined)?.code ?? (error as Error | undefined)?.name;
  return code !== undefined && DROPPED.has(code);
}

export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string | undefined;
  /** When temporary credentials stop working: they are asked for again 5 minutes before. */
  readonly expiration?: Date | undefined;
}

/** Where the operator tools' credentials come from (the SDK's default chain: profiles, SSO, …). */
export type CredentialProvider = () => Promise<Credentials>;

export interface AwsJsonClientConfig {
  readonly region: string;
  /** A local engine's URL (DynamoDB Local, cognito-local); default the service's regional endpoint. */
  readonly endpoint?: string | undefined;
  /** Attempts in all for a retryable failure, the first included. @default 3 */
  readonly maxAttempts?: number;
  /** @default the Lambda environment's (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN) */
  readonly credentials?: Credentials | CredentialProvider;
  /** How long an attempt may wait for the connection to move before it is dropped. @default 5000 */
  readonly requestTimeoutMs?: number;
  /** The wait before retry n (from 0); default the SDK's full jitter, random · min(20 s, 100 ms · 2ⁿ). */
  readonly retryDelayMs?: (attempt: number) => number;
}

/**
 * Called before every attempt with the operation and its input: the bench counts round trips with
 * it, the stress suite injects the service's faults (an error it throws is that attempt's answer,
 * and is retried or not by the rules above, as one from the service would be).
 */
export type AttemptListener = (operation: string, input: unknown) => void;

function environmentCredentials(): Credentials {
  const accessKeyId = process.env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = process.env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) {
    throw new Error('AWS client: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set');
  }
  const sessionToken = process.env.AWS_SESSION_TOKEN;
  return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
}

interface RawAnswer {
  readonly status: number;
  readonly requestId: string | undefined;
  readonly body: string;
}

export class AwsJsonClient {
  private readonly url: URL;
  private readonly agent: HttpAgent;
  private readonly maxAttempts: number;
  private readonly requestTimeoutMs: number;
  private provided: Credentials | undefined;
  private readonly retryDelayMs: (attempt: number) => number;
  private readonly listeners: AttemptListener[] = [];

  constructor(
    private readonly service: AwsJsonService,
    private readonly config: AwsJsonClientConfig,
  ) {
    const host = `${service.endpointPrefix ?? service.signingName}.${config.region}.amazonaws.com`;
    this.url = new URL(config.endpoint ?? `https://${host}`);
    if (this.url.protocol !== 'https:' && this.url.protocol !== 'http:') {
      throw new Error(`AWS client: endpoint ${this.url.href} is neither http nor https`);
    }
    // One connection kept per concurrent request, as the SDK's handler does (it allows 50).
    this.agent =
      this.url.protocol === 'https:'
        ? new HttpsAgent({ keepAlive: true, maxSockets: 50 })
        : new HttpAgent({ keepAlive: true, maxSockets: 50 });
    this.maxAttempts = config.maxAttempts ?? 3;
    this.requestTimeoutMs = config.requestTimeoutMs ?? 5000;
    this.retryDelayMs =
      config.retryDelayMs ?? ((attempt) => Math.floor(Math.random() * Math.min(20_000, 100 * 2 ** attempt)));
  }

  /** Calls `listener` before every attempt this client sends (see AttemptListener). */
  onAttempt(listener: AttemptListener): void {
    this.listeners.push(listener);
  }

  /** Sends `operation` with `input` (its JSON), trying again by the SDK's rules; the answer's JSON. */
  async call<Output>(operation: string, input: unknown): Promise<Output & { $metadata: ResponseMetadata }> {
    const query = this.service.query;
    const body = query
      ? new URLSearchParams({
          Action: operation,
          Version: query.version,
          ...(input as Record<string, string>),
        }).toString()
      : JSON.stringify(input, this.service.binaryAttributes ? binaryAsBase64 : undefined);
    for (let attempt = 0; ; attempt++) {
      try {
        for (const listener of this.listeners) listener(operation, input);
        const answer = await this.post(operation, body);
        const metadata: ResponseMetadata = {
          httpStatusCode: answer.status,
          requestId: answer.requestId,
          attempts: attempt + 1,
        };
        if (answer.status >= 200 && answer.status < 300) {
          const output = query
            ? query.decode(operation, answer.body)
            : parseAnswer(answer.body, this.service.binaryAttributes);
          return { ...output, $metadata: metadata } as Output & { $metadata: ResponseMetadata };
        }
        throw this.serviceError(answer, metadata);
      } catch (error) {
        if (attempt + 1 >= this.maxAttempts || !retryable(error)) throw error;
        await new Promise((resolve) => setTimeout(resolve, this.retryDelayMs(attempt)));
      }
    }
  }

  /** Closes the kept connections (the local stack and the tests, when they stop). */
  destroy(): void {
    this.agent.destroy();
  }

  private async credentials(): Promise<Credentials> {
    const configured = this.config.credentials;
    if (configured === undefined) return environmentCredentials();
    if (typeof configured !== 'function') return configured;
    const expiration = this.provided?.expiration;
    if (!this.provided || (expiration && expiration.getTime() - Date.now() < 300_000)) {
      this.provided = await configured();
    }
    return this.provided;
  }

  private async post(operation: string, body: string): Promise<RawAnswer> {
    const signed = aws4.sign(
      {
        service: this.service.signingName,
        region: this.config.region,
        method: 'POST',
        host: this.url.hostname,
        path: '/',
        headers: this.service.query
          ? { Host: this.url.host, 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8' }
          : {
              Host: this.url.host,
              'Content-Type': `application/x-amz-json-${this.service.jsonVersion ?? '1.0'}`,
              'X-Amz-Target': `${this.service.targetPrefix}.${operation}`,
            },
        body,
      },
      await this.credentials(),
    );
    const send = this.url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<RawAnswer>((resolve, reject) => {
      const request = send(
        {
          protocol: this.url.protocol,
          hostname: this.url.hostname,
          port: this.url.port || undefined,
          method: 'POST',
          path: '/',
          headers: signed.headers as Record<string, string>,
          agent: this.agent,
          timeout: this.requestTimeoutMs,
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', reject);
          response.on('end', () => {
            const requestId = response.headers['x-amzn-requestid'];
            resolve({
              status: response.statusCode ?? 0,
              requestId: typeof requestId === 'string' ? requestId : undefined,
              body: Buffer.concat(chunks).toString('utf8'),
            });
          });
        },
      );
      request.on('timeout', () => {
        const timeout = new Error(
          `${this.service.signingName} ${operation}: no answer within ${this.requestTimeoutMs} ms`,
        );
        timeout.name = 'TimeoutError';
        request.destroy(timeout);
      });
      request.on('error', reject);
      request.end(body);
    });
  }

  /**
   * The service's error answer as the SDK's error: JSON's `{"__type":"…#Name","message":…}`, or the
   * Query protocol's `<ErrorResponse><Error><Code>Name</Code><Message>…</Message>…`.
   */
  private serviceError(answer: RawAnswer, metadata: ResponseMetadata): AwsServiceException {
    let fields: Record<string, unknown> = {};
    if (this.service.query) {
      const code = xmlText(answer.body, 'Code');
      const message = xmlText(answer.body, 'Message');
      fields = { ...(code ? { __type: code } : {}), ...(message ? { message } : {}) };
    } else {
      try {
        fields = parseAnswer(answer.body, this.service.binaryAttributes);
      } catch {
        // Not JSON (a proxy's page): named by the status below.
      }
    }
    const type = typeof fields.__type === 'string' ? fields.__type : '';
    // `com.amazonaws.dynamodb.v20120810#Name`, `Name`, or `Name:http://…`: the name is the same.
    const name =
      type.slice(type.lastIndexOf('#') + 1).split(':')[0] ||
      (answer.status >= 500 ? 'InternalServerError' : `HttpStatus${answer.status}`);
    const message = fields.message ?? fields.Message;
    const exceptions = this.service.exceptions;
    const ErrorClass = (Object.hasOwn(exceptions, name) ? exceptions[name] : undefined) ?? this.service.base;
    const error = new ErrorClass(name, typeof message === 'string' ? message : name, answer.status, metadata);
    this.service.errorFields?.(error, fields);
    return error;
  }
}

/** A binary attribute (`B`, `BS`) travels base64-encoded (the holder's value: a Buffer's toJSON has run by then). */
function binaryAsBase64(this: unknown, key: string, value: unknown): unknown {
  const original = (this as Record<string, unknown>)[key];
  return original instanceof Uint8Array ? Buffer.from(original).toString('base64') : value;
}

/** …and comes back as bytes, as the SDK hands it over (only `B` and `BS` hold strings where an attribute's value would be). */
function binaryAsBytes(key: string, value: unknown): unknown {
  if (key === 'B' && typeof value === 'string') return Buffer.from(value, 'base64');
  if (key === 'BS' && Array.isArray(value) && value.every((entry) => typeof entry === 'string')) {
    return value.map((entry: string) => Buffer.from(entry, 'base64'));
  }
  return value;
}

/** An answer's body; a reviver only when a binary attribute may be in it (it doubles the parse). */
function parseAnswer(body: string, binaryAttributes = false): Record<string, unknown> {
  if (!body) return {};
  const parsed: unknown = JSON.parse(
    body,
    binaryAttributes && body.includes('"B') ? binaryAsBytes : undefined,
  );
  return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
}

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** The text of the first `<tag>` of an XML answer, its entities decoded; undefined when it has none. */
export function xmlText(xml: string, tag: string): string | undefined {
  const match = new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(xml);
  if (!match) return undefined;
  return (match[1] ?? '').replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_, entity: string) =>
    entity.startsWith('#x')
      ? String.fromCodePoint(Number.parseInt(entity.slice(2), 16))
      : entity.startsWith('#')
        ? String.fromCodePoint(Number(entity.slice(1)))
        : (XML_ENTITIES[entity] ?? ''),
  );
}

/** One operation's input, named by the operation (the SDK's command classes, without their middleware). */
export abstract class AwsCommand<Input, Output> {
  declare readonly output: Output;
  abstract readonly operation: string;
  constructor(readonly input: Input) {}
}

/** What every service facade (dynamodb/, cognito/, ses/, sms/ `wire-client.ts`) shares: its client's listener and connections. */
export abstract class AwsServiceClient {
  protected readonly client: AwsJsonClient;

  constructor(service: AwsJsonService, config: AwsJsonClientConfig) {
    this.client = new AwsJsonClient(service, config);
  }

  /** Calls `listener` before every attempt this client sends (the bench's count, the stress suite's faults). */
  onAttempt(listener: AttemptListener): void {
    this.client.onAttempt(listener);
  }

  /** Closes the kept connections (the local stack and the tests, when they stop). */
  destroy(): void {
    this.client.destroy();
  }
}
