// The synthesized prod app, property by property: what ops deploy with `cdk deploy -c stage=prod`.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { ESM_REQUIRE_BANNER } from '../../infra/support/builtin-modules.ts';
import { NOTIFIER, ROUTES } from '../../shared/adapters/http/routes/index.ts';
import { clinicPhoneDisplay } from '../../shared/core/inquiries/clinic-phone.ts';
import { METRICS } from '../../shared/platform/metrics.ts';
import { type Synthesized, synthesize } from './synth.ts';

// biome-ignore lint/suspicious/noExplicitAny: synthesized CloudFormation is untyped JSON; the assertions check its shape.
type Json = any;
type Resource = {
  Type: string;
  Properties: Record<string, Json>;
  DeletionPolicy?: string;
  Metadata?: Record<string, Json>;
};
type Statement = { Sid?: string; Action: string | string[]; Resource: unknown; Effect: string };

let s: Synthesized;
// Bundling every function takes a while; the infra project's timeout covers tests, not hooks.
beforeAll(() => {
  s = synthesize('prod');
}, 240_000);

function resources(template: Synthesized['stateless'], type: string): [string, Resource][] {
  return Object.entries(template.findResources(type)) as [string, Resource][];
}

function only<T>(items: T[], what: string): T {
  expect(items, what).toHaveLength(1);
  return items[0] as T;
}

/** The function whose description names the route (`GET /v1/health (prod)`). */
function functionNamed(description: string): [string, Resource] {
  return only(
    resources(s.stateless, 'AWS::Lambda::Function').filter(
      ([, fn]) => fn.Properties.Description === description,
    ),
    `one function described "${description}"`,
  );
}

function routeFunction(route: (typeof ROUTES)[number]): [string, Resource] {
  return functionNamed(`${route.method} ${route.path} (prod)`);
}

function notifierFunction(): [string, Resource] {
  return functionNamed("Sends the emails the table's changes call for (prod)");
}

/** Every statement that applies to a function's role (its managed policies and any inline one). */
function statementsOf(fn: Resource): Statement[] {
  const roleId = fn.Properties.Role['Fn::GetAtt'][0] as string;
  const attached = (props: Record<string, Json>) =>
    JSON.stringify(props.Roles ?? []).includes(`"Ref":"${roleId}"`);
  return [
    ...resources(s.stateless, 'AWS::IAM::ManagedPolicy').filter(([, p]) => attached(p.Properties)),
    ...resources(s.stateless, 'AWS::IAM::Policy').filter(([, p]) => attached(p.Properties)),
  ].flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Statement[]);
}

function actionsOf(statements: Statement[]): string[] {
  return statements.flatMap((st) => (Array.isArray(st.Action) ? st.Action : [st.Action])).sort();
}

function bundleOf(fn: Resource): string {
  const assetDir = join(s.app.outdir, fn.Metadata?.['aws:asset:path'] as string);
  return readFileSync(join(assetDir, 'index.mjs'), 'utf8');
}

/** Modules an ESM bundle imports when it loads (static imports) and on demand (`import()`). */
function importsOf(bundle: string): { atLoad: string[]; onDemand: string[] } {
  const statements =
    /(?:^|[;\n}])\s*import\s*(?:[\w$]+\s*,?\s*)?(?:\{[^}]*\}|\*\s*as\s+[\w$]+)?\s*from\s*["']([^"']+)["']/g;
  const dynamic = /\bimport\(\s*["']([^"']+)["']\s*\)/g;
  const specifiers = (pattern: RegExp) => [...bundle.matchAll(pattern)].map((match) => match[1] as string);
  return { atLoad: specifiers(statements), onDemand: specifiers(dynamic) };
}

