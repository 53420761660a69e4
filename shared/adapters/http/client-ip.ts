// Who is asking, for the per-client rate limits and the audit trail. API Gateway's `sourceIp` is
// the TCP peer: behind CloudFront (ops.waf), that is a CloudFront server, shared by every patient
// near it. CloudFront then sends the viewer's own address as `CloudFront-Viewer-Address`, and a
// secret header of the stack's own (`X-Origin-Verify`, infra/constructs/api-distribution.ts); the
// address is believed only beside that secret, since anyone reaching the API Gateway domain
// directly could send the header too. With the secret set, a request without it (one that went
// around CloudFront and AWS WAF, to the API Gateway domain) is refused outright.
import { ForbiddenError } from '../../core/errors.ts';

export const VIEWER_ADDRESS = 'cloudfront-viewer-address';
export const ORIGIN_VERIFY_HEADER = 'x-origin-verify';
/** The secret CloudFront adds, in the functions' environment; unset without CloudFront. */
export const ORIGIN_VERIFY_ENV = 'ORIGIN_VERIFY';

/** `203.0.113.7:46532` → `203.0.113.7`; `2001:db8::1:46532` → `2001:db8::1`. */
export function viewerIp(address: string): string | undefined {
  const at = address.lastIndexOf(':');
  if (at <= 0) return undefined;
  const ip = address.slice(0, at).replace(/^\[|\]$/g, '');
  if (!/^[0-9A-Fa-f.:]+$/.test(ip) || !/^\d{1,5}$/.test(address.slice(at + 1))) return undefined;
  return ip;
}

export function clientIpOf(
  headers: Readonly<Record<string, string | undefined>>,
  sourceIp: string | undefined,
  originVerify: string | undefined,
): string {
  const viewer = headers[VIEWER_ADDRESS];
  if (originVerify && viewer && headers[ORIGIN_VERIFY_HEADER] === originVerify) {
    const ip = viewerIp(viewer);
    if (ip) return ip;
  }
  return sourceIp ?? '';
}

/** Refuses (403) a request that did not come through CloudFront, in a deployment behind it. */
export function assertThroughCloudFront(
  headers: Readonly<Record<string, string | undefined>>,
  originVerify: string | undefined,
): void {
  if (originVerify && headers[ORIGIN_VERIFY_HEADER] !== originVerify) {
    throw new ForbiddenError('This API is served through its own domain only');
  }
}
