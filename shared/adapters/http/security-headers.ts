// The security headers of every API answer (API.md "Security headers"), said once: the route
// middleware puts them on each function's answer, the local gateway on the answers it gives itself
// (CORS preflights, its 404), and infra can hand the same values to CloudFront's response headers
// policy (docs/reliability.md "CORS preflight"). Self-contained on purpose, like ./cors.ts.

/** The strict policy of an answer that is not a page: nothing may load, nothing may frame it. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'";

/** Every answer's; an answer may set its own Cache-Control (and a page its own CSP). */
export const API_SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=63072000; includeSubDomains',
  'content-security-policy': API_CSP,
} as const satisfies Record<string, string>;
