// Builds the OpenAPI 3.1 document from the operations' zod schemas (JSON Schema 2020-12, which
// OpenAPI 3.1 uses as it is), so the document cannot drift from what the handlers validate.
import * as z from 'zod';
import { PROBLEMS } from '../problems.ts';
import type { OperationDoc } from './operation.ts';

type JsonObject = Record<string, unknown>;

const FORM_TYPES = ['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data'] as const;

function schemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonObject {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as JsonObject;
  delete json.$schema;
  return json;
}

const problemSchema: JsonObject = {
  type: 'object',
  description: 'RFC 9457 problem details',
  required: ['type', 'title', 'status', 'code'],
  properties: {
    type: { type: 'string', example: 'about:blank' },
    title: { type: 'string' },
    status: { type: 'integer' },
    code: { type: 'string', enum: Object.keys(PROBLEMS) },
    detail: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['path', 'message'],
        properties: { path: { type: 'string' }, message: { type: 'string' } },
      },
    },
    alternatives: { type: 'array', items: { type: 'object' } },
  },
};

function parametersOf(operation: OperationDoc): JsonObject[] {
  const parameters: JsonObject[] = [];
  for (const [name, description] of Object.entries(operation.pathParameters ?? {})) {
    parameters.push({ name, in: 'path', required: true, description, schema: { type: 'string' } });
  }
  if (operation.query) {
    const query = schemaOf(operation.query, 'input') as {
      properties?: Record<string, JsonObject>;
      required?: string[];
    };
    for (const [name, schema] of Object.entries(query.properties ?? {})) {
      parameters.push({ name, in: 'query', required: query.required?.includes(name) ?? false, schema });
    }
  }
  for (const [name, header] of Object.entries(operation.headers ?? {})) {
    parameters.push({
      name,
      in: 'header',
      required: header.required ?? false,
      description: header.description,
      schema: { type: 'string' },
    });
  }
  if (operation.method === 'post') {
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

function responsesOf(operation: OperationDoc): JsonObject {
  const responses: JsonObject = {};
  for (const [status, response] of Object.entries(operation.responses)) {
    responses[status] = {
      description: response.description,
      ...(response.headers ? { headers: response.headers } : {}),
      ...(response.schema
        ? {
            content: {
              [response.contentType ?? 'application/json']: { schema: schemaOf(response.schema, 'output') },
            },
          }
        : {}),
    };
  }
  const problemStatuses = new Map<number, string[]>();
  for (const code of [...operation.problems, 'internal_error' as const]) {
    const { status } = PROBLEMS[code];
    problemStatuses.set(status, [...(problemStatuses.get(status) ?? []), code]);
  }
  for (const [status, codes] of problemStatuses) {
    responses[String(status)] ??= {
      description: `Problem: ${codes.join(', ')}`,
      ...(status === 429
        ? { headers: { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' } } } }
        : {}),
      content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
    };
  }
  return responses;
}

export interface OpenApiInfo {
  readonly title: string;
  readonly version: string;
  readonly serverUrl?: string;
}

export function buildOpenApiDocument(operations: readonly OperationDoc[], info: OpenApiInfo): JsonObject {
  const paths: Record<string, JsonObject> = {};
  for (const operation of operations) {
    const requestBody = operation.body
      ? {
          required: true,
          content: Object.fromEntries(
            FORM_TYPES.map((type) => [type, { schema: schemaOf(operation.body as z.ZodType, 'input') }]),
          ),
        }
      : undefined;
    const parameters = parametersOf(operation);
    paths[operation.path] ??= {};
    (paths[operation.path] as JsonObject)[operation.method] = {
      operationId: operation.operationId,
      summary: operation.summary,
      ...(operation.description ? { description: operation.description } : {}),
      tags: operation.tags,
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(requestBody ? { requestBody } : {}),
      responses: responsesOf(operation),
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: info.title,
      version: info.version,
      description:
        'Lead capture and appointment booking for a medical practice. Errors are RFC 9457 problem documents with a stable `code`.',
    },
    ...(info.serverUrl ? { servers: [{ url: info.serverUrl }] } : {}),
    paths,
    components: { schemas: { Problem: problemSchema } },
  };
}
