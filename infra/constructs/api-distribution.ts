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

export class ApiDistribution extends Construct {
  readonly distribution: cloudfront.Distribution;
  readonly originRequestPolicy: cloudfront.OriginRequestPolicy;

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
