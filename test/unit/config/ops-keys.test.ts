// The round-2 `ops` keys (CONFIG.md "Keys added in round 2"): the clinic's own domain and its
// certificates, AWS WAF, the backup copy region, per-route throttles and the MAIL FROM subdomain.
// Defaults, and refusals that name the key to change.
import { describe, expect, it } from 'vitest';
import { loadClinicConfigFile } from '../../../shared/config/load.ts';
import {
  cloudFrontCertificateArnOf,
  parseAcmCertificateArn,
  wafEnabled,
} from '../../../shared/core/config/ops.ts';
import { parsedWith, problemsWith } from './fixtures.ts';

const US_EAST_1 = 'arn:aws:acm:us-east-1:111122223333:certificate/8d2e4b16-7a90-4f3c-b1e5-6c9a0d3f2e47';
const US_EAST_2 = 'arn:aws:acm:us-east-2:111122223333:certificate/5f0c7a52-3e1b-4c1d-9a57-2b8e6f4d9c10';
const OTHER_ACCOUNT_US_EAST_1 =
  'arn:aws:acm:us-east-1:444455556666:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b';
const DOMAIN = 'api.clinic.example';

describe('defaults', () => {
  it('has no domain, no WAF, no copy region, throttles bookings and inquiries, and bounce as MAIL FROM', () => {
    const { ops } = parsedWith();
    expect(ops.domainName).toBeUndefined();
    expect(ops.certificateArn).toBeUndefined();
    expect(ops.backupCopyRegion).toBeUndefined();
    expect(wafEnabled(ops)).toBe(false);
    expect(ops.routeThrottles).toStrictEqual({
      CreateBooking: { rate: 10, burst: 20 },
      CreateInquiry: { rate: 10, burst: 20 },
    });
    expect(ops.mailFromSubdomain).toBe('bounce');
  });

  it('turns WAF on with a domain, and takes the API certificate for CloudFront when it is in us-east-1', () => {
    const { ops } = parsedWith({ 'ops.domainName': DOMAIN, 'ops.certificateArn': US_EAST_1 });
    expect(wafEnabled(ops)).toBe(true);
    expect(cloudFrontCertificateArnOf(ops)).toBe(US_EAST_1);
  });

  it('keeps WAF off when the file says so', () => {
    const { ops } = parsedWith({
      'ops.domainName': DOMAIN,
      'ops.certificateArn': US_EAST_2,
      'ops.waf': false,
    });
    expect(wafEnabled(ops)).toBe(false);
  });

  it('replaces the default route throttles as a whole', () => {
    expect(
      parsedWith({ 'ops.routeThrottles': { GetAvailability: { rate: 5, burst: 10 } } }).ops.routeThrottles,
    ).toStrictEqual({
      GetAvailability: { rate: 5, burst: 10 },
    });
    expect(parsedWith({ 'ops.routeThrottles': {} }).ops.routeThrottles).toStrictEqual({});
  });

  it('is what config/prod.json uses: a domain with WAF, its two certificates and a copy region', () => {
    const { ops } = loadClinicConfigFile('config/prod.json');
    expect(ops.domainName).toBe('api.riverside-spine.example');
    expect(wafEnabled(ops)).toBe(true);
    expect(parseAcmCertificateArn(cloudFrontCertificateArnOf(ops) ?? '')?.region).toBe('us-east-1');
    expect(ops.backupCopyRegion).toBeDefined();
  });
});

