// The constructs on their own, for what the prod route table may not exercise today (a route that
// only reads, a config without `ops`) and for the checks at the top of each constructor.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { describe, expect, it } from 'vitest';
import { Api } from '../../infra/constructs/api.ts';
import { ClinicFunction } from '../../infra/constructs/clinic-function.ts';
import { Data } from '../../infra/constructs/data.ts';
import { REPOSITORY_ROOT, senderDomain } from '../../infra/support/config.ts';
import type { TableAccess } from '../../shared/adapters/http/route-record.ts';
import { parseClinicConfig } from '../../shared/config/load.ts';

function devConfig(change: (document: Record<string, unknown>) => void = () => {}) {
  const document = JSON.parse(readFileSync(join(REPOSITORY_ROOT, 'config', 'dev.json'), 'utf8'));
  change(document);
  return parseClinicConfig(document, 'dev.json');
}

function policyFor(access: TableAccess) {
  const stack = new Stack(new App(), 'Test');
  const data = new Data(stack, 'Data', { stage: 'test' });
  const statements = data.accessStatements(access);
  if (statements.length > 0) new iam.ManagedPolicy(stack, 'Policy', { statements });
  return { template: Template.fromStack(stack), statements };
}

describe('Data.accessStatements', () => {
  it("grants nothing for 'none'", () => {
    expect(policyFor('none').statements).toEqual([]);
  });

  it("lets 'read' get and query the table and its gsi1 index, and decrypt with the table key", () => {
    const { template } = policyFor('read');
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: [
          {
            Sid: 'ReadTableItems',
            Effect: 'Allow',
            Action: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:ConditionCheckItem'],
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DataTable'), 'Arn'] },
          },
          {
            Sid: 'QueryTableAndIndexes',
            Effect: 'Allow',
            Action: 'dynamodb:Query',
            Resource: [
              { 'Fn::GetAtt': [Match.stringLikeRegexp('^DataTable'), 'Arn'] },
              {
                'Fn::Join': [
                  '',
                  [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^DataTable'), 'Arn'] }, '/index/gsi1'],
                ],
              },
            ],
          },
          {
            Sid: 'UseTableKeyRead',
            Effect: 'Allow',
            Action: ['kms:Decrypt', 'kms:DescribeKey'],
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DataTableKey'), 'Arn'] },
          },
        ],
      },
    });
  });

  it("lets 'readWrite' also put, update and delete items, never scan", () => {
    const { statements } = policyFor('readWrite');
    const actions = statements.flatMap((statement) => statement.actions);
    expect(actions).toEqual(
      expect.arrayContaining([
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'dynamodb:DeleteItem',
        'kms:Encrypt',
      ]),
    );
    expect(actions).not.toContain('dynamodb:Scan');
    expect(actions.filter((action) => action.includes('*'))).toEqual([]);
  });
});

describe('senderDomain', () => {
  it.each([
    ['Riverside Spine <appointments@riverside-spine.example>', 'riverside-spine.example'],
    ['frontdesk@Clinic.Example', 'clinic.example'],
  ])('takes the SES domain of %s', (from, domain) => {
    expect(senderDomain(from)).toBe(domain);
  });

  it('refuses an address without a domain', () => {
    expect(() => senderDomain('Clinic <nobody>')).toThrow(/no domain/);
  });
});

describe('Api', () => {
  function apiTemplate(config = devConfig()) {
    const stack = new Stack(new App(), 'Test');
    new Api(stack, 'Api', {
      stage: 'test',
      allowedOrigins: config.cors.allowedOrigins,
      rateLimit: config.ops.apiRateLimit,
      burstLimit: config.ops.apiBurstLimit,
      logRetention: config.ops.logRetentionDays as logs.RetentionDays,
      logKey: new kms.Key(stack, 'Key'),
    });
    return Template.fromStack(stack);
  }

  it('throttles at 50 requests per second with bursts of 100 when the config has no ops section', () => {
    const config = devConfig((document) => {
      delete document.ops;
    });
    apiTemplate(config).hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
      AccessLogSettings: Match.objectLike({ DestinationArn: Match.anyValue() }),
    });
    apiTemplate(config).hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
  });

  it('takes CORS origins from the config, local development origins included for dev', () => {
    apiTemplate().hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: Match.objectLike({
        AllowOrigins: ['http://localhost:8080', 'https://www.riverside-spine.example'],
      }),
    });
  });

  it('refuses an empty origin list', () => {
    const stack = new Stack(new App(), 'Test');
    expect(
      () =>
        new Api(stack, 'Api', {
          stage: 'test',
          allowedOrigins: [],
          rateLimit: 1,
          burstLimit: 1,
          logRetention: logs.RetentionDays.ONE_WEEK,
          logKey: new kms.Key(stack, 'Key'),
        }),
    ).toThrow(/allowedOrigins is empty/);
  });

  it('routes a public route and refuses, rather than opens, a route that says staff', () => {
    const stack = new Stack(new App(), 'Test');
    const api = new Api(stack, 'Api', {
      stage: 'test',
      allowedOrigins: ['https://www.example.com'],
      rateLimit: 1,
      burstLimit: 1,
      logRetention: logs.RetentionDays.ONE_WEEK,
      logKey: new kms.Key(stack, 'Key'),
    });
    const fn = new lambda.Function(stack, 'Fn', {
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('export const handler = async () => ({});'),
    });
    const route = { method: 'GET', path: '/v1/x', entry: 'functions/health.ts', table: 'none' } as const;
    api.addRoute({ ...route, id: 'Open', auth: 'public' }, fn);
    expect(() => api.addRoute({ ...route, id: 'Staff', path: '/v1/staff/x', auth: 'staff' }, fn)).toThrow(
      /Staff is a staff route; this API has no authorizer/,
    );
    Template.fromStack(stack).resourceCountIs('AWS::ApiGatewayV2::Route', 1);
  });
});

describe('ClinicFunction', () => {
  const base = () => {
    const stack = new Stack(new App(), 'Test');
    return {
      stack,
      props: {
        entry: 'functions/health.ts',
        description: 'test',
        clinicConfig: devConfig(),
        environment: {},
        logRetention: logs.RetentionDays.ONE_WEEK,
        logKey: new kms.Key(stack, 'Key'),
      },
    };
  };

  it('names the missing entry of a route', () => {
    const { stack, props } = base();
    expect(
      () => new ClinicFunction(stack, 'Fn', { ...props, entry: 'functions/not-written-yet.ts' }),
    ).toThrow(/entry functions\/not-written-yet\.ts does not exist/);
  });

  it.each([0, 901, 2.5])('refuses a timeout of %s seconds', (timeoutSeconds) => {
    const { stack, props } = base();
    expect(() => new ClinicFunction(stack, 'Fn', { ...props, timeoutSeconds })).toThrow(/timeoutSeconds/);
  });

  it.each([64, 20_000])('refuses %s MB of memory', (memoryMb) => {
    const { stack, props } = base();
    expect(() => new ClinicFunction(stack, 'Fn', { ...props, memoryMb })).toThrow(/memoryMb/);
  });
});
