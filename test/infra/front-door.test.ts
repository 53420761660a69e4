// The round-2 ops keys as the synthesized app deploys them: the clinic's own domain with the
// execute-api endpoint off, CloudFront and AWS WAF in front, per-route throttles, backup copies in
// a second region and the SES MAIL FROM domain, with a domain (config/prod.json), without one
// (config/dev.json) and in between. Functions are not bundled here (the templates are the
// subject; test/infra/stack.test.ts checks the bundles).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack, Token } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/build-app.ts';
import { Api } from '../../infra/constructs/api.ts';
import {
  COUNT_ONLY_RULES,
  MANAGED_RULE_GROUPS,
  REDACTED_HEADERS,
  WAF_SETTINGS,
} from '../../infra/constructs/web-acl.ts';
import { REPOSITORY_ROOT } from '../../infra/support/config.ts';
import { ROUTES } from '../../shared/adapters/http/routes/index.ts';
import { ClinicConfigError } from '../../shared/config/load.ts';
import { type Synthesized, synthesize } from './synth.ts';

// biome-ignore lint/suspicious/noExplicitAny: synthesized CloudFormation is untyped JSON; the assertions check its shape.
type Json = any;

const DOMAIN = 'api.riverside-spine.example';
const API_CERTIFICATE = 'arn:aws:acm:us-east-2:111122223333:certificate/5f0c7a52-3e1b-4c1d-9a57-2b8e6f4d9c10';
const EDGE_CERTIFICATE =
  'arn:aws:acm:us-east-1:111122223333:certificate/8d2e4b16-7a90-4f3c-b1e5-6c9a0d3f2e47';
/** CloudFront's managed CachingDisabled cache policy. */
const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';

