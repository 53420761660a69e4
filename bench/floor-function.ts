// The floor of a route that calls nothing: a function that answers at once, run by the same local
// gateway (bench/run.ts adds it as GET /bench/floor). Timed beside such a route, what is left is
// the route's own code: its middlewares, validation and answer.
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

export const FLOOR_PATH = '/bench/floor';

export const handler = async (): Promise<APIGatewayProxyStructuredResultV2> => ({
  statusCode: 200,
  headers: { 'content-type': 'application/json' },
  body: '{"status":"ok"}',
});
