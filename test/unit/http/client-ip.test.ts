import { describe, expect, it } from 'vitest';
import { assertThroughCloudFront, clientIpOf, viewerIp } from '../../../shared/adapters/http/client-ip.ts';

const SECRET = '0d5c3f7e-1b2a-4c9d-8e7f-6a5b4c3d2e1f';

describe('the client IP', () => {
  it('is the TCP peer without CloudFront in front (no secret configured), whatever headers claim', () => {
    const headers = { 'cloudfront-viewer-address': '198.51.100.9:443', 'x-origin-verify': SECRET };
    expect(clientIpOf(headers, '203.0.113.7', undefined)).toBe('203.0.113.7');
  });

  it('is the viewer address CloudFront sends, when the request carries the stack’s secret', () => {
    const headers = { 'cloudfront-viewer-address': '198.51.100.9:46532', 'x-origin-verify': SECRET };
    expect(clientIpOf(headers, '130.176.1.1', SECRET)).toBe('198.51.100.9');
    expect(
      clientIpOf({ ...headers, 'cloudfront-viewer-address': '2001:db8::1:46532' }, '130.176.1.1', SECRET),
    ).toBe('2001:db8::1');
  });

  it('is never a forged viewer address: a wrong secret, or a malformed address, leaves the peer', () => {
    expect(
      clientIpOf(
        { 'cloudfront-viewer-address': '1.2.3.4:1', 'x-origin-verify': 'guess' },
        '130.176.1.1',
        SECRET,
      ),
    ).toBe('130.176.1.1');
    for (const bad of ['1.2.3.4', '<script>:80', ':80', '1.2.3.4:port']) {
      expect(viewerIp(bad), bad).toBeUndefined();
    }
  });
});

describe('requests around CloudFront', () => {
  it('are refused (403) when the deployment is behind CloudFront and the secret is missing or wrong', () => {
    expect(() => assertThroughCloudFront({}, SECRET)).toThrow(expect.objectContaining({ code: 'forbidden' }));
    expect(() => assertThroughCloudFront({ 'x-origin-verify': 'guess' }, SECRET)).toThrow();
    expect(() => assertThroughCloudFront({ 'x-origin-verify': SECRET }, SECRET)).not.toThrow();
    expect(() => assertThroughCloudFront({}, undefined)).not.toThrow();
  });
});