/** ESM, minified, with an external source map and the require shim, importing nothing (built-ins come from process.getBuiltinModule). */
function expectBundled(fn: Resource): void {
  const bundle = bundleOf(fn);
  const assetDir = join(s.app.outdir, fn.Metadata?.['aws:asset:path'] as string);
  expect(bundle.startsWith(ESM_REQUIRE_BANNER), 'banner').toBe(true);
  expect(/\/\/# sourceMappingURL=index\.mjs\.map\s*$/.test(bundle), 'source map comment').toBe(true);
  expect(existsSync(join(assetDir, 'index.mjs.map')), 'source map file').toBe(true);
  // The SDK is bundled, not taken from the runtime; only credential sources Lambda never reaches
  // (environment variables answer first) are left to an import() that never runs there.
  // Node's built-ins too are reached through process.getBuiltinModule(), never by an ESM import,
  // whose facade would load undici and more (infra/support/builtin-modules.ts).
  const { atLoad, onDemand } = importsOf(bundle);
  expect(atLoad, 'imported at load').toEqual([]);
  const neverLoaded =
    /^(@aws-sdk\/(credential-provider-[a-z-]+|token-providers|nested-clients)|@smithy\/credential-provider-imds)$/;
  expect(
    onDemand.filter((specifier) => !neverLoaded.test(specifier)),
    'imported on demand',
  ).toEqual([]);
  // esbuild replaced every read of the define (the identifier survives only inside strings).
  expect(bundle.includes('typeof __CLINIC_CONFIG__'), 'define applied').toBe(false);
  // Minified: a few long lines, not one line per source statement.
  expect(bundle.length / bundle.split('\n').length, 'average line length').toBeGreaterThan(1000);
}

/**
 * Imports a bundle in a fresh Node process (this one's Node 24) as Lambda would, with the stack's
 * variable names set to stand-in values, and answers `typeof handler`. Nothing is invoked, so no
 * AWS call is made; the import alone proves the ESM output, the require shim and the inlined config.
 */
function loadBundle(fn: Resource): string {
  expect(process.versions.node.split('.')[0], 'the Node.js the Lambda runtime runs').toBe('24');
  const bundle = join(s.app.outdir, fn.Metadata?.['aws:asset:path'] as string, 'index.mjs');
  const variables = Object.fromEntries(
    Object.entries(fn.Properties.Environment.Variables as Record<string, Json>).map(([name, value]) => [
      name,
      typeof value === 'string' ? value : `stand-in-${name.toLowerCase()}`,
    ]),
  );
  const script = `const m = await import(${JSON.stringify(pathToFileURL(bundle).href)}); console.log(typeof m.handler);`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    env: { PATH: process.env.PATH, AWS_REGION: 'us-east-1', AWS_LAMBDA_FUNCTION_NAME: 'test', ...variables },
    encoding: 'utf8',
    timeout: 30_000,
  });
  expect(result.stderr.slice(0, 2000)).toBe('');
  return result.stdout.trim();
}

const TABLE_READ = [
  'dynamodb:BatchGetItem',
  'dynamodb:ConditionCheckItem',
  'dynamodb:GetItem',
  'dynamodb:Query',
];
const TABLE_WRITE = [
  'dynamodb:BatchWriteItem',
  'dynamodb:DeleteItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
];
const KEY_READ = ['kms:Decrypt', 'kms:DescribeKey'];
const KEY_WRITE = [
  'kms:Encrypt',
  'kms:GenerateDataKey',
  'kms:GenerateDataKeyWithoutPlaintext',
  'kms:ReEncryptFrom',
  'kms:ReEncryptTo',
];
const LOGS = ['logs:CreateLogStream', 'logs:PutLogEvents'];
const EXPECTED_ACTIONS = {
  none: [...LOGS],
  read: [...LOGS, ...TABLE_READ, ...KEY_READ],
  readAndAudit: [...LOGS, ...TABLE_READ, 'dynamodb:PutItem', ...KEY_READ, ...KEY_WRITE],
  readWrite: [...LOGS, ...TABLE_READ, ...TABLE_WRITE, ...KEY_READ, ...KEY_WRITE],
} as const;

describe('the deployable unit', () => {
  it('is one stack per stage, named after it, with termination protection', () => {
    expect(s.stack.stackName).toBe('ClinicFrontDoor-prod');
    expect(s.stack.terminationProtection).toBe(true);
  });

  it('holds the stateful and the stateless part as two nested stacks', () => {
    s.parent.resourceCountIs('AWS::CloudFormation::Stack', 2);
    s.stateful.resourceCountIs('AWS::DynamoDB::Table', 1);
    s.stateful.resourceCountIs('AWS::Lambda::Function', 0);
    s.stateless.resourceCountIs('AWS::DynamoDB::Table', 0);
    s.stateless.resourceCountIs('AWS::KMS::Key', 0);
  });

  it('outputs the API URL, the table name, the DLQ URL, the dashboard URL and what a replay sends with', () => {
    for (const output of [
      'ApiUrl',
      'TableName',
      'DeadLetterQueueUrl',
      'DashboardUrl',
      'NotifierFunctionName',
      'SesConfigurationSetName',
    ]) {
      s.parent.hasOutput(output, { Value: Match.anyValue() });
    }
    // config/prod.json puts the API on the clinic's domain (test/infra/front-door.test.ts).
    expect(s.parent.toJSON().Outputs.ApiUrl.Value).toBe(`https://${s.clinicConfig.ops.domainName}/`);
    expect(JSON.stringify(s.parent.findOutputs('DashboardUrl'))).toContain(
      '#dashboards/dashboard/ClinicFrontDoor-prod',
    );
  });

  it('has no circular dependency inside any template (CloudFormation would refuse it)', () => {
    for (const template of [s.parent, s.stateful, s.stateless]) {
      const resources = template.toJSON().Resources as Record<string, Json>;
      const edges = new Map<string, Set<string>>();
      for (const [id, resource] of Object.entries(resources)) {
        const refs = new Set<string>([resource.DependsOn ?? []].flat());
        JSON.stringify(resource.Properties ?? {}, (key, value) => {
          if (key === 'Ref' && typeof value === 'string') refs.add(value);
          if (key === 'Fn::GetAtt' && Array.isArray(value)) refs.add(value[0]);
          return value;
        });
        edges.set(id, new Set([...refs].filter((ref) => ref in resources)));
      }
      const state = new Map<string, 'visiting' | 'done'>();
      const visit = (id: string, path: string[]): void => {
        if (state.get(id) === 'done') return;
        expect(state.get(id), `cycle: ${[...path, id].join(' -> ')}`).not.toBe('visiting');
        state.set(id, 'visiting');
        for (const next of edges.get(id) ?? []) visit(next, [...path, id]);
        state.set(id, 'done');
      };
      for (const id of edges.keys()) visit(id, []);
    }
  });

  it('outputs the three DKIM records to publish', () => {
    for (const n of [1, 2, 3]) s.parent.hasOutput(`SesDkimRecord${n}`, { Value: Match.anyValue() });
  });
});

