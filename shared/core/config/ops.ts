// The deploy-time `ops` keys that put the API on the clinic's own domain, behind CloudFront and
// AWS WAF, throttle routes one by one, copy backups to a second region and give SES a custom
// MAIL FROM domain (CONFIG.md "Keys added in round 2"; docs/config.md and docs/deploy.md say why
// each default is what it is). The local stack ignores all of them.
import * as z from 'zod';

/** CloudFront serves only certificates from this region (an ACM rule, not this project's). */
export const CLOUDFRONT_CERTIFICATE_REGION = 'us-east-1';

/**
 * The form posts anyone can send: a flood of them is refused at API Gateway before it takes the
 * Lambda concurrency that bookings, pages and the staff console need.
 */
export const DEFAULT_ROUTE_THROTTLES: Readonly<Record<string, RouteThrottle>> = {
  CreateBooking: { rate: 10, burst: 20 },
  CreateInquiry: { rate: 10, burst: 20 },
};

/**
 * `bounce.<sending domain>`, not `mail.`: `mail.` is often already the clinic's webmail or mail
 * server host (a CNAME or an A record), and a MAIL FROM domain must be used for nothing else.
 */
export const DEFAULT_MAIL_FROM_SUBDOMAIN = 'bounce';

export interface RouteThrottle {
  readonly rate: number;
  readonly burst: number;
}

const DNS_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
/** A route's id, as shared/adapters/http/routes/ names it (the deploy checks that it exists). */
const ROUTE_ID = /^[A-Z][A-Za-z0-9]{0,63}$/;
const AWS_REGION = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;
const ACM_ARN =
  /^arn:(aws|aws-cn|aws-us-gov):acm:([a-z]{2}(?:-[a-z]+)+-\d{1,2}):(\d{12}):certificate\/[A-Za-z0-9-]+$/;

function isDnsName(name: string): boolean {
  const labels = name.split('.');
  return name.length <= 253 && labels.length >= 2 && labels.every((label) => DNS_LABEL.test(label));
}

export interface AcmCertificateArn {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
}

/** The partition, region and account an ACM certificate ARN names; undefined if it is not one. */
export function parseAcmCertificateArn(arn: string): AcmCertificateArn | undefined {
  const match = ACM_ARN.exec(arn);
  if (!match) return undefined;
  const [, partition, region, account] = match as unknown as [string, string, string, string];
  return { partition, region, account };
}

const certificateArn = z
  .string()
  .refine(
    (arn) => parseAcmCertificateArn(arn) !== undefined,
    'must be an ACM certificate ARN, such as arn:aws:acm:us-east-1:123456789012:certificate/…',
  );

const routeThrottle = z.strictObject({
  rate: z.number().positive().describe('Steady-state requests per second for this route'),
  burst: z.number().int().positive().describe('Requests this route absorbs in a burst above the rate'),
});

/** The keys, spread into the `ops` object of the clinic config schema. */
export const OPS_FRONT_DOOR_KEYS = {
  domainName: z
    .string()
    .refine(
      isDnsName,
      'must be a lower-case host name such as api.clinic.example (no scheme, no path, no trailing dot)',
    )
    .optional()
    .describe(
      "Host name the API, patients' pages and the staff console are served at (such as api.clinic.example); the execute-api address is then disabled",
    ),
  certificateArn: certificateArn
    .optional()
    .describe(
      'ACM certificate for ops.domainName in the region the stack deploys to (that region and account are where the stack goes)',
    ),
  cloudFrontCertificateArn: certificateArn
    .optional()
    .describe(
      'ACM certificate for ops.domainName in us-east-1, for CloudFront; default: ops.certificateArn, which must then be in us-east-1',
    ),
  waf: z
    .boolean()
    .optional()
    .describe('CloudFront with AWS WAF in front of the API; default: true when ops.domainName is set'),
  backupCopyRegion: z
    .string()
    .regex(AWS_REGION, 'must be an AWS region such as us-west-2')
    .optional()
    .describe('AWS Backup copies each recovery point of the table to this region; default: no copy'),
  routeThrottles: z
    .record(z.string(), routeThrottle)
    .superRefine((throttles, ctx) => {
      for (const key of Object.keys(throttles)) {
        if (ROUTE_ID.test(key)) continue;
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: 'is not a route id: route ids are written like CreateBooking (see docs/config.md)',
        });
      }
    })
    .default(DEFAULT_ROUTE_THROTTLES)
    .describe(
      'Per-route {rate, burst} throttles by route id, instead of the stage throttle; default: CreateBooking and CreateInquiry at 10 per second, burst 20. A value replaces the whole default.',
    ),
  mailFromSubdomain: z
    .string()
    .refine(
      (name) => name.split('.').every((label) => DNS_LABEL.test(label)),
      'must be one or more lower-case DNS labels, such as bounce',
    )
    .default(DEFAULT_MAIL_FROM_SUBDOMAIN)
    .describe(
      'SES custom MAIL FROM domain: this subdomain of the sending domain (bounce → bounce.clinic.example), used for nothing else',
    ),
};

