// The AWS WAF web ACL CloudFront puts in front of the API (scope CLOUDFRONT, so it lives in
// us-east-1): Amazon's IP reputation list, a per-IP rate limit, the common rule set and known bad
// inputs. Blocked requests only are logged, to an encrypted log group, with the query string
// (manage tokens) and the credentials headers redacted.
import { ArnFormat, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { API_SECURITY_HEADERS } from '../../shared/adapters/http/security-headers.ts';

export const WAF_SETTINGS = {
  /**
   * Requests one IP may send in five minutes before it is refused for a while: about 3 a second
   * sustained, far above a patient booking or a front desk behind one office address, far below
   * a flood. API Gateway's throttles and the functions' own per-IP limits still apply below it.
   */
  rateLimitPer5Minutes: 1000,
  /** Retry-After of the rate limit's 429: the rule looks back five minutes. */
  rateLimitRetryAfterSeconds: 300,
} as const;

/** The AWS managed rule groups, in the order the web ACL evaluates them (rate limit after the first). */
export const MANAGED_RULE_GROUPS = [
  'AWSManagedRulesAmazonIpReputationList',
  'AWSManagedRulesCommonRuleSet',
  'AWSManagedRulesKnownBadInputsRuleSet',
] as const;

/**
 * Rules of the common rule set that only count. SizeRestrictions_BODY blocks bodies over 8 KB;
 * the API accepts up to 64 KiB (a long inquiry, custom fields) and answers 413 itself above that.
 */
export const COUNT_ONLY_RULES = { AWSManagedRulesCommonRuleSet: ['SizeRestrictions_BODY'] } as const;

/** Redacted from the WAF log: manage tokens travel in the query string and X-Booking-Token. */
export const REDACTED_HEADERS = ['authorization', 'cookie', 'x-booking-token'] as const;

export interface WebAclProps {
  readonly stage: string;
  readonly logRetention: logs.RetentionDays;
  /** Encrypts the log group (a key in the web ACL's region). */
  readonly logKey: kms.IKey;
}

export class WebAcl extends Construct {
  readonly webAcl: wafv2.CfnWebACL;
  /** `ClinicFrontDoor-STAGE`: the WebACL dimension of its metrics. */
  readonly webAclName: string;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: WebAclProps) {
    super(scope, id);
    const name = `ClinicFrontDoor-${props.stage}`;
    this.webAclName = name;
    const visibility = (metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
      cloudWatchMetricsEnabled: true,
      metricName,
      // Sampled requests show full headers and query strings (staff tokens, manage tokens) to
      // anyone who may read the web ACL; the log below keeps what is needed, redacted.
      sampledRequestsEnabled: false,
    });
    const managedGroup = (group: (typeof MANAGED_RULE_GROUPS)[number], priority: number) => {
      const countOnly: readonly string[] =
        (COUNT_ONLY_RULES as Record<string, readonly string[] | undefined>)[group] ?? [];
      return {
        name: group,
        priority,
        overrideAction: { none: {} },
        statement: {
          managedRuleGroupStatement: {
            vendorName: 'AWS',
            name: group,
            ...(countOnly.length > 0
              ? { ruleActionOverrides: countOnly.map((rule) => ({ name: rule, actionToUse: { count: {} } })) }
              : {}),
          },
        },
        visibilityConfig: visibility(group),
      };
    };
    const [reputation, common, badInputs] = MANAGED_RULE_GROUPS;

    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      name,
      description: `Clinic front door API, stage ${props.stage}: AWS managed rules and a per-IP rate limit`,
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: visibility(name),
      customResponseBodies: {
        rateLimited: {
          contentType: 'APPLICATION_JSON',
          content: JSON.stringify({
            type: 'about:blank',
            title: 'Too many requests',
            status: 429,
            code: 'rate_limited',
            detail: 'Too many requests from this address; please try again in a few minutes',
          }),
        },
      },
      rules: [
        managedGroup(reputation, 0),
        {
          name: 'RateLimitPerIp',
          priority: 1,
          action: {
            block: {
              customResponse: {
                responseCode: 429,
                customResponseBodyKey: 'rateLimited',
                // WAF's own answer passes no origin: it carries the API's security headers itself.
                responseHeaders: [
                  { name: 'retry-after', value: String(WAF_SETTINGS.rateLimitRetryAfterSeconds) },
                  ...Object.entries(API_SECURITY_HEADERS).map(([name, value]) => ({ name, value })),
                ],
              },
            },
          },
          statement: {
            rateBasedStatement: {
              limit: WAF_SETTINGS.rateLimitPer5Minutes,
              evaluationWindowSec: 300,
              // The viewer's address as CloudFront sees it: no header a client could forge.
              aggregateKeyType: 'IP',
            },
          },
          visibilityConfig: visibility('RateLimitPerIp'),
        },
        managedGroup(common, 2),
        managedGroup(badInputs, 3),
      ],
    });

    // AWS WAF delivers only to log groups whose name starts aws-waf-logs-.
    const logGroupName = `aws-waf-logs-clinic-front-door-${props.stage}`;
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      logGroupName,
      retention: props.logRetention,
      encryptionKey: props.logKey,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const logging = new wafv2.CfnLoggingConfiguration(this, 'Logging', {
      resourceArn: this.webAcl.attrArn,
      // The log group's own ARN, without the `:*` its Arn attribute ends with.
      logDestinationConfigs: [
        Stack.of(this).formatArn({
          service: 'logs',
          resource: 'log-group',
          resourceName: logGroupName,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      ],
      redactedFields: [
        { queryString: {} },
        ...REDACTED_HEADERS.map((header) => ({ singleHeader: { Name: header } })),
      ],
      // What was blocked, and why; allowed requests (every patient's visit) are not logged.
      loggingFilter: {
        DefaultBehavior: 'DROP',
        Filters: [
          {
            Behavior: 'KEEP',
            Requirement: 'MEETS_ANY',
            Conditions: [{ ActionCondition: { Action: 'BLOCK' } }],
          },
        ],
      },
    });
    logging.node.addDependency(this.logGroup);
  }
}