describe('the table', () => {
  it('is on-demand, KMS-encrypted, point-in-time recoverable, deletion-protected, with TTL and a stream', () => {
    s.stateful.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: Match.anyValue() },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
    });
  });

  it('has the gsi1 index the code queries', () => {
    s.stateful.hasResourceProperties('AWS::DynamoDB::Table', {
      GlobalSecondaryIndexes: [
        {
          IndexName: 'gsi1',
          KeySchema: [
            { AttributeName: 'gsi1pk', KeyType: 'HASH' },
            { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
    });
  });

  it('is retained when the stack is deleted or the table replaced', () => {
    s.stateful.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  it('is encrypted with its own customer-managed key, rotated and retained', () => {
    const [, table] = only(resources(s.stateful, 'AWS::DynamoDB::Table'), 'one table');
    const keyId = table.Properties.SSESpecification.KMSMasterKeyId['Fn::GetAtt'][0];
    const key = s.stateful.toJSON().Resources[keyId];
    expect(key.Type).toBe('AWS::KMS::Key');
    expect(key.Properties.EnableKeyRotation).toBe(true);
    expect(key.DeletionPolicy).toBe('Retain');
  });

  it('is backed up daily and weekly by AWS Backup into a vault under the table key', () => {
    const [, table] = only(resources(s.stateful, 'AWS::DynamoDB::Table'), 'one table');
    const keyArn = table.Properties.SSESpecification.KMSMasterKeyId;
    s.stateful.hasResource('AWS::Backup::BackupVault', {
      Properties: { EncryptionKeyArn: keyArn },
      DeletionPolicy: 'Retain',
    });
    s.stateful.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: {
        BackupPlanRule: [
          Match.objectLike({ RuleName: 'Daily', Lifecycle: { DeleteAfterDays: 35 } }),
          Match.objectLike({ RuleName: 'Weekly', Lifecycle: { DeleteAfterDays: 90 } }),
        ],
      },
    });
    const [tableId] = only(resources(s.stateful, 'AWS::DynamoDB::Table'), 'one table');
    s.stateful.hasResourceProperties('AWS::Backup::BackupSelection', {
      BackupSelection: Match.objectLike({ Resources: [{ 'Fn::GetAtt': [tableId, 'Arn'] }] }),
    });
  });
});

describe('SES', () => {
  it('verifies the domain of email.from with 2048-bit Easy DKIM and the configuration set as default', () => {
    const [setId] = only(resources(s.stateful, 'AWS::SES::ConfigurationSet'), 'one configuration set');
    s.stateful.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: 'riverside-spine.example',
      DkimAttributes: { SigningEnabled: true },
      DkimSigningAttributes: { NextSigningKeyLength: 'RSA_2048_BIT' },
      ConfigurationSetAttributes: { ConfigurationSetName: { Ref: setId } },
    });
  });

  it('requires TLS and tracks reputation in the configuration set', () => {
    s.stateful.hasResourceProperties('AWS::SES::ConfigurationSet', {
      DeliveryOptions: { TlsPolicy: 'REQUIRE' },
      ReputationOptions: { ReputationMetricsEnabled: true },
      SuppressionOptions: { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] },
    });
  });

  it('sends bounce, complaint and delivery events to CloudWatch', () => {
    const [setId] = only(resources(s.stateful, 'AWS::SES::ConfigurationSet'), 'one configuration set');
    s.stateful.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      ConfigurationSetName: { Ref: setId },
      EventDestination: {
        Enabled: true,
        MatchingEventTypes: Match.arrayWith(['send', 'delivery', 'bounce', 'complaint']),
        CloudWatchDestination: {
          DimensionConfigurations: [
            Match.objectLike({ DimensionName: 'ses:configuration-set', DimensionValueSource: 'messageTag' }),
          ],
        },
      },
    });
  });
});

