import { describe, expect, it } from 'vitest';
import {
  isPreflight,
  preflightAnswerHeaders,
  preflightHeaders,
  withCorsHeaders,
} from '../../../local/cors.ts';
import { corsPolicy } from '../../../shared/adapters/http/cors.ts';

const policy = corsPolicy(['https://www.clinic.example', 'http://localhost:5173']);

describe('CORS as the HTTP API answers it', () => {
  it('treats every OPTIONS request as a preflight', () => {
    expect(isPreflight('OPTIONS')).toBe(true);
    expect(isPreflight('options')).toBe(true);
    expect(isPreflight('POST')).toBe(false);
  });

  it('answers a preflight from an allowed origin with the configured methods, headers and max age', () => {
    expect(preflightHeaders(policy, 'http://localhost:5173')).toEqual({
      'access-control-allow-origin': 'http://localhost:5173',
      'access-control-allow-methods': 'GET,POST,OPTIONS',
      'access-control-allow-headers': 'content-type,idempotency-key,x-booking-token',
      'access-control-max-age': '600',
      vary: 'origin',
    });
  });

  it('gives no CORS headers to an origin that is not exactly on the list', () => {
    expect(preflightHeaders(policy, 'https://evil.example')).toEqual({});
    expect(preflightHeaders(policy, 'https://www.clinic.example:8443')).toEqual({});
    expect(preflightHeaders(policy, 'http://www.clinic.example')).toEqual({});
    expect(preflightHeaders(policy, undefined)).toEqual({});
  });

  it('puts the security headers of every answer on a preflight answer, for any origin', () => {
    const security = {
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      'strict-transport-security': 'max-age=63072000; includeSubDomains',
      'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
    };
    expect(preflightAnswerHeaders(policy, 'http://localhost:5173')).toEqual({
      ...security,
      ...preflightHeaders(policy, 'http://localhost:5173'),
    });
    expect(preflightAnswerHeaders(policy, 'https://evil.example')).toEqual(security);
  });

  it('adds allow-origin, expose-headers and vary to answers for an allowed origin, keeping an existing vary', () => {
    expect(
      withCorsHeaders(policy, 'https://www.clinic.example', {
        'content-type': 'application/json',
        vary: 'accept',
      }),
    ).toEqual({
      'content-type': 'application/json',
      vary: 'accept, origin',
      'access-control-allow-origin': 'https://www.clinic.example',
      'access-control-expose-headers': 'retry-after',
    });
  });

  it('drops CORS headers a function set itself, as API Gateway ignores them once CORS is configured', () => {
    expect(
      withCorsHeaders(policy, 'https://evil.example', { 'access-control-allow-origin': '*', 'x-a': '1' }),
    ).toEqual({
      'x-a': '1',
    });
  });
});
