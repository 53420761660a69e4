// What one HTTP route is, said once: the CDK app deploys it (method, path, entry, table access,
// auth), the local gateway routes to it, the composer validates its input with its schemas, and
// the OpenAPI document describes it. Each route's record is a small module under routes/.
import type { z } from 'zod';
import type { ClinicConfig } from '../../core/config/schema.ts';
import type { ErrorPageRenderer } from './problem-pages.ts';
import type { ProblemCode } from './problems.ts';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/**
 * What a route's function may do to the table; the stack grants exactly this. `readAndAudit`: read,
 * and put audit entries only (a staff read of personal data writes nothing else).
 */
export type TableAccess = 'none' | 'read' | 'readAndAudit' | 'readWrite';

/**
 * Who may call a route: anyone, a signed-in member of `frontdesk` or `admin` (`staff`), or an
 * `admin` only. Staff routes sit behind the pool's JWT authorizer (API.md "Staff").
 */
export type RouteAuth = 'public' | 'staff' | 'admin';

/** The facts a deploy needs (infra and the local gateway read only these). */
export interface RouteDefinition {
  /** Stable id, used to name the function and its log group (PascalCase). */
  readonly id: string;
  readonly method: HttpMethod;
  /** API Gateway path syntax: `/v1/bookings/{id}`. */
  readonly path: string;
  /** Module under the repository root exporting `handler`. */
  readonly entry: string;
  readonly table: TableAccess;
  readonly auth: RouteAuth;
  /**
   * The function is told the staff pool's ids (`STAFF_USER_POOL_ID`, `STAFF_CLIENT_ID`): the
   * console's config.json needs them. Staff routes are told them anyway.
   */
  readonly staffPoolIds?: boolean;
  /** @default 10 */
  readonly timeoutSeconds?: number;
  /** @default 512 */
  readonly memoryMb?: number;
}

/** The zod schemas of a route's input; a body is accepted as JSON, urlencoded and multipart alike. */
export interface RouteSchemas {
  readonly body?: z.core.$ZodType;
  readonly query?: z.core.$ZodType;
  /** A value that fails it is answered as an unknown one: the route's 404. */
  readonly params?: z.core.$ZodType;
}

/** The global tags of the OpenAPI document; every route names one of them. */
export const API_TAGS = {
  'Lead capture': "The website's contact form: a patient's inquiry becomes a lead for the front desk",
  Scheduling:
    'Appointment types, open slots, and a booking from the patient’s side: book, view, cancel, move',
  Staff:
    'The front desk’s workspace: leads, the agenda, bookings made and changed for patients, blocked time, exports and the audit trail. Every route needs a staff access token.',
  Platform: 'Liveness and this document',
} as const;
export type ApiTag = keyof typeof API_TAGS;

/**
 * Who gets HTML instead of JSON. `form-posts`: a plain form post (urlencoded or multipart) unless
 * its Accept prefers JSON. `browsers`: any request whose Accept prefers text/html to JSON.
 */
export interface HtmlAnswers {
  readonly to: 'form-posts' | 'browsers';
  /** The problems answered as a page; the others stay problem documents. @default every problem */
  readonly problems?: readonly ProblemCode[];
  /**
   * The generic HTML error page (./problem-pages.ts's problemPageFor). Named by the route so that
   * only the bundles of routes with pages carry the page templates and what they format with.
   */
  readonly errorPage: ErrorPageRenderer;
}

export interface ResponseDoc {
  readonly description: string;
  /** The answer's schema (JSON unless contentType says otherwise); classic zod or zod/mini. */
  readonly schema?: z.core.$ZodType;
  /** @default 'application/json' */
  readonly contentType?: string;
  /** The same status is also answered as an HTML page (to whom `html` says). */
  readonly alsoHtml?: boolean;
  readonly headers?: Readonly<Record<string, { description: string; schema: { type: string } }>>;
}

export interface RouteDocs {
  readonly operationId: string;
  readonly summary: string;
  readonly description: string;
  readonly tags: readonly ApiTag[];
  /** Not an API operation (the console's files): left out of the OpenAPI document. */
  readonly hidden?: boolean;
  /** Request headers beyond Idempotency-Key (which every POST takes). */
  readonly headers?: Readonly<Record<string, { description: string; required?: boolean }>>;
  /**
   * The problem codes the route's own work can answer with (API.md). The ones the composer adds —
   * a body or query that fails its schema, a bad path parameter, Idempotency-Key, size and media
   * type — are added from the record, and internal_error to every route.
   */
  readonly problems: readonly ProblemCode[];
}

export interface RouteRecord<S extends RouteSchemas = RouteSchemas> extends RouteDefinition {
  /** The input schemas, built for the clinic that is deployed (custom fields, country, origins). */
  readonly request: (config: ClinicConfig) => S;
  /** What a person filling in the form calls each field, for the HTML error page. */
  readonly fieldLabels?: (config: ClinicConfig) => Readonly<Record<string, string>>;
  /** The detail of the 404 for a path parameter that fails its schema: the unknown id's own. */
  readonly notFound?: string;
  readonly html?: HtmlAnswers;
  readonly responses: Readonly<Record<number, ResponseDoc>>;
  readonly docs: RouteDocs;
}

/** Checks a record's shape where it is written, keeping its schemas' types for the handler. */
export function defineRoute<S extends RouteSchemas>(record: RouteRecord<S>): RouteRecord<S> {
  return record;
}

/** Every POST honours Idempotency-Key (API.md). */
export function isIdempotent(route: RouteDefinition): boolean {
  return route.method === 'POST';
}

/** Matches a concrete path against a route path; returns the path parameters or undefined. */
export function matchPath(routePath: string, actualPath: string): Record<string, string> | undefined {
  const want = routePath.split('/');
  const got = actualPath.split('/');
  const greedy = want.at(-1)?.endsWith('+}') ?? false;
  if (greedy ? got.length < want.length : want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const segment = want[i] as string;
    const value = got[i] as string;
    if (segment.endsWith('+}') && i === want.length - 1) {
      // A greedy variable, `{proxy+}`: the rest of the path, however many segments.
      params[segment.slice(1, -2)] = got.slice(i).join('/');
      return params;
    }
    if (segment.startsWith('{') && segment.endsWith('}')) {
      if (value === '') return undefined;
      try {
        params[segment.slice(1, -1)] = decodeURIComponent(value);
      } catch {
        return undefined;
      }
    } else if (segment !== value) {
      return undefined;
    }
  }
  return params;
}