describe('the operations key (logs, dead-letter queue, alarm topic)', () => {
  it('is rotated, retained, and lets CloudWatch Logs and CloudWatch alarms use it', () => {
    const keys = resources(s.stateful, 'AWS::KMS::Key').filter(([id]) => id.startsWith('OperationsKey'));
    const [, key] = only(keys, 'one operations key');
    expect(key.Properties.EnableKeyRotation).toBe(true);
    expect(key.DeletionPolicy).toBe('Retain');
    const sids = (key.Properties.KeyPolicy.Statement as Statement[]).map((st) => st.Sid);
    expect(sids).toEqual(
      expect.arrayContaining([
        'CloudWatchLogsEncryptsThisAccountsLogGroups',
        'CloudWatchAlarmsPublishToEncryptedTopic',
      ]),
    );
  });
});

describe('the HTTP API', () => {
  it('answers CORS for exactly the configured origins', () => {
    s.stateless.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      ProtocolType: 'HTTP',
      CorsConfiguration: {
        AllowOrigins: s.clinicConfig.cors.allowedOrigins,
        AllowMethods: ['GET', 'POST', 'OPTIONS'],
        AllowHeaders: Match.arrayWith(['content-type', 'idempotency-key']),
        AllowCredentials: false,
      },
    });
  });

  it('throttles the stage at the configured rate and burst', () => {
    s.stateless.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: {
        ThrottlingRateLimit: s.clinicConfig.ops.apiRateLimit,
        ThrottlingBurstLimit: s.clinicConfig.ops.apiBurstLimit,
      },
    });
  });

  it('writes access logs to an encrypted, retained log group, without query strings, bodies or client IPs', () => {
    const [, stage] = only(resources(s.stateless, 'AWS::ApiGatewayV2::Stage'), 'one stage');
    const { DestinationArn, Format } = stage.Properties.AccessLogSettings;
    const logGroup = s.stateless.toJSON().Resources[DestinationArn['Fn::GetAtt'][0]];
    expect(logGroup.Properties).toMatchObject({
      RetentionInDays: s.clinicConfig.ops.logRetentionDays,
      KmsKeyId: expect.anything(),
    });
    expect(logGroup.DeletionPolicy).toBe('Retain');
    const fields = JSON.parse(Format) as Record<string, string>;
    expect(fields).toMatchObject({
      requestId: '$context.requestId',
      routeKey: '$context.routeKey',
      status: '$context.status',
    });
    for (const value of Object.values(fields)) {
      expect(value).not.toMatch(/sourceIp|userAgent|querystring|rawQueryString|body|\$context\.path/i);
    }
  });

  it('has exactly one route per route table entry, each to its own function', () => {
    s.stateless.resourceCountIs('AWS::ApiGatewayV2::Route', ROUTES.length);
    // Besides the routes: the notifier and the reminder runner.
    s.stateless.resourceCountIs('AWS::Lambda::Function', ROUTES.length + 2);
  });
});

