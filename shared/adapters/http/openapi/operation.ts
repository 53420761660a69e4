// How a route describes itself for the OpenAPI document: the same zod schemas that validate its
// input and type its output.
import type { z } from 'zod';
import type { ProblemCode } from '../problems.ts';

export interface ResponseDoc {
  readonly description: string;
  readonly schema?: z.ZodType;
  /** @default 'application/json' */
  readonly contentType?: string;
  readonly headers?: Readonly<Record<string, { description: string; schema: { type: string } }>>;
}

export interface OperationDoc {
  readonly method: 'get' | 'post';
  /** OpenAPI path syntax, same as the route table: `/v1/bookings/{id}`. */
  readonly path: string;
  readonly operationId: string;
  readonly summary: string;
  readonly description?: string;
  readonly tags: readonly string[];
  readonly query?: z.ZodType;
  /** Accepted as JSON, urlencoded and multipart form data alike. */
  readonly body?: z.ZodType;
  readonly pathParameters?: Readonly<Record<string, string>>;
  /** Extra request headers, beyond Idempotency-Key which every POST takes. */
  readonly headers?: Readonly<Record<string, { description: string; required?: boolean }>>;
  readonly responses: Readonly<Record<number, ResponseDoc>>;
  /** The problem codes this operation can answer with (API.md). */
  readonly problems: readonly ProblemCode[];
}