const scratch = mkdtempSync(join(tmpdir(), 'cfd-front-door-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** config/dev.json with its `ops` changed, as a file for `buildApp`. */
function devConfigWith(name: string, ops: Record<string, unknown>): string {
  const config = JSON.parse(readFileSync(join(REPOSITORY_ROOT, 'config', 'dev.json'), 'utf8'));
  config.ops = { ...config.ops, ...ops };
  const path = join(scratch, `${name}.json`);
  writeFileSync(path, JSON.stringify(config));
  return path;
}

function resources(template: Template, type: string): [string, Json][] {
  return Object.entries(template.findResources(type));
}

function only<T>(items: T[], what: string): T {
  expect(items, what).toHaveLength(1);
  return items[0] as T;
}

function outputValue(s: Synthesized, name: string): Json {
  return s.parent.toJSON().Outputs?.[name]?.Value;
}

let prod: Synthesized;
let dev: Synthesized;
let domainOnly: Synthesized;
let copyOnly: Synthesized;
let customOps: Synthesized;
beforeAll(() => {
  prod = synthesize('prod', { bundle: false });
  dev = synthesize('dev', { bundle: false });
  domainOnly = synthesize('dev', {
    bundle: false,
    configPath: devConfigWith('domain-only', {
      domainName: DOMAIN,
      certificateArn: API_CERTIFICATE,
      waf: false,
    }),
  });
  copyOnly = synthesize('dev', {
    bundle: false,
    configPath: devConfigWith('copy-only', { backupCopyRegion: 'us-west-2' }),
  });
  customOps = synthesize('dev', {
    bundle: false,
    configPath: devConfigWith('custom-ops', {
      routeThrottles: { GetAvailability: { rate: 5, burst: 8 }, StaffListBookings: { rate: 2.5, burst: 5 } },
      mailFromSubdomain: 'mail',
    }),
  });
}, 240_000);

describe('cdk-nag', () => {
  it('finds nothing unacknowledged in any of the variants', () => {
    for (const s of [prod, dev, domainOnly, copyOnly, customOps]) {
      expect(
        s.nagFindings.map((f) => `${f.ruleName} at ${f.violatingResources.map((r) => r.constructPath)}`),
      ).toEqual([]);
    }
  });
});

describe("the clinic's own domain", () => {
  it.each([
    ['with CloudFront (config/prod.json)', () => prod],
    ['without CloudFront', () => domainOnly],
  ])('is an API Gateway custom domain mapped to the stage, %s', (_name, variant) => {
    const s = variant();
    const [domainId] = only(resources(s.stateless, 'AWS::ApiGatewayV2::DomainName'), 'one custom domain');
    s.stateless.hasResourceProperties('AWS::ApiGatewayV2::DomainName', {
      DomainName: DOMAIN,
      DomainNameConfigurations: [
        { CertificateArn: API_CERTIFICATE, EndpointType: 'REGIONAL', SecurityPolicy: 'TLS_1_2' },
      ],
    });
    const [apiId] = only(resources(s.stateless, 'AWS::ApiGatewayV2::Api'), 'one API');
    s.stateless.hasResourceProperties('AWS::ApiGatewayV2::ApiMapping', {
      ApiId: { Ref: apiId },
      DomainName: { Ref: domainId },
      Stage: '$default',
    });
  });

  it('turns the execute-api endpoint off', () => {
    for (const s of [prod, domainOnly]) {
      s.stateless.hasResourceProperties('AWS::ApiGatewayV2::Api', { DisableExecuteApiEndpoint: true });
    }
  });

  it('is the URL the stack prints and the functions link back to', () => {
    for (const s of [prod, domainOnly]) {
      expect(outputValue(s, 'ApiUrl')).toBe(`https://${DOMAIN}/`);
      for (const [, fn] of resources(s.stateless, 'AWS::Lambda::Function')) {
        expect(fn.Properties.Environment.Variables.API_BASE_URL).toBe(`https://${DOMAIN}`);
      }
    }
  });

  it("deploys the stack to the certificate's account and region", () => {
    for (const s of [prod, domainOnly]) {
      expect([s.stack.account, s.stack.region]).toEqual(['111122223333', 'us-east-2']);
    }
  });

  it('prints the DNS record that points the domain at CloudFront, or at the custom domain without it', () => {
    const toCloudFront = JSON.stringify(outputValue(prod, 'ApiDomainRecord'));
    expect(toCloudFront).toContain(`CNAME ${DOMAIN}`);
    // The distribution's own name, passed out of the nested stack.
    expect(toCloudFront).toMatch(/Outputs\.\w*Distribution\w*DomainName/);
    const [domainId] = only(
      resources(domainOnly.stateless, 'AWS::ApiGatewayV2::DomainName'),
      'one custom domain',
    );
    const toApiGateway = JSON.stringify(outputValue(domainOnly, 'ApiDomainRecord'));
    expect(toApiGateway).toContain(`CNAME ${DOMAIN}`);
    expect(toApiGateway).toMatch(new RegExp(`Outputs\\.\\w*${domainId.slice(0, -8)}\\w*RegionalDomainName`));
  });

  it('deploys everything to us-east-1 when the one certificate is there, CloudFront serving it too', () => {
    const s = synthesize('dev', {
      bundle: false,
      configPath: devConfigWith('one-certificate', { domainName: DOMAIN, certificateArn: EDGE_CERTIFICATE }),
    });
    expect(s.stack.region).toBe('us-east-1');
    expect(s.edge?.region).toBe('us-east-1');
    s.stateless.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        ViewerCertificate: Match.objectLike({ AcmCertificateArn: EDGE_CERTIFICATE }),
      }),
    });
    s.stateless.hasResourceProperties('AWS::ApiGatewayV2::DomainName', {
      DomainNameConfigurations: [Match.objectLike({ CertificateArn: EDGE_CERTIFICATE })],
    });
    expect(s.nagFindings).toEqual([]);
  });

  it('is absent without ops.domainName: the execute-api endpoint stays on, wherever the credentials deploy', () => {
    dev.stateless.resourceCountIs('AWS::ApiGatewayV2::DomainName', 0);
    dev.stateless.resourceCountIs('AWS::ApiGatewayV2::ApiMapping', 0);
    const [, api] = only(resources(dev.stateless, 'AWS::ApiGatewayV2::Api'), 'one API');
    expect(api.Properties.DisableExecuteApiEndpoint ?? false).toBe(false);
    expect(JSON.stringify(outputValue(dev, 'ApiUrl'))).toContain('execute-api');
    expect(outputValue(dev, 'ApiDomainRecord')).toBeUndefined();
    expect(Token.isUnresolved(dev.stack.region)).toBe(true);
  });
});