describe.each(ROUTES.map((route) => [`${route.method} ${route.path}`, route] as const))(
  '%s',
  (_name, route) => {
    it('runs on Node.js 24, arm64, with bounded timeout and memory and its own retained, encrypted log group', () => {
      const [, fn] = routeFunction(route);
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        Timeout: route.timeoutSeconds ?? 10,
        MemorySize: route.memoryMb ?? 512,
      });
      const logGroup = s.stateless.toJSON().Resources[fn.Properties.LoggingConfig.LogGroup.Ref];
      expect(logGroup.Type).toBe('AWS::Logs::LogGroup');
      expect(logGroup.Properties).toMatchObject({
        RetentionInDays: s.clinicConfig.ops.logRetentionDays,
        KmsKeyId: expect.anything(),
      });
      expect(logGroup.DeletionPolicy).toBe('Retain');
    });

    it('gets names and URLs in its environment, never the clinic config', () => {
      const [, fn] = routeFunction(route);
      const variables = fn.Properties.Environment.Variables;
      expect(variables).toEqual({
        TABLE_NAME: expect.anything(),
        STAGE: 'prod',
        SES_CONFIGURATION_SET: expect.anything(),
        API_BASE_URL: `https://${s.clinicConfig.ops.domainName}`,
        POWERTOOLS_SERVICE_NAME: 'clinic-front-door',
        POWERTOOLS_LOG_LEVEL: 'INFO',
        NODE_OPTIONS: '--enable-source-maps',
        // prod is behind CloudFront: the secret its requests carry (shared/adapters/http/client-ip.ts).
        ORIGIN_VERIFY: { 'Fn::Select': [2, { 'Fn::Split': ['/', { Ref: 'AWS::StackId' }] }] },
        // Only a staff function learns the pool, to look a member's email up for the audit trail.
        ...(route.auth === 'public' && !route.staffPoolIds
          ? {}
          : { STAFF_USER_POOL_ID: expect.anything(), STAFF_CLIENT_ID: expect.anything() }),
      });
      expect(JSON.stringify(variables)).not.toContain(s.clinicConfig.clinic.name);
    });

    it(`may ${route.table === 'none' ? 'not touch' : route.table} the table, and nothing else`, () => {
      const [, fn] = routeFunction(route);
      const all = statementsOf(fn);
      const statements = all.filter((st) => st.Effect === 'Allow');
      if (route.table === 'readWrite') {
        // Whatever a function may write, it may not change or remove an audit entry.
        const deny = all.find((st) => st.Sid === 'AuditTrailIsAppendOnly');
        expect(deny).toMatchObject({
          Effect: 'Deny',
          Action: ['dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'],
          Condition: { 'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': ['AUDIT#*'] } },
        });
      }
      expect(all.filter((st) => st.Effect !== 'Allow' && st.Sid !== 'AuditTrailIsAppendOnly')).toEqual([]);
      const staffActions = route.auth === 'public' ? [] : ['cognito-idp:AdminGetUser'];
      expect(actionsOf(statements)).toEqual([...EXPECTED_ACTIONS[route.table], ...staffActions].sort());
      if (route.auth !== 'public') {
        const lookUp = statements.find((st) => actionsOf([st]).includes('cognito-idp:AdminGetUser'));
        expect(JSON.stringify(lookUp?.Resource)).toContain('UserPool');
      }
      for (const st of statements) {
        expect(st.Effect).toBe('Allow');
        expect(JSON.stringify(st.Resource)).not.toBe('"*"');
      }
      if (route.table === 'readAndAudit') {
        // The one write a staff read makes: its audit entry.
        const put = all.find((st) => st.Sid === 'AppendAuditEntries');
        expect(put).toMatchObject({
          Action: 'dynamodb:PutItem',
          Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['AUDIT#*'] } },
        });
      }
      if (route.table !== 'none') {
        const query = statements.find((st) => actionsOf([st]).includes('dynamodb:Query'));
        expect(JSON.stringify(query?.Resource)).toContain('/index/gsi1');
      }
    });

    it('is routed from its method and path with payload format 2.0', () => {
      const [fnId] = routeFunction(route);
      const [, apiRoute] = only(
        resources(s.stateless, 'AWS::ApiGatewayV2::Route').filter(
          ([, r]) => r.Properties.RouteKey === `${route.method} ${route.path}`,
        ),
        `one route ${route.method} ${route.path}`,
      );
      const integrationId = JSON.stringify(apiRoute.Properties.Target).match(
        /"Ref":"([^"]+)"/,
      )?.[1] as string;
      const integration = s.stateless.toJSON().Resources[integrationId];
      expect(integration.Properties).toMatchObject({
        IntegrationType: 'AWS_PROXY',
        PayloadFormatVersion: '2.0',
        IntegrationUri: { 'Fn::GetAtt': [fnId, 'Arn'] },
      });
      if (route.auth === 'public') {
        expect(apiRoute.Properties.AuthorizationType ?? 'NONE').toBe('NONE');
      } else {
        // The pool's JWT authorizer, and the scope only access tokens carry.
        expect(apiRoute.Properties).toMatchObject({
          AuthorizationType: 'JWT',
          AuthorizationScopes: ['aws.cognito.signin.user.admin'],
          AuthorizerId: expect.anything(),
        });
        const [, authorizer] = only(
          resources(s.stateless, 'AWS::ApiGatewayV2::Authorizer'),
          'one authorizer',
        );
        expect(authorizer.Properties).toMatchObject({
          AuthorizerType: 'JWT',
          IdentitySource: ['$request.header.Authorization'],
          JwtConfiguration: { Audience: [expect.anything()], Issuer: expect.anything() },
        });
      }
    });

    it('is bundled as minified ESM with source maps, a require shim and the AWS SDK inside', () => {
      const [, fn] = routeFunction(route);
      expectBundled(fn);
    });

    it('loads on Node.js 24 with the environment the stack gives it and exports handler', () => {
      const [, fn] = routeFunction(route);
      expect(loadBundle(fn)).toBe('function');
    });
  },
);

