// CloudFront in front of the API, so that AWS WAF (which an HTTP API cannot take directly) sees
// every request: the clinic's domain points at the distribution, whose origin is the API Gateway
// custom domain of the same name. Nothing is cached, and the viewer's request reaches the API as
// sent: every header (the Host, which API Gateway maps the custom domain by; Authorization for the
// staff routes; Idempotency-Key, X-Booking-Token), every query string and cookie, plus
// CloudFront-Viewer-Address, the viewer's own address and port. docs/deploy.md says why.
import { Aws, Duration, Fn } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import { Construct } from 'constructs';
import { API_CSP, API_SECURITY_HEADERS } from '../../shared/adapters/http/security-headers.ts';
import { acknowledgeEach } from '../support/nag.ts';

/** Added by CloudFront to the origin request: the viewer's IP and port (`203.0.113.7:46532`). */
export const VIEWER_ADDRESS_HEADER = 'CloudFront-Viewer-Address';
/** CloudFront's proof to the functions that a request came through it (and so its viewer address is true). */
export const ORIGIN_VERIFY_HEADER = 'X-Origin-Verify';

/**
 * The stack's own unguessable value for X-Origin-Verify: the UUID CloudFormation gave the stack
 * (the last part of AWS::StackId), known to CloudFront and the functions, never in the repository.
 */
export function originVerifyValue(): string {
  return Fn.select(2, Fn.split('/', Aws.STACK_ID));
}

export interface ApiDistributionProps {
  readonly stage: string;
  /** The clinic's host name, served by the distribution (DNS points it here). */
  readonly domainName: string;
  /** ACM certificate for the host name in us-east-1. */
  readonly certificateArn: string;
  /** The API Gateway custom domain's regional target (`d-….execute-api.REGION.amazonaws.com`). */
  readonly originDomainName: string;
  /** ARN of the CLOUDFRONT-scope AWS WAF web ACL. */
  readonly webAclArn: string;
  /**
   * Sent to the origin as X-Origin-Verify: the functions believe CloudFront-Viewer-Address only
   * beside it (shared/adapters/http/client-ip.ts).
   */
  readonly originVerify: string;
}

/** HSTS of every answer, in seconds (the same max-age the functions send). */
const HSTS_MAX_AGE_SECONDS = Number(
  /max-age=(\d+)/.exec(API_SECURITY_HEADERS['strict-transport-security'])?.[1],
);

export class ApiDistribution extends Construct {
  readonly distribution: cloudfront.Distribution;
  readonly originRequestPolicy: cloudfront.OriginRequestPolicy;
  readonly responseHeadersPolicy: cloudfront.ResponseHeadersPolicy;

  constructor(scope: Construct, id: string, props: ApiDistributionProps) {
    super(scope, id);
    this.originRequestPolicy = new cloudfront.OriginRequestPolicy(this, 'OriginRequests', {
      originRequestPolicyName: `ClinicFrontDoor-${props.stage}-api`,
      comment: 'Everything the viewer sent (Host included), and the viewer address',
      // "All viewer headers" carries Authorization and Host too; neither can be listed by name.
      headerBehavior: cloudfront.OriginRequestHeaderBehavior.all(VIEWER_ADDRESS_HEADER),
      queryStringBehavior: cloudfront.OriginRequestQueryStringBehavior.all(),
      cookieBehavior: cloudfront.OriginRequestCookieBehavior.all(),
    });
    // API Gateway answers CORS preflights (and its own 401/403/413/429/5xx) itself, bare; this puts
    // the security headers every function answer carries on those too (docs/reliability.md, "CORS
    // preflight"). A function's own values win (override: false) — pages keep their CSP, the OpenAPI
    // document and the console's hashed files their caching — except nosniff, which is never wrong.
    // No CORS behaviour: API Gateway stays the one place CORS is decided.
    this.responseHeadersPolicy = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      responseHeadersPolicyName: `ClinicFrontDoor-${props.stage}-security-headers`,
      comment: "The API's security headers on every answer, API Gateway's own included",
      securityHeadersBehavior: {
        contentTypeOptions: { override: true },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.seconds(HSTS_MAX_AGE_SECONDS),
          includeSubdomains: API_SECURITY_HEADERS['strict-transport-security'].includes('includeSubDomains'),
          override: false,
        },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: false },
        contentSecurityPolicy: { contentSecurityPolicy: API_CSP, override: false },
      },
      customHeadersBehavior: {
        customHeaders: [
          { header: 'Cache-Control', value: API_SECURITY_HEADERS['cache-control'], override: false },
        ],
      },
    });
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `Clinic front door API (${props.stage}): AWS WAF in front of ${props.domainName}`,
      domainNames: [props.domainName],
      certificate: acm.Certificate.fromCertificateArn(this, 'Certificate', props.certificateArn),
      minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
      sslSupportMethod: cloudfront.SSLMethod.SNI,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      webAclId: props.webAclArn,
      enableLogging: false,
      defaultBehavior: {
        origin: new origins.HttpOrigin(props.originDomainName, {
          protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
          originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
          // Longer than API Gateway's 30-second integration limit: the API answers first.
          readTimeout: Duration.seconds(35),
          customHeaders: { [ORIGIN_VERIFY_HEADER]: props.originVerify },
        }),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
        cachedMethods: cloudfront.CachedMethods.CACHE_GET_HEAD,
        // Every answer is per request (bookings, tokens, staff data): nothing is cached.
        cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
        originRequestPolicy: this.originRequestPolicy,
        responseHeadersPolicy: this.responseHeadersPolicy,
        compress: true,
      },
    });
    acknowledgeEach(this.distribution, [
      [
        'AwsSolutions-CFR1',
        "Patients book from wherever they are (travel, second homes, relatives abroad); the clinic's forms and booking pages serve no country-specific content, and AWS WAF's IP reputation and rate rules, not geography, keep abusers out.",
      ],
      [
        'AwsSolutions-CFR3',
        'CloudFront standard logs would hold every viewer IP beside the full URL, query string included (manage tokens travel as ?token=), for a clinic: personal health information in an S3 bucket. The API access log records each request without them, and AWS WAF logs what it blocks, redacted.',
      ],
    ]);
  }

  /** The distribution's own host name: the clinic's domain is a CNAME to it. */
  get domainName(): string {
    return this.distribution.distributionDomainName;
  }
}
