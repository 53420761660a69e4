// The staff console's answers through the route composer: its files by path, config.json from the
// deployment's pool (STAFF_USER_POOL_ID, STAFF_CLIENT_ID; COGNITO_ENDPOINT only on the local stack).
import { NotFoundError } from '../../../core/errors.ts';
import { optionalEnv, requireEnv } from '../../../platform/env.ts';
import { type ConsoleAssets, cognitoEndpoint, consoleAssets } from '../console-assets.ts';
import { consoleFiles } from '../console-files.ts';
import type { HttpResponse } from '../responses.ts';
import type { HttpRequest } from '../route.ts';

let assets: ConsoleAssets | undefined;

function containerAssets(): ConsoleAssets {
  const region = optionalEnv('AWS_REGION') ?? 'us-east-1';
  assets ??= consoleAssets(consoleFiles(), {
    region,
    userPoolId: requireEnv('STAFF_USER_POOL_ID'),
    clientId: requireEnv('STAFF_CLIENT_ID'),
    endpoint: optionalEnv('COGNITO_ENDPOINT') ?? cognitoEndpoint(region),
  });
  return assets;
}

/** The detail of the 404 for a path the console has no file at. */
export const NO_CONSOLE_FILE = 'The staff console has no file at this path';

export function presentConsoleFile(request: HttpRequest): HttpResponse {
  const answer = containerAssets().answer({
    method: request.event.requestContext.http.method,
    path: request.event.rawPath,
    ifNoneMatch: request.headers['if-none-match'],
  });
  // A file it does not have is the API's 404 problem, like every other error (API.md).
  if (answer.statusCode === 404) throw new NotFoundError(NO_CONSOLE_FILE);
  // Lower-case names, as every other answer has them: the security headers keep a route's own.
  const headers = Object.fromEntries(Object.entries(answer.headers).map(([k, v]) => [k.toLowerCase(), v]));
  return { statusCode: answer.statusCode, headers, body: answer.body };
}