describe('what a bundle carries (README "Performance budgets")', () => {
  const routeBundle = (id: string) => {
    const route = ROUTES.find((candidate) => candidate.id === id);
    if (!route) throw new Error(`no route ${id}`);
    return bundleOf(routeFunction(route)[1]);
  };

  it('health, the appointment types and the providers carry no AWS SDK; a route on the table does', () => {
    // An error name the DynamoDB client (the SDK's, or ours: shared/adapters/dynamodb/wire-client.ts) registers.
    for (const id of ['Health', 'ListAppointmentTypes', 'ListProviders', 'OpenApi']) {
      expect(routeBundle(id).includes('ConditionalCheckFailedException'), id).toBe(false);
    }
    expect(routeBundle('GetAvailability').includes('ConditionalCheckFailedException')).toBe(true);
  });

  it('carries the HTML error pages only in the bundles of routes that answer with pages', () => {
    // A heading of the generic error page (shared/adapters/http/problem-pages.ts).
    const heading = 'Please check the form';
    for (const id of ['Health', 'ListAppointmentTypes', 'ListProviders', 'OpenApi', 'GetAvailability']) {
      expect(routeBundle(id).includes(heading), id).toBe(false);
    }
    expect(routeBundle('CreateInquiry').includes(heading), 'CreateInquiry').toBe(true);
  });

  it("carries the phone library only where a phone is read; elsewhere the clinic's number comes formatted at synth", () => {
    // An error code of libphonenumber-js's parser.
    const phoneLibrary = 'INVALID_COUNTRY';
    for (const id of [
      'GetBooking',
      'CancelBooking',
      'RescheduleBooking',
      'GetBookingCalendar',
      'ConfirmBooking',
    ]) {
      const bundle = routeBundle(id);
      expect(bundle.includes(phoneLibrary), id).toBe(false);
      expect(bundle.includes(JSON.stringify(clinicPhoneDisplay(s.clinicConfig.clinic))), id).toBe(true);
    }
    for (const id of ['CreateBooking', 'CreateInquiry', 'StaffCreateBooking']) {
      expect(routeBundle(id).includes(phoneLibrary), id).toBe(true);
    }
  });

  it('serves the OpenAPI document built at synth, without the route records or zod', () => {
    const bundle = routeBundle('OpenApi');
    // Minified: the literal's keys lose their quotes.
    expect(/"?openapi"?:"3\.1\.0"/.test(bundle), 'the document inlined').toBe(true);
    // Strings of zod's JSON Schema conversion and of a request schema's record.
    expect(bundle.includes('draft-2020-12'), 'no JSON Schema conversion').toBe(false);
    expect(bundle.includes('functions/create-booking.ts'), 'no route records').toBe(false);
  });

  it("carries the numbering plans of the clinic's calling code only, and no SSM client without a CAPTCHA", () => {
    const bundle = routeBundle('CreateInquiry');
    expect(s.clinicConfig.clinic.country).toBe('US');
    expect(bundle.includes('"US","AG","AI"'), '+1 plans').toBe(true);
    expect(bundle.includes('["RU","KZ"]'), 'no +7 plans').toBe(false);
    expect(s.clinicConfig.captcha, 'prod has no CAPTCHA').toBeUndefined();
    expect(bundle.includes('reads no SSM parameter'), 'the SSM stand-in').toBe(true);
  });
  it("reads the clinic's offsets from a table written at synth, not from ICU's zone data", () => {
    // infra/support/zone-rules.ts: the module's literal, minified (its keys lose their quotes).
    const table = new RegExp(
      `\\{"?timeZone"?:"${s.clinicConfig.clinic.timeZone.replace('/', '\\/')}","?from"?:0,"?until"?:(4102444800000|41024448e5),`,
    );
    for (const id of ['GetAvailability', 'CreateBooking', 'GetBooking', 'StaffListBookings']) {
      expect(table.test(routeBundle(id)), id).toBe(true);
    }
    expect(table.test(bundleOf(notifierFunction()[1])), 'Notifier').toBe(true);
  });

  it("carries the VTIMEZONE of the clinic's time zone only", () => {
    const bundle = bundleOf(notifierFunction()[1]);
    const zone = s.clinicConfig.clinic.timeZone;
    expect(bundle.includes(`TZID:${zone}`), "the clinic's zone").toBe(true);
    // Another zone of the library's table, and the library's own error text for an unknown zone.
    expect(
      bundle.includes(zone === 'Europe/Berlin' ? 'TZID:Asia/Tokyo' : 'TZID:Europe/Berlin'),
      'no other zone',
    ).toBe(false);
    expect(bundle.includes('Given time zone not valid'), 'not the whole library').toBe(false);
  });
});

