// The request body as the client sent it: API Gateway passes bodies it takes for binary as base64.
import type { APIGatewayProxyEventV2 } from 'aws-lambda';

/** The body's bytes, decoded from base64 when API Gateway encoded them; empty without a body. */
export function rawBodyBytes(event: Pick<APIGatewayProxyEventV2, 'body' | 'isBase64Encoded'>): Buffer {
  const body = event.body as unknown;
  if (typeof body !== 'string' || body === '') return Buffer.alloc(0);
  return event.isBase64Encoded ? Buffer.from(body, 'base64') : Buffer.from(body, 'utf8');
}
