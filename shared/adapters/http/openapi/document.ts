// Builds the OpenAPI 3.1 document from the route records and the clinic config that is deployed:
// the same zod schemas the functions validate with (JSON Schema 2020-12, which OpenAPI 3.1 uses
// as it is), so the document cannot drift from what the handlers take and answer.
import * as z from 'zod';
import type { ClinicConfig } from '../../../core/config/schema.ts';
import { slotSchema } from '../../../core/scheduling/availability-schemas.ts';
import { readsBody } from '../body.ts';
import { PROBLEMS, type ProblemCode } from '../problems.ts';
import { API_TAGS, isIdempotent, type RouteRecord, type RouteSchemas } from '../route-record.ts';

type JsonObject = Record<string, unknown>;

const FORM_TYPES = ['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data'] as const;
const HTML_TYPE = 'text/html';
const HTML_CONTENT = { [HTML_TYPE]: { schema: { type: 'string', description: 'An HTML page' } } };

function schemaOf(schema: z.core.$ZodType, io: 'input' | 'output'): JsonObject {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as JsonObject;
  delete json.$schema;
  return json;
}

function problemSchema(): JsonObject {
  return {
    type: 'object',
    description: 'RFC 9457 problem details',
    required: ['type', 'title', 'status', 'code'],
    properties: {
      type: { type: 'string', examples: ['about:blank'] },
      title: { type: 'string' },
      status: { type: 'integer' },
      code: { type: 'string', enum: Object.keys(PROBLEMS) },
      detail: { type: 'string' },
      errors: {
        type: 'array',
        description: 'validation_failed: one entry per invalid field',
        items: {
          type: 'object',
          required: ['path', 'message'],
          properties: { path: { type: 'string' }, message: { type: 'string' } },
        },
      },
      alternatives: {
        type: 'array',
        description: 'slot_unavailable: the open slots of the type nearest to the asked time (up to 3)',
        items: { $ref: '#/components/schemas/Slot' },
      },
    },
  };
}

/**
 * The problems the composer itself answers with, from what the record declares: a body or query
 * that fails its schema, a path parameter that fails its schema (the route's 404), a body too big,
 * of another media type or unreadable (every method that reads one: body.ts), and for every POST
 * the Idempotency-Key answers.
 */
function composerProblems(route: RouteRecord, schemas: RouteSchemas): ProblemCode[] {
  const codes: ProblemCode[] = [];
  if (schemas.body || schemas.query || readsBody(route.method)) codes.push('validation_failed');
  if (schemas.params) codes.push('not_found');
  if (route.auth !== 'public') codes.push('unauthorized', 'forbidden');
  if (readsBody(route.method)) codes.push('payload_too_large', 'unsupported_media_type');
  if (isIdempotent(route)) codes.push('request_in_progress', 'idempotency_key_reused');
  return codes;
}

function parametersOf(route: RouteRecord, schemas: RouteSchemas): JsonObject[] {
  const parameters: JsonObject[] = [];
  const fromSchema = (schema: z.core.$ZodType | undefined, where: 'path' | 'query') => {
    if (!schema) return;
    const object = schemaOf(schema, 'input') as {
      properties?: Record<string, JsonObject>;
      required?: string[];
    };
    for (const [name, property] of Object.entries(object.properties ?? {})) {
      const { description, ...rest } = property;
      parameters.push({
        name,
        in: where,
        required: where === 'path' || (object.required?.includes(name) ?? false),
        ...(description === undefined ? {} : { description }),
        schema: rest,
      });
    }
  };
  fromSchema(schemas.params, 'path');
  fromSchema(schemas.query, 'query');
  for (const [name, header] of Object.entries(route.docs.headers ?? {})) {
    parameters.push({
      name,
      in: 'header',
      required: header.required ?? false,
      description: header.description,
      schema: { type: 'string' },
    });
  }
  if (isIdempotent(route)) {
    parameters.push({
      name: 'Idempotency-Key',
      in: 'header',
      required: false,
      description:
        'Replays the first answer for 24 h when sent again with the same body; 422 with a different body; 409 while the first is running',
      schema: { type: 'string', minLength: 1, maxLength: 255 },
    });
  }
  return parameters;
}

