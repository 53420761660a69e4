// The CORS policy of the HTTP API, defined once: infra/ maps it onto the HTTP API's CORS
// configuration and the local gateway answers from it, so the two cannot drift. Self-contained on
// purpose (no imports) so either side can use it without pulling anything else in.

/** Methods a browser may use cross-origin; OPTIONS is listed as API Gateway expects. */
export const CORS_ALLOW_METHODS = ['GET', 'POST', 'OPTIONS'] as const;
export type CorsMethod = (typeof CORS_ALLOW_METHODS)[number];

/** Request headers a page may send beyond the CORS-safelisted ones. */
export const CORS_ALLOW_HEADERS = ['content-type', 'idempotency-key', 'x-booking-token'] as const;

/** Response headers a page may read beyond the safelisted ones (429 carries `Retry-After`). */
export const CORS_EXPOSE_HEADERS = ['retry-after'] as const;

/** How long a browser may cache a preflight answer. */
export const CORS_MAX_AGE_SECONDS = 600;

export interface CorsPolicy {
  readonly allowOrigins: readonly string[];
  readonly allowMethods: readonly CorsMethod[];
  readonly allowHeaders: readonly string[];
  readonly exposeHeaders: readonly string[];
  readonly maxAgeSeconds: number;
  /** Never: the API uses no cookies or HTTP auth, so credentialed requests are not invited. */
  readonly allowCredentials: false;
}

/** The policy for a clinic, from `cors.allowedOrigins` of its config. */
export function corsPolicy(allowedOrigins: readonly string[]): CorsPolicy {
  return {
    allowOrigins: [...allowedOrigins],
    allowMethods: CORS_ALLOW_METHODS,
    allowHeaders: CORS_ALLOW_HEADERS,
    exposeHeaders: CORS_EXPOSE_HEADERS,
    maxAgeSeconds: CORS_MAX_AGE_SECONDS,
    allowCredentials: false,
  };
}

/** Exact match, as API Gateway compares origins (scheme, host and port; no wildcards). */
export function isAllowedOrigin(policy: CorsPolicy, origin: string | undefined): origin is string {
  return origin !== undefined && policy.allowOrigins.includes(origin);
}
