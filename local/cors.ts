// CORS as API Gateway's HTTP API answers it from its CORS configuration: preflights never reach a
// function, actual answers to an allowed origin get the allow/expose headers, and whatever CORS
// headers a function set itself are dropped (API Gateway ignores them once CORS is configured).
import { type CorsPolicy, isAllowedOrigin } from '../shared/adapters/http/cors.ts';
import { API_SECURITY_HEADERS } from '../shared/adapters/http/security-headers.ts';

/** API Gateway answers every OPTIONS itself once CORS is configured, whatever the path. */
export function isPreflight(method: string): boolean {
  return method.toUpperCase() === 'OPTIONS';
}

/** Headers of the 204 answer to a preflight; none at all for an origin that is not allowed. */
export function preflightHeaders(policy: CorsPolicy, origin: string | undefined): Record<string, string> {
  if (!isAllowedOrigin(policy, origin)) return {};
  return {
    'access-control-allow-origin': origin,
    'access-control-allow-methods': policy.allowMethods.join(','),
    'access-control-allow-headers': policy.allowHeaders.join(','),
    'access-control-max-age': String(policy.maxAgeSeconds),
    vary: 'origin',
  };
}

/**
 * Every header of the 204 answer to a preflight: the CORS ones for an allowed origin, and for any
 * origin the security headers every answer carries (API.md). API Gateway's own preflight answer
 * has only the CORS ones; the deployment adds the rest at CloudFront (docs/reliability.md "CORS
 * preflight"), and the local gateway answers as that deployment does.
 */
export function preflightAnswerHeaders(
  policy: CorsPolicy,
  origin: string | undefined,
): Record<string, string> {
  return { ...API_SECURITY_HEADERS, ...preflightHeaders(policy, origin) };
}

/** The function's headers with CORS applied for this request's origin. */
export function withCorsHeaders<T extends string | string[]>(
  policy: CorsPolicy,
  origin: string | undefined,
  headers: Record<string, T>,
): Record<string, T | string> {
  const out: Record<string, T | string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!name.toLowerCase().startsWith('access-control-')) out[name] = value;
  }
  if (!isAllowedOrigin(policy, origin)) return out;
  out['access-control-allow-origin'] = origin;
  out['access-control-expose-headers'] = policy.exposeHeaders.join(',');
  const vary = typeof out.vary === 'string' ? out.vary : '';
  if (!/(^|,)\s*(origin|\*)\s*(,|$)/i.test(vary)) out.vary = vary ? `${vary}, origin` : 'origin';
  return out;
}