describe('CloudFront and AWS WAF in front of the API', () => {
  it('is there with a domain (ops.waf defaults to true), and not without CloudFront or a domain', () => {
    prod.stateless.resourceCountIs('AWS::CloudFront::Distribution', 1);
    expect(prod.edge).toBeDefined();
    for (const s of [dev, domainOnly]) {
      s.stateless.resourceCountIs('AWS::CloudFront::Distribution', 0);
      expect(s.edge).toBeUndefined();
    }
  });

  it("serves the domain with the us-east-1 certificate and sends everything to the API's custom domain, HTTPS only", () => {
    const [domainId] = only(resources(prod.stateless, 'AWS::ApiGatewayV2::DomainName'), 'one custom domain');
    prod.stateless.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: [DOMAIN],
        ViewerCertificate: {
          AcmCertificateArn: EDGE_CERTIFICATE,
          MinimumProtocolVersion: 'TLSv1.2_2021',
          SslSupportMethod: 'sni-only',
        },
        Origins: [
          Match.objectLike({
            DomainName: { 'Fn::GetAtt': [domainId, 'RegionalDomainName'] },
            CustomOriginConfig: Match.objectLike({
              OriginProtocolPolicy: 'https-only',
              OriginSSLProtocols: ['TLSv1.2'],
            }),
          }),
        ],
        DefaultCacheBehavior: Match.objectLike({
          ViewerProtocolPolicy: 'https-only',
          AllowedMethods: Match.arrayEquals(['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE']),
          CachePolicyId: CACHING_DISABLED,
        }),
      }),
    });
  });

  it('caches nothing and forwards every viewer header (Host and Authorization with them), query string and cookie, and the viewer address', () => {
    const [policyId, policy] = only(
      resources(prod.stateless, 'AWS::CloudFront::OriginRequestPolicy'),
      'one origin request policy',
    );
    expect(policy.Properties.OriginRequestPolicyConfig).toMatchObject({
      HeadersConfig: {
        HeaderBehavior: 'allViewerAndWhitelistCloudFront',
        Headers: ['CloudFront-Viewer-Address'],
      },
      QueryStringsConfig: { QueryStringBehavior: 'all' },
      CookiesConfig: { CookieBehavior: 'all' },
    });
    const [, distribution] = only(
      resources(prod.stateless, 'AWS::CloudFront::Distribution'),
      'one distribution',
    );
    expect(distribution.Properties.DistributionConfig.DefaultCacheBehavior.OriginRequestPolicyId).toEqual({
      Ref: policyId,
    });
    // No legacy forwarding settings beside the policies, which CloudFront would refuse.
    expect(distribution.Properties.DistributionConfig.DefaultCacheBehavior.ForwardedValues).toBeUndefined();
  });

  it("puts the API's security headers on every answer, API Gateway's own preflights included, without overriding a function's own", () => {
    const [policyId, policy] = only(
      resources(prod.stateless, 'AWS::CloudFront::ResponseHeadersPolicy'),
      'one response headers policy',
    );
    const config = policy.Properties.ResponseHeadersPolicyConfig;
    expect(config.SecurityHeadersConfig).toEqual({
      ContentTypeOptions: { Override: true },
      StrictTransportSecurity: {
        AccessControlMaxAgeSec: 63072000,
        IncludeSubdomains: true,
        Override: false,
      },
      ReferrerPolicy: { ReferrerPolicy: 'no-referrer', Override: false },
      ContentSecurityPolicy: {
        ContentSecurityPolicy: "default-src 'none'; frame-ancestors 'none'",
        Override: false,
      },
    });
    expect(config.CustomHeadersConfig.Items).toEqual([
      { Header: 'Cache-Control', Value: 'no-store', Override: false },
    ]);
    // CORS stays API Gateway's alone.
    expect(config.CorsConfig).toBeUndefined();
    const [, distribution] = only(
      resources(prod.stateless, 'AWS::CloudFront::Distribution'),
      'one distribution',
    );
    expect(distribution.Properties.DistributionConfig.DefaultCacheBehavior.ResponseHeadersPolicyId).toEqual({
      Ref: policyId,
    });
  });

  it('proves itself to the functions with a secret origin header, which only a deployment behind it configures', () => {
    const [, distribution] = only(
      resources(prod.stateless, 'AWS::CloudFront::Distribution'),
      'one distribution',
    );
    const [origin] = distribution.Properties.DistributionConfig.Origins;
    const header: Json = only(
      (origin.OriginCustomHeaders ?? []).filter((h: Json) => h.HeaderName === 'X-Origin-Verify'),
      'the X-Origin-Verify origin header',
    );
    // The stack's own UUID (the last part of AWS::StackId): in no file, guessed by nobody outside.
    expect(header.HeaderValue).toEqual({
      'Fn::Select': [2, { 'Fn::Split': ['/', { Ref: 'AWS::StackId' }] }],
    });
    const environments = (s: Synthesized) =>
      resources(s.stateless, 'AWS::Lambda::Function').map(
        ([, fn]) => fn.Properties.Environment?.Variables ?? {},
      );
    for (const variables of environments(prod)) expect(variables.ORIGIN_VERIFY).toEqual(header.HeaderValue);
    for (const variables of [...environments(dev), ...environments(domainOnly)]) {
      expect(variables.ORIGIN_VERIFY).toBeUndefined();
    }
  });

  it("takes its web ACL from the edge stack in us-east-1, through CDK's cross-region reference", () => {
    const edge = prod.edge as NonNullable<Synthesized['edge']>;
    expect([edge.account, edge.region]).toEqual(['111122223333', 'us-east-1']);
    const [, distribution] = only(
      resources(prod.stateless, 'AWS::CloudFront::Distribution'),
      'one distribution',
    );
    const parameter = distribution.Properties.DistributionConfig.WebACLId.Ref as string;
    const [, nested] = only(
      resources(prod.parent, 'AWS::CloudFormation::Stack').filter(([id]) => id.startsWith('Stateless')),
      'the stateless nested stack',
    );
    const passed = JSON.stringify(nested.Properties.Parameters[parameter]);
    expect(passed).toContain('ExportsReader');
    const [webAclId] = only(resources(prod.edgeTemplate as Template, 'AWS::WAFv2::WebACL'), 'one web ACL');
    expect(passed).toContain(`FnGetAtt${webAclId}Arn`);
    expect(prod.stack.dependencies.map((stack) => stack.stackName)).toContain(edge.stackName);
  });

  it('puts the managed common, known-bad-inputs and IP reputation rule groups and a per-IP rate limit in the web ACL', () => {
    const edge = prod.edgeTemplate as Template;
    const [, acl] = only(resources(edge, 'AWS::WAFv2::WebACL'), 'one web ACL');
    expect(acl.Properties).toMatchObject({
      Scope: 'CLOUDFRONT',
      DefaultAction: { Allow: {} },
      Name: 'ClinicFrontDoor-prod',
    });
    const rules = acl.Properties.Rules as Json[];
    const groups = rules.filter((rule) => rule.Statement.ManagedRuleGroupStatement);
    expect(groups.map((rule) => rule.Statement.ManagedRuleGroupStatement)).toEqual(
      MANAGED_RULE_GROUPS.map((name) => expect.objectContaining({ VendorName: 'AWS', Name: name })),
    );
    for (const group of groups) expect(group.OverrideAction).toEqual({ None: {} });
    const common = groups.find((rule) => rule.Name === 'AWSManagedRulesCommonRuleSet');
    expect(common.Statement.ManagedRuleGroupStatement.RuleActionOverrides).toEqual(
      COUNT_ONLY_RULES.AWSManagedRulesCommonRuleSet.map((name) => ({
        Name: name,
        ActionToUse: { Count: {} },
      })),
    );
    const rate = only(
      rules.filter((rule) => rule.Statement.RateBasedStatement),
      'one rate-based rule',
    );
    expect(rate.Statement.RateBasedStatement).toEqual({
      Limit: WAF_SETTINGS.rateLimitPer5Minutes,
      EvaluationWindowSec: 300,
      AggregateKeyType: 'IP',
    });
    expect(rate.Action.Block.CustomResponse).toMatchObject({
      ResponseCode: 429,
      ResponseHeaders: expect.arrayContaining([
        { Name: 'retry-after', Value: '300' },
        { Name: 'x-content-type-options', Value: 'nosniff' },
        { Name: 'cache-control', Value: 'no-store' },
        { Name: 'content-security-policy', Value: "default-src 'none'; frame-ancestors 'none'" },
      ]),
    });
    const body = JSON.parse(
      acl.Properties.CustomResponseBodies[rate.Action.Block.CustomResponse.CustomResponseBodyKey].Content,
    );
    expect(body).toMatchObject({ status: 429, code: 'rate_limited' });
    expect(new Set(rules.map((rule) => rule.Priority)).size).toBe(rules.length);
    for (const rule of rules)
      expect(rule.VisibilityConfig).toMatchObject({
        CloudWatchMetricsEnabled: true,
        SampledRequestsEnabled: false,
      });
  });

  it('logs blocked requests only, redacted, to an encrypted aws-waf-logs- group in us-east-1', () => {
    const edge = prod.edgeTemplate as Template;
    const [logGroupId, logGroup] = only(resources(edge, 'AWS::Logs::LogGroup'), 'one log group');
    expect(logGroup.Properties).toMatchObject({
      LogGroupName: 'aws-waf-logs-clinic-front-door-prod',
      RetentionInDays: prod.clinicConfig.ops.logRetentionDays,
      KmsKeyId: { 'Fn::GetAtt': [expect.stringMatching(/^LogKey/), 'Arn'] },
    });
    expect(logGroup.DeletionPolicy).toBe('Retain');
    const [webAclId] = only(resources(edge, 'AWS::WAFv2::WebACL'), 'one web ACL');
    const [, logging] = only(
      resources(edge, 'AWS::WAFv2::LoggingConfiguration'),
      'one logging configuration',
    );
    expect(logging.Properties.ResourceArn).toEqual({ 'Fn::GetAtt': [webAclId, 'Arn'] });
    expect(JSON.stringify(logging.Properties.LogDestinationConfigs)).toContain(
      ':logs:us-east-1:111122223333:log-group:aws-waf-logs-clinic-front-door-prod"',
    );
    expect(logging.DependsOn).toContain(logGroupId);
    expect(logging.Properties.RedactedFields).toEqual([
      { QueryString: {} },
      ...REDACTED_HEADERS.map((name) => ({ SingleHeader: { Name: name } })),
    ]);
    expect(logging.Properties.LoggingFilter).toEqual({
      DefaultBehavior: 'DROP',
      Filters: [
        {
          Behavior: 'KEEP',
          Requirement: 'MEETS_ANY',
          Conditions: [{ ActionCondition: { Action: 'BLOCK' } }],
        },
      ],
    });
    const [, key] = only(resources(edge, 'AWS::KMS::Key'), 'one key');
    expect(key.Properties.EnableKeyRotation).toBe(true);
    const statements = key.Properties.KeyPolicy.Statement as Json[];
    expect(JSON.stringify(statements)).toContain('logs.us-east-1.amazonaws.com');
    expect(statements.map((st) => st.Sid)).not.toContain('CloudWatchAlarmsPublishToEncryptedTopic');
  });
});

