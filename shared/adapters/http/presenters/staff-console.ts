// The staff console's answers through the route composer: its files by path, config.json from the
// deployment's pool (STAFF_USER_POOL_ID, STAFF_CLIENT_ID; COGNITO_ENDPOINT only on the local stack).
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

export function presentConsoleFile(request: HttpRequest): HttpResponse {
  const answer = containerAssets().answer({
    method: request.event.requestContext.http.method,
    path: request.event.rawPath,
    ifNoneMatch: request.headers['if-none-match'],
  });
  // Lower-case names, as every other answer has them: the security headers keep a route's own.
  const headers = Object.fromEntries(Object.entries(answer.headers).map(([k, v]) => [k.toLowerCase(), v]));
  return { statusCode: answer.statusCode, headers, body: answer.body };
}
