import { describe, expect, it } from 'vitest';
import { requestFingerprint } from '../../../shared/adapters/http/idempotency.ts';
import { apiEvent } from '../../support/events.ts';

function multipart(boundary: string, name: string) {
  return apiEvent({
    method: 'POST',
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    body: `--${boundary}\r\nContent-Disposition: form-data; name="name"\r\n\r\n${name}\r\n--${boundary}--\r\n`,
    base64: true,
  });
}

describe('what counts as the same body for Idempotency-Key', () => {
  it('is the same multipart form sent again with the new boundary a client picks each time', () => {
    expect(requestFingerprint(multipart('----a1b2', 'Ada'))).toBe(
      requestFingerprint(multipart('----zz99', 'Ada')),
    );
  });

  it('is not a form with other values', () => {
    expect(requestFingerprint(multipart('----a1b2', 'Ada'))).not.toBe(
      requestFingerprint(multipart('----a1b2', 'Bob')),
    );
  });

  it('tells bodies of other media types apart, ignoring parameters such as charset', () => {
    const json = (type: string, body: string) =>
      apiEvent({ method: 'POST', headers: { 'content-type': type }, body });
    expect(requestFingerprint(json('application/json', '{"a":1}'))).toBe(
      requestFingerprint(json('application/json; charset=utf-8', '{"a":1}')),
    );
    expect(requestFingerprint(json('application/json', '{"a":1}'))).not.toBe(
      requestFingerprint(json('application/x-www-form-urlencoded', '{"a":1}')),
    );
    expect(requestFingerprint(json('application/json', '{"a":1}'))).not.toBe(
      requestFingerprint(json('application/json', '{"a":2}')),
    );
  });
});