describe('ops.routeThrottles', () => {
  function stageOf(s: Synthesized): Json {
    return only(resources(s.stateless, 'AWS::ApiGatewayV2::Stage'), 'one stage')[1];
  }
  function routeIdOf(s: Synthesized, routeKey: string): string {
    return only(
      resources(s.stateless, 'AWS::ApiGatewayV2::Route').filter(
        ([, route]) => route.Properties.RouteKey === routeKey,
      ),
      routeKey,
    )[0];
  }

  it('throttles bookings and inquiries at 10 per second, burst 20, by default, beside the stage throttle', () => {
    for (const s of [prod, dev]) {
      const stage = stageOf(s);
      expect(stage.Properties.DefaultRouteSettings).toEqual({
        ThrottlingRateLimit: s.clinicConfig.ops.apiRateLimit,
        ThrottlingBurstLimit: s.clinicConfig.ops.apiBurstLimit,
      });
      expect(stage.Properties.RouteSettings).toEqual({
        'POST /v1/bookings': { ThrottlingRateLimit: 10, ThrottlingBurstLimit: 20 },
        'POST /v1/inquiries': { ThrottlingRateLimit: 10, ThrottlingBurstLimit: 20 },
      });
      // The settings name routes by key: CloudFormation must create the routes first.
      expect(stage.DependsOn).toEqual(
        expect.arrayContaining([routeIdOf(s, 'POST /v1/bookings'), routeIdOf(s, 'POST /v1/inquiries')]),
      );
    }
  });

  it('gives exactly the configured routes their own throttle when the file sets them', () => {
    expect(stageOf(customOps).Properties.RouteSettings).toEqual({
      'GET /v1/availability': { ThrottlingRateLimit: 5, ThrottlingBurstLimit: 8 },
      'GET /v1/staff/bookings': { ThrottlingRateLimit: 2.5, ThrottlingBurstLimit: 5 },
    });
  });

  it('throttles no route on its own with {}', () => {
    const s = synthesize('dev', {
      bundle: false,
      configPath: devConfigWith('no-throttles', { routeThrottles: {} }),
    });
    expect(stageOf(s).Properties.RouteSettings).toBeUndefined();
  });

  it('stops the deploy on a route id the route table does not have, listing the ids', () => {
    let error: unknown;
    try {
      buildApp({
        stage: 'dev',
        configPath: devConfigWith('unknown-route', {
          routeThrottles: { CreateBookings: { rate: 1, burst: 1 } },
        }),
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ClinicConfigError);
    expect((error as ClinicConfigError).problems).toEqual([
      `ops.routeThrottles.CreateBookings: no route has this id; the routes are ${ROUTES.map((r) => r.id).join(', ')}`,
    ]);
  });

  it('is refused by the Api construct for a route it does not have, and for a rate that is not positive', () => {
    const stack = new Stack(new App(), 'Throttles');
    const logKey = new kms.Key(stack, 'Key');
    const props = {
      stage: 'test',
      allowedOrigins: ['https://www.clinic.example'],
      rateLimit: 50,
      burstLimit: 100,
      logRetention: logs.RetentionDays.ONE_WEEK,
      logKey,
    };
    new Api(stack, 'Api', { ...props, routeThrottles: { CreateBooking: { rate: 1, burst: 1 } } });
    expect(() => Template.fromStack(stack)).toThrow(
      /a throttle is set for CreateBooking, which is not a route of this API/,
    );
    expect(
      () =>
        new Api(new Stack(new App(), 'Zero'), 'Api', {
          ...props,
          routeThrottles: { X: { rate: 0, burst: 1 } },
        }),
    ).toThrow(/the throttle of X must have a positive rate and burst/);
  });
});

describe('ops.backupCopyRegion', () => {
  it('creates the copy vault in that region under a retained, rotated key of its own, before the main stack', () => {
    const copy = prod.backupCopy as NonNullable<Synthesized['backupCopy']>;
    expect(copy.region).toBe('us-west-2');
    const template = prod.backupCopyTemplate as Template;
    const [keyId, key] = only(resources(template, 'AWS::KMS::Key'), 'one key');
    expect(key.Properties.EnableKeyRotation).toBe(true);
    expect(key.DeletionPolicy).toBe('Retain');
    template.hasResourceProperties('AWS::KMS::Alias', {
      AliasName: 'alias/clinic-front-door-prod-backup-copy',
    });
    template.hasResource('AWS::Backup::BackupVault', {
      Properties: {
        BackupVaultName: 'ClinicFrontDoor-prod-copy',
        EncryptionKeyArn: { 'Fn::GetAtt': [keyId, 'Arn'] },
      },
      DeletionPolicy: 'Retain',
    });
    expect(prod.stack.dependencies.map((stack) => stack.stackName)).toContain(copy.stackName);
  });

  it('copies every recovery point of both rules to that vault, kept as long as the original', () => {
    const [, plan] = only(resources(prod.stateful, 'AWS::Backup::BackupPlan'), 'one plan');
    const rules = plan.Properties.BackupPlan.BackupPlanRule as Json[];
    expect(rules).toHaveLength(2);
    for (const rule of rules) {
      expect(rule.CopyActions).toHaveLength(1);
      expect(JSON.stringify(rule.CopyActions[0].DestinationBackupVaultArn)).toContain(
        ':backup:us-west-2:111122223333:backup-vault:ClinicFrontDoor-prod-copy',
      );
      expect(rule.CopyActions[0].Lifecycle).toEqual({ DeleteAfterDays: rule.Lifecycle.DeleteAfterDays });
    }
    expect(outputValue(prod, 'BackupCopyVaultArn')).toBeDefined();
  });

  it("lets the backup role use only the copy vault's key (by alias) in that region", () => {
    const [roleId] = only(resources(prod.stateful, 'AWS::IAM::Role'), 'the backup role');
    const [, policy] = only(
      resources(prod.stateful, 'AWS::IAM::ManagedPolicy').filter(([id]) => id.includes('CopyKeyPolicy')),
      'the copy key policy',
    );
    expect(policy.Properties.Roles).toEqual([{ Ref: roleId }]);
    for (const statement of policy.Properties.PolicyDocument.Statement as Json[]) {
      expect(JSON.stringify(statement.Resource)).toContain(':kms:us-west-2:111122223333:key/*');
      expect(statement.Condition['ForAnyValue:StringEquals']).toEqual({
        'kms:ResourceAliases': 'alias/clinic-front-door-prod-backup-copy',
      });
    }
  });

  it('is absent by default: no copy stack, no copy action', () => {
    expect(dev.backupCopy).toBeUndefined();
    const [, plan] = only(resources(dev.stateful, 'AWS::Backup::BackupPlan'), 'one plan');
    for (const rule of plan.Properties.BackupPlan.BackupPlanRule as Json[])
      expect(rule.CopyActions).toBeUndefined();
  });

  it("has CloudFormation refuse a deploy to the copy region itself, when the stack's region is only known then", () => {
    const rules = copyOnly.parent.toJSON().Rules as Record<string, Json>;
    const rule = rules.BackupCopyGoesToAnotherRegion;
    expect(rule.Assertions).toEqual([
      {
        Assert: { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-west-2'] }] },
        AssertDescription: expect.stringContaining('ops.backupCopyRegion (us-west-2)'),
      },
    ]);
    // With the region known from the certificate, the schema has already checked it.
    expect(
      (prod.parent.toJSON().Rules as Record<string, Json>).BackupCopyGoesToAnotherRegion,
    ).toBeUndefined();
  });
});

describe('the SES MAIL FROM domain', () => {
  it('is bounce.<sending domain> by default, falling back to SES’s own until its MX record resolves', () => {
    for (const s of [prod, dev]) {
      s.stateful.hasResourceProperties('AWS::SES::EmailIdentity', {
        EmailIdentity: 'riverside-spine.example',
        MailFromAttributes: {
          MailFromDomain: 'bounce.riverside-spine.example',
          BehaviorOnMxFailure: 'USE_DEFAULT_VALUE',
        },
      });
    }
    customOps.stateful.hasResourceProperties('AWS::SES::EmailIdentity', {
      MailFromAttributes: { MailFromDomain: 'mail.riverside-spine.example' },
    });
  });

  it('prints its MX and SPF records as outputs, for the stack’s region', () => {
    expect(outputValue(prod, 'SesMailFromMxRecord')).toBe(
      'MX bounce.riverside-spine.example 10 feedback-smtp.us-east-2.amazonses.com',
    );
    expect(outputValue(prod, 'SesMailFromSpfRecord')).toBe(
      'TXT bounce.riverside-spine.example "v=spf1 include:amazonses.com ~all"',
    );
    // Without a known region, the record is completed at deploy time.
    expect(outputValue(dev, 'SesMailFromMxRecord')).toEqual({
      'Fn::Join': [
        ' ',
        [
          'MX bounce.riverside-spine.example',
          { 'Fn::Join': ['', ['10 feedback-smtp.', { Ref: 'AWS::Region' }, '.amazonses.com']] },
        ],
      ],
    });
  });
});