interface FrontDoorOps {
  readonly domainName?: string | undefined;
  readonly certificateArn?: string | undefined;
  readonly cloudFrontCertificateArn?: string | undefined;
  readonly waf?: boolean | undefined;
  readonly backupCopyRegion?: string | undefined;
}

/** CloudFront and AWS WAF in front of the API: `ops.waf`, else whether a domain is set. */
export function wafEnabled(ops: FrontDoorOps): boolean {
  return ops.waf ?? ops.domainName !== undefined;
}

/** The certificate CloudFront serves: the us-east-1 one, else the API's own. */
export function cloudFrontCertificateArnOf(ops: FrontDoorOps): string | undefined {
  return ops.cloudFrontCertificateArn ?? ops.certificateArn;
}

/** The checks between the keys above; each names the key to change. */
export function checkFrontDoorOps(ops: FrontDoorOps, ctx: z.RefinementCtx): void {
  const problem = (key: keyof FrontDoorOps, message: string) =>
    ctx.addIssue({ code: 'custom', path: [key], message });
  const { domainName } = ops;
  if (domainName !== undefined && ops.certificateArn === undefined) {
    problem(
      'certificateArn',
      `is required with ops.domainName: the ARN of an ACM certificate for ${domainName} in the region the stack deploys to`,
    );
  }
  if (domainName === undefined && ops.certificateArn !== undefined) {
    problem('domainName', 'is required with ops.certificateArn: the host name the certificate is for');
  }
  if (ops.waf === true && domainName === undefined) {
    problem(
      'waf',
      'needs ops.domainName: without a domain of its own the execute-api address stays open, and requests could go around the firewall',
    );
  }
  const waf = wafEnabled(ops);
  if (ops.cloudFrontCertificateArn !== undefined && !waf) {
    problem('cloudFrontCertificateArn', 'is used only by CloudFront: remove it, or set ops.waf to true');
  }
  const api = ops.certificateArn === undefined ? undefined : parseAcmCertificateArn(ops.certificateArn);
  const edgeArn = ops.cloudFrontCertificateArn;
  const edge = edgeArn === undefined ? undefined : parseAcmCertificateArn(edgeArn);
  if (waf && domainName !== undefined) {
    if (edge !== undefined && edge.region !== CLOUDFRONT_CERTIFICATE_REGION) {
      problem(
        'cloudFrontCertificateArn',
        `is in ${edge.region}: CloudFront takes certificates from ${CLOUDFRONT_CERTIFICATE_REGION} only`,
      );
    }
    if (edgeArn === undefined && api !== undefined && api.region !== CLOUDFRONT_CERTIFICATE_REGION) {
      problem(
        'cloudFrontCertificateArn',
        `is required: CloudFront takes certificates from ${CLOUDFRONT_CERTIFICATE_REGION} only, and ops.certificateArn is in ${api.region}; request a certificate for ${domainName} in ${CLOUDFRONT_CERTIFICATE_REGION} too and give its ARN here`,
      );
    }
  }
  if (
    api !== undefined &&
    edge !== undefined &&
    (api.account !== edge.account || api.partition !== edge.partition)
  ) {
    problem(
      'cloudFrontCertificateArn',
      `is in account ${edge.account}, ops.certificateArn in ${api.account}: both belong to the account the stack deploys to`,
    );
  }
  if (api !== undefined && ops.backupCopyRegion === api.region) {
    problem(
      'backupCopyRegion',
      `must be another region than the stack's (${api.region}, the region of ops.certificateArn)`,
    );
  }
}