describe('the notifier', () => {
  it('reads the table stream from the oldest record with bounded retries, bisect and partial batch responses', () => {
    const [fnId] = notifierFunction();
    const [queueId] = only(resources(s.stateless, 'AWS::SQS::Queue'), 'one queue');
    s.stateless.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: fnId },
      EventSourceArn: Match.anyValue(),
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: 10,
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      MaximumRetryAttempts: 10000,
      MaximumRecordAgeInSeconds: 6 * 3600,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queueId, 'Arn'] } } },
    });
    const [, mapping] = only(resources(s.stateless, 'AWS::Lambda::EventSourceMapping'), 'one mapping');
    expect(JSON.stringify(mapping.Properties.EventSourceArn)).toMatch(/StreamArn/);
  });

  it('loads on Node.js 24 with the environment the stack gives it and exports handler', () => {
    const [, fn] = notifierFunction();
    expect(loadBundle(fn)).toBe('function');
  });

  it('has a bounded timeout and the bundled clinic config', () => {
    const [, fn] = notifierFunction();
    expect(fn.Properties).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'], Timeout: 60 });
    expectBundled(fn);
    // Booleans, not the bundle, in failure messages: a bundle is megabytes of minified code.
    const bundle = bundleOf(fn);
    expect(bundle.includes(JSON.stringify(s.clinicConfig.clinic.name)), 'clinic name inlined').toBe(true);
    expect(bundle.includes(JSON.stringify(s.clinicConfig.email.from)), 'sender inlined').toBe(true);
    expect(bundle.includes('clinic-config.schema.json'), '$schema dropped').toBe(false);
  });

  it('sends its failures to a KMS-encrypted, TLS-only, retained dead-letter queue', () => {
    s.stateless.hasResource('AWS::SQS::Queue', {
      Properties: Match.objectLike({
        KmsMasterKeyId: Match.anyValue(),
        MessageRetentionPeriod: 14 * 24 * 3600,
      }),
      DeletionPolicy: 'Retain',
    });
    s.stateless.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('may read and write the table, read its stream, send to its DLQ, and send email only as the clinic domain', () => {
    const [, fn] = notifierFunction();
    // The audit trail's append-only Deny comes with readWrite (checked with the routes above).
    const statements = statementsOf(fn).filter((st) => st.Effect === 'Allow');
    expect(actionsOf(statements)).toEqual(
      [
        ...EXPECTED_ACTIONS.readWrite,
        'dynamodb:DescribeStream',
        'dynamodb:GetRecords',
        'dynamodb:GetShardIterator',
        'dynamodb:ListStreams',
        ...KEY_READ,
        'sqs:GetQueueAttributes',
        'sqs:GetQueueUrl',
        'sqs:SendMessage',
        'kms:Decrypt',
        'kms:GenerateDataKey',
        'ses:SendEmail',
        'ses:SendRawEmail',
      ].sort(),
    );
    const ses = statements.find((st) => actionsOf([st]).includes('ses:SendRawEmail'));
    const sesResources = JSON.stringify(ses?.Resource);
    expect(sesResources).toContain(':identity/riverside-spine.example');
    expect(sesResources).toContain(':configuration-set/');
    const stream = statements.find((st) => actionsOf([st]).includes('dynamodb:GetRecords'));
    expect(JSON.stringify(stream?.Resource)).toMatch(/StreamArn/);
    // Only ListStreams, which has no resource-level permissions, is granted on every resource.
    const unscoped = statements.filter((st) => JSON.stringify(st.Resource) === '"*"');
    expect(actionsOf(unscoped)).toEqual(['dynamodb:ListStreams']);
  });
});

describe('IAM', () => {
  it('uses no inline policies and no AWS managed policies on the function roles', () => {
    s.stateless.resourceCountIs('AWS::IAM::Policy', 0);
    for (const [, role] of resources(s.stateless, 'AWS::IAM::Role')) {
      expect(role.Properties.Policies).toBeUndefined();
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
      expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
        expect.objectContaining({ Principal: { Service: 'lambda.amazonaws.com' } }),
      ]);
    }
  });

  it('grants no wildcard actions', () => {
    for (const [, policy] of resources(s.stateless, 'AWS::IAM::ManagedPolicy')) {
      for (const action of actionsOf(policy.Properties.PolicyDocument.Statement))
        expect(action).not.toContain('*');
    }
  });
});

