// Every route's floor: the same local gateway running a function that does only what the route
// cannot avoid — its own DynamoDB calls, recorded from one of its requests and sent again bare
// (bench/routes.ts `replayOf`; all at once when the route sent them at once), and an answer of the
// route's own bytes. Timed beside the route, through the same client and gateway, at the same
// pace, what is left is the route's own code: its middlewares, validation, logic and headers.
// (A bare call sent back to back from the bench is no floor on these machines: DynamoDB Local
// answers it in about half the time it takes once its process has sat idle for the millisecond a
// request spends around it; the bench prints that call beside the floor.)
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

export const FLOOR_PATH = '/bench/floor';

/** What the floor function does for the route being timed (bench/routes.ts `measureRoutes` sets it). */
export interface FloorWork {
  /** The route's own calls, sent again. */
  readonly calls: () => Promise<unknown>;
  readonly contentType: string;
  /** The route's answer, as it sent it. */
  readonly body: string;
}

let work: FloorWork = { calls: async () => {}, contentType: 'application/json', body: '{"status":"ok"}' };

export function floorDoes(next: FloorWork): void {
  work = next;
}

export const handler = async (): Promise<APIGatewayProxyStructuredResultV2> => {
  await work.calls();
  return { statusCode: 200, headers: { 'content-type': work.contentType }, body: work.body };
};
