// Serves the staff console at /staff/: the built files (console/build.ts) with their content
// types, a year's cache for the hashed ones and none for index.html, /staff/config.json from
// the deployment's user pool, and a strict CSP whose only outside origin is Cognito's endpoint.
import { createHash } from 'node:crypto';

/** One built file (console/build.ts's BuiltConsoleFile has this shape). */
export interface ConsoleAsset {
  /** Path under `/staff/`, e.g. `index.html` or `app.3f2a9c01de.js`. */
  readonly path: string;
  readonly contentType: string;
  readonly body: string;
  /** Named by its content, so cacheable for good. */
  readonly immutable: boolean;
}

/** What the console signs in with (API.md: `GET /staff/config.json`). */
export interface ConsoleConfig {
  readonly region: string;
  readonly userPoolId: string;
  readonly clientId: string;
  /** The user-pool API: `https://cognito-idp.<region>.amazonaws.com`, or cognito-local's URL. */
  readonly endpoint: string;
}

export interface ConsoleRequest {
  readonly method: string;
  /** The request's path, e.g. `/staff/` or `/staff/app.3f2a9c01de.js`. */
  readonly path: string;
  readonly ifNoneMatch?: string | undefined;
}

export interface ConsoleResponse {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

export const CONSOLE_BASE_PATH = '/staff/';

/** The production endpoint of a region's user pools. */
export function cognitoEndpoint(region: string): string {
  return `https://cognito-idp.${region}.amazonaws.com`;
}

/** The console's CSP: its own files, its own API, and Cognito's endpoint for signing in. */
export function consoleCsp(endpoint: string): string {
  const cognito = new URL(endpoint).origin;
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    `connect-src 'self' ${cognito}`,
    "img-src 'self' data:",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

const IMMUTABLE = 'public, max-age=31536000, immutable';
// index.html and config.json are asked again each time, so a new deployment shows at once.
const REVALIDATE = 'no-cache';

function etagOf(body: string): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
}

function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t === etag || t === `W/${etag}`;
  });
}

/** Checks the console's config at start-up: a missing id would only show as a failed sign-in. */
function checkConfig(config: ConsoleConfig): ConsoleConfig {
  for (const key of ['region', 'userPoolId', 'clientId', 'endpoint'] as const) {
    if (!config[key]) throw new Error(`The staff console's config has no ${key}`);
  }
  new URL(config.endpoint);
  return {
    region: config.region,
    userPoolId: config.userPoolId,
    clientId: config.clientId,
    endpoint: config.endpoint,
  };
}

/**
 * The console's answers for a set of built files and a user pool. Made once per container (or
 * local stack); `answer` is pure and quick: a map lookup.
 */
export function consoleAssets(files: readonly ConsoleAsset[], config: ConsoleConfig) {
  const checked = checkConfig(config);
  const security: Record<string, string> = {
    'Content-Security-Policy': consoleCsp(checked.endpoint),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
    'Strict-Transport-Security': 'max-age=31536000; includeSubDomains',
  };
  const entries = new Map<
    string,
    { contentType: string; body: string; cacheControl: string; etag: string }
  >();
  for (const file of files) {
    entries.set(file.path, {
      contentType: file.contentType,
      body: file.body,
      cacheControl: file.immutable ? IMMUTABLE : REVALIDATE,
      etag: etagOf(file.body),
    });
  }
  if (!entries.has('index.html')) throw new Error('The staff console has no index.html: build it first');
  const configBody = JSON.stringify(checked);
  entries.set('config.json', {
    contentType: 'application/json; charset=utf-8',
    body: configBody,
    cacheControl: REVALIDATE,
    etag: etagOf(configBody),
  });

  function plain(statusCode: number, text: string, extra: Record<string, string> = {}): ConsoleResponse {
    return {
      statusCode,
      headers: {
        ...security,
        'Content-Type': 'text/plain; charset=utf-8',
        'Cache-Control': 'no-store',
        ...extra,
      },
      body: text,
    };
  }

  return {
    answer(request: ConsoleRequest): ConsoleResponse {
      // `/staff` is the console too (its files are linked by absolute paths): whichever of the two
      // an API Gateway route hands over, the front desk gets the page, never a redirect loop.
      const path = request.path === '/staff' ? CONSOLE_BASE_PATH : request.path;
      if (!path.startsWith(CONSOLE_BASE_PATH)) return plain(404, 'Not found');
      if (request.method !== 'GET' && request.method !== 'HEAD')
        return plain(405, 'Method not allowed', { Allow: 'GET, HEAD' });
      const name = path.slice(CONSOLE_BASE_PATH.length) || 'index.html';
      const entry = entries.get(name);
      if (!entry) return plain(404, 'Not found');
      const headers = { ...security, 'Cache-Control': entry.cacheControl, ETag: entry.etag };
      if (matches(request.ifNoneMatch, entry.etag)) return { statusCode: 304, headers, body: '' };
      return {
        statusCode: 200,
        headers: { ...headers, 'Content-Type': entry.contentType },
        body: request.method === 'HEAD' ? '' : entry.body,
      };
    },
    /** The paths served under /staff/ (for a test or the local stack's banner). */
    paths: (): string[] =>
      [...entries.keys()].map((name) => `${CONSOLE_BASE_PATH}${name === 'index.html' ? '' : name}`),
  };
}

export type ConsoleAssets = ReturnType<typeof consoleAssets>;