describe('the domain and its certificates', () => {
  it('needs a certificate with a domain, and a domain with a certificate', () => {
    expect(problemsWith({ 'ops.domainName': DOMAIN })).toEqual([
      'ops.certificateArn: is required with ops.domainName: the ARN of an ACM certificate for api.clinic.example in the region the stack deploys to',
    ]);
    expect(problemsWith({ 'ops.certificateArn': US_EAST_1 })).toEqual([
      'ops.domainName: is required with ops.certificateArn: the host name the certificate is for',
    ]);
  });

  it.each([
    'https://api.clinic.example',
    'API.clinic.example',
    'api.clinic.example.',
    'localhost',
    '*.clinic.example',
    'api..example',
  ])('refuses the domain %j', (domainName) => {
    expect(problemsWith({ 'ops.domainName': domainName, 'ops.certificateArn': US_EAST_1 })).toEqual([
      'ops.domainName: must be a lower-case host name such as api.clinic.example (no scheme, no path, no trailing dot)',
    ]);
  });

  it.each([
    'arn:aws:iam::111122223333:role/x',
    'arn:aws:acm:us-east-1:1111:certificate/abc',
    'certificate/8d2e4b16',
  ])('refuses the certificate ARN %j', (arn) => {
    expect(problemsWith({ 'ops.domainName': DOMAIN, 'ops.certificateArn': arn })).toEqual([
      'ops.certificateArn: must be an ACM certificate ARN, such as arn:aws:acm:us-east-1:123456789012:certificate/…',
    ]);
  });

  it('asks for a us-east-1 certificate for CloudFront when the API certificate is elsewhere', () => {
    expect(problemsWith({ 'ops.domainName': DOMAIN, 'ops.certificateArn': US_EAST_2 })).toEqual([
      'ops.cloudFrontCertificateArn: is required: CloudFront takes certificates from us-east-1 only, and ops.certificateArn is in us-east-2; request a certificate for api.clinic.example in us-east-1 too and give its ARN here',
    ]);
    expect(
      problemsWith({
        'ops.domainName': DOMAIN,
        'ops.certificateArn': US_EAST_2,
        'ops.cloudFrontCertificateArn': US_EAST_1,
      }),
    ).toEqual([]);
  });

  it('refuses a CloudFront certificate outside us-east-1', () => {
    expect(
      problemsWith({
        'ops.domainName': DOMAIN,
        'ops.certificateArn': US_EAST_2,
        'ops.cloudFrontCertificateArn': US_EAST_2,
      }),
    ).toEqual([
      'ops.cloudFrontCertificateArn: is in us-east-2: CloudFront takes certificates from us-east-1 only',
    ]);
  });

  it('refuses certificates of two accounts', () => {
    expect(
      problemsWith({
        'ops.domainName': DOMAIN,
        'ops.certificateArn': US_EAST_2,
        'ops.cloudFrontCertificateArn': OTHER_ACCOUNT_US_EAST_1,
      }),
    ).toEqual([
      'ops.cloudFrontCertificateArn: is in account 444455556666, ops.certificateArn in 111122223333: both belong to the account the stack deploys to',
    ]);
  });

  it('refuses a CloudFront certificate without CloudFront', () => {
    expect(
      problemsWith({
        'ops.domainName': DOMAIN,
        'ops.certificateArn': US_EAST_2,
        'ops.cloudFrontCertificateArn': US_EAST_1,
        'ops.waf': false,
      }),
    ).toEqual([
      'ops.cloudFrontCertificateArn: is used only by CloudFront: remove it, or set ops.waf to true',
    ]);
  });
});

describe('ops.waf', () => {
  it('is refused without a domain, which would leave the execute-api address open', () => {
    expect(problemsWith({ 'ops.waf': true })).toEqual([
      'ops.waf: needs ops.domainName: without a domain of its own the execute-api address stays open, and requests could go around the firewall',
    ]);
  });

  it('must be true or false', () => {
    expect(problemsWith({ 'ops.waf': 'yes' })).toEqual(['ops.waf: must be true or false, not text']);
  });
});

describe('ops.backupCopyRegion', () => {
  it.each(['us-west-2', 'eu-central-1', 'ap-southeast-2'])('takes %s', (region) => {
    expect(parsedWith({ 'ops.backupCopyRegion': region }).ops.backupCopyRegion).toBe(region);
  });

  it.each(['US-WEST-2', 'uswest2', 'us-west', ''])('refuses %j', (region) => {
    expect(problemsWith({ 'ops.backupCopyRegion': region })).toEqual([
      'ops.backupCopyRegion: must be an AWS region such as us-west-2',
    ]);
  });

  it("refuses the stack's own region, when the certificate tells it", () => {
    expect(
      problemsWith({
        'ops.domainName': DOMAIN,
        'ops.certificateArn': US_EAST_1,
        'ops.backupCopyRegion': 'us-east-1',
      }),
    ).toEqual([
      "ops.backupCopyRegion: must be another region than the stack's (us-east-1, the region of ops.certificateArn)",
    ]);
  });
});

describe('ops.routeThrottles', () => {
  it('refuses a key that is not written like a route id', () => {
    expect(problemsWith({ 'ops.routeThrottles': { 'create-booking': { rate: 1, burst: 1 } } })).toEqual([
      'ops.routeThrottles.create-booking: is not a route id: route ids are written like CreateBooking (see docs/config.md)',
    ]);
  });

  it('needs a positive rate and a positive whole burst, and nothing else', () => {
    expect(
      problemsWith({
        'ops.routeThrottles': {
          CreateBooking: { rate: 0, burst: 20 },
          CreateInquiry: { rate: 10, burst: 2.5 },
          GetAvailability: { rate: 10, burst: 20, period: 1 },
          GetBooking: { rate: 10 },
        },
      }),
    ).toEqual([
      'ops.routeThrottles.CreateBooking.rate: must be greater than 0',
      'ops.routeThrottles.CreateInquiry.burst: must be a whole number, not a number',
      'ops.routeThrottles.GetAvailability.period: unknown key',
      'ops.routeThrottles.GetBooking.burst: is required',
    ]);
  });
});

describe('ops.mailFromSubdomain', () => {
  it.each(['mail', 'bounce', 'mail.out', 'em-1'])('takes %j', (subdomain) => {
    expect(parsedWith({ 'ops.mailFromSubdomain': subdomain }).ops.mailFromSubdomain).toBe(subdomain);
  });

  it.each(['Mail', '_dmarc', 'bounce.', '-x', ''])('refuses %j', (subdomain) => {
    expect(problemsWith({ 'ops.mailFromSubdomain': subdomain })).toEqual([
      'ops.mailFromSubdomain: must be one or more lower-case DNS labels, such as bounce',
    ]);
  });
});