function responsesOf(route: RouteRecord, schemas: RouteSchemas): JsonObject {
  const responses: JsonObject = {};
  for (const [status, response] of Object.entries(route.responses)) {
    const type = response.contentType ?? 'application/json';
    const content: JsonObject = {};
    if (type === HTML_TYPE) Object.assign(content, HTML_CONTENT);
    else if (response.schema) content[type] = { schema: schemaOf(response.schema, 'output') };
    if (response.alsoHtml) Object.assign(content, HTML_CONTENT);
    responses[status] = {
      description: response.description,
      ...(response.headers ? { headers: response.headers } : {}),
      ...(Object.keys(content).length > 0 ? { content } : {}),
    };
  }
  const problemStatuses = new Map<number, ProblemCode[]>();
  const codes = new Set([
    ...composerProblems(route, schemas),
    ...route.docs.problems,
    'internal_error' as const,
  ]);
  for (const code of codes) {
    const { status } = PROBLEMS[code];
    problemStatuses.set(status, [...(problemStatuses.get(status) ?? []), code]);
  }
  for (const [status, statusCodes] of problemStatuses) {
    const page = route.html && statusCodes.some((code) => route.html?.problems?.includes(code) ?? true);
    responses[String(status)] ??= {
      description: `Problem: ${statusCodes.join(', ')}${page ? ' (an HTML page to whom the route answers pages)' : ''}`,
      ...(statusCodes.some((code) => code === 'rate_limited' || code === 'request_in_progress')
        ? { headers: { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' } } } }
        : {}),
      content: {
        'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
        ...(page ? HTML_CONTENT : {}),
      },
    };
  }
  return responses;
}

/** The security scheme of every staff route. */
const STAFF_SECURITY_SCHEME = 'staffAccessToken';

export interface OpenApiInfo {
  readonly version: string;
  readonly serverUrl?: string | undefined;
}

export function buildOpenApiDocument(
  routes: readonly RouteRecord[],
  config: ClinicConfig,
  info: OpenApiInfo,
): JsonObject {
  const paths: Record<string, JsonObject> = {};
  for (const route of routes) {
    if (route.docs.hidden) continue;
    const schemas = route.request(config);
    const body = schemas.body;
    const requestBody = body
      ? {
          required: true,
          content: Object.fromEntries(FORM_TYPES.map((type) => [type, { schema: schemaOf(body, 'input') }])),
        }
      : undefined;
    const parameters = parametersOf(route, schemas);
    paths[route.path] ??= {};
    (paths[route.path] as JsonObject)[route.method.toLowerCase()] = {
      operationId: route.docs.operationId,
      summary: route.docs.summary,
      description: route.docs.description,
      tags: route.docs.tags,
      ...(route.auth === 'public' ? {} : { security: [{ [STAFF_SECURITY_SCHEME]: [] }] }),
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(requestBody ? { requestBody } : {}),
      responses: responsesOf(route, schemas),
    };
  }
  const { clinic } = config;
  return {
    openapi: '3.1.0',
    info: {
      title: `${clinic.name} — website API`,
      version: info.version,
      description:
        'Lead capture and appointment booking for a medical practice. Errors are RFC 9457 problem documents with a stable `code`.',
      contact: { name: clinic.name, ...(clinic.website ? { url: clinic.website } : {}) },
    },
    ...(info.serverUrl ? { servers: [{ url: info.serverUrl }] } : {}),
    tags: Object.entries(API_TAGS).map(([name, description]) => ({ name, description })),
    paths,
    components: {
      schemas: { Problem: problemSchema(), Slot: schemaOf(slotSchema, 'output') },
      ...(routes.some((route) => route.auth !== 'public')
        ? {
            securitySchemes: {
              [STAFF_SECURITY_SCHEME]: {
                type: 'http',
                scheme: 'bearer',
                bearerFormat: 'JWT',
                description:
                  "An access token of the clinic's staff user pool (Amazon Cognito), as InitiateAuth answers it. `frontdesk` or `admin` group; the audit trail needs `admin`.",
              },
            },
          }
        : {}),
    },
  };
}