describe('alarms', () => {
  const topicRef = () => {
    const [topicId] = only(resources(s.stateless, 'AWS::SNS::Topic'), 'one topic');
    return { Ref: topicId };
  };
  const notifies = () => ({ AlarmActions: [topicRef()], OKActions: [topicRef()] });

  it('go to a KMS-encrypted, TLS-only topic with the configured email subscribed', () => {
    s.stateless.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    s.stateless.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: s.clinicConfig.ops.alarmEmail,
      TopicArn: topicRef(),
    });
    s.stateless.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
          }),
        ]),
      },
    });
  });

  it.each([...ROUTES.map((r) => r.id), NOTIFIER.id])('watch errors and throttles of %s', (id) => {
    const [fnId] =
      id === NOTIFIER.id
        ? notifierFunction()
        : routeFunction(ROUTES.find((r) => r.id === id) as (typeof ROUTES)[number]);
    for (const metric of ['Errors', 'Throttles']) {
      s.stateless.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: `ClinicFrontDoor-prod-${id}${metric}`,
        Namespace: 'AWS/Lambda',
        MetricName: metric,
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: fnId } }],
        Statistic: 'Sum',
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
        ...notifies(),
      });
    }
  });

  it('watch the API 5xx rate', () => {
    const [apiId] = only(resources(s.stateless, 'AWS::ApiGatewayV2::Api'), 'one API');
    s.stateless.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'ClinicFrontDoor-prod-Api5xxRate',
      Threshold: 5,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Metrics: Match.arrayWith([
        Match.objectLike({ Expression: 'IF(requests > 0, 100 * errors / requests, 0)', ReturnData: true }),
        Match.objectLike({
          Id: 'errors',
          MetricStat: Match.objectLike({
            Metric: {
              Namespace: 'AWS/ApiGateway',
              MetricName: '5xx',
              Dimensions: [{ Name: 'ApiId', Value: { Ref: apiId } }],
            },
          }),
        }),
        Match.objectLike({
          Id: 'requests',
          MetricStat: Match.objectLike({ Metric: Match.objectLike({ MetricName: 'Count' }) }),
        }),
      ]),
      ...notifies(),
    });
  });

  it('fire on the first message in the dead-letter queue', () => {
    const [queueId] = only(resources(s.stateless, 'AWS::SQS::Queue'), 'one queue');
    s.stateless.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'ClinicFrontDoor-prod-NotifierDeadLetters',
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }],
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      ...notifies(),
    });
  });

  it('fire when the notifier falls ten minutes behind the stream', () => {
    const [fnId] = notifierFunction();
    s.stateless.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'ClinicFrontDoor-prod-NotifierIteratorAge',
      Namespace: 'AWS/Lambda',
      MetricName: 'IteratorAge',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: fnId } }],
      Statistic: 'Maximum',
      Threshold: 10 * 60 * 1000,
      ...notifies(),
    });
  });

  it.each([
    ['SesBounceRate', 'Reputation.BounceRate', 0.05],
    ['SesComplaintRate', 'Reputation.ComplaintRate', 0.001],
  ])('fire on %s below the rate at which AWS reviews the account', (name, metricName, reviewAt) => {
    const alarm = only(
      resources(s.stateless, 'AWS::CloudWatch::Alarm').filter(
        ([, a]) => a.Properties.AlarmName === `ClinicFrontDoor-prod-${name}`,
      ),
      name,
    )[1];
    expect(alarm.Properties).toMatchObject({
      Namespace: 'AWS/SES',
      MetricName: metricName,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      ...notifies(),
    });
    expect(alarm.Properties.Threshold).toBeGreaterThan(0);
    expect(alarm.Properties.Threshold).toBeLessThan(reviewAt);
  });
});

describe('the dashboard', () => {
  it('shows leads, bookings and email delivery for the stage', () => {
    const [, dashboard] = only(resources(s.stateless, 'AWS::CloudWatch::Dashboard'), 'one dashboard');
    expect(dashboard.Properties.DashboardName).toBe('ClinicFrontDoor-prod');
    const body = JSON.stringify(dashboard.Properties.DashboardBody);
    for (const name of Object.values(METRICS.names)) expect(body).toContain(`\\"${name}\\"`);
    expect(body).toContain(`\\"${METRICS.namespace}\\"`);
    expect(body).toContain(`\\"${METRICS.stageDimension}\\",\\"prod\\"`);
    for (const sesMetric of ['Send', 'Delivery', 'Bounce', 'Complaint'])
      expect(body).toContain(`\\"${sesMetric}\\"`);
    expect(body).toContain('ses:configuration-set');
    expect(body).toContain('Leads');
    expect(body).toContain('Bookings');
  });
});
