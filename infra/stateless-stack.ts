// What can be replaced at every deploy: the HTTP API with one function per route (on the clinic's
// domain, behind CloudFront and AWS WAF when the config says so), the notifier on the table's
// stream with its dead-letter queue, the alarms and the dashboard.
import { NestedStack, type NestedStackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { buildConsoleSync } from '../console/build.ts';
import { TABLE } from '../shared/adapters/dynamodb/table.ts';
import { ORIGIN_VERIFY_ENV } from '../shared/adapters/http/client-ip.ts';
import { NOTIFIER, REMINDER_RUNNER, ROUTES } from '../shared/adapters/http/routes/index.ts';
import { openApiRoute } from '../shared/adapters/http/routes/openapi.ts';
import type { ClinicConfig } from '../shared/core/config/schema.ts';
import { Alarms } from './constructs/alarms.ts';
import { Api } from './constructs/api.ts';
import { ApiDistribution, originVerifyValue } from './constructs/api-distribution.ts';
import { CAPTCHA_ROUTE_IDS, captchaSecretStatements } from './constructs/captcha.ts';
import { ClinicFunction } from './constructs/clinic-function.ts';
import { Dashboard } from './constructs/dashboard.ts';
import { Notifications } from './constructs/notifications.ts';
import { grantTexts, Reminders } from './constructs/reminders.ts';
import type { StatefulStack } from './stateful-stack.ts';
import { NO_SSM_CLIENT_MODULE } from './support/config.ts';
import { OPENAPI_DOCUMENT_IMPORT, openApiDocumentModule } from './support/openapi-document.ts';

/** The environment variables every function gets: names and URLs only, never the config. */
export const FUNCTION_ENVIRONMENT = {
  tableName: 'TABLE_NAME',
  stage: 'STAGE',
  sesConfigurationSet: 'SES_CONFIGURATION_SET',
  apiBaseUrl: 'API_BASE_URL',
  serviceName: 'POWERTOOLS_SERVICE_NAME',
  logLevel: 'POWERTOOLS_LOG_LEVEL',
  staffUserPoolId: 'STAFF_USER_POOL_ID',
  staffClientId: 'STAFF_CLIENT_ID',
  originVerify: ORIGIN_VERIFY_ENV,
} as const;

export const SERVICE_NAME = 'clinic-front-door';

export interface StatelessStackProps extends NestedStackProps {
  readonly stage: string;
  readonly clinicConfig: ClinicConfig;
  readonly stateful: StatefulStack;
  /** CloudFront and AWS WAF in front of the API (needs `ops.domainName`). @default none */
  readonly edge?: EdgeProtection;
}

/** What the distribution needs from us-east-1. */
export interface EdgeProtection {
  /** ARN of the CLOUDFRONT-scope web ACL. */
  readonly webAclArn: string;
  readonly webAclName: string;
  /** The certificate for the domain in us-east-1. */
  readonly certificateArn: string;
}

export class StatelessStack extends NestedStack {
  readonly api: Api;
  /** CloudFront in front of the API, when the config puts AWS WAF there. */
  readonly distribution: ApiDistribution | undefined;
  /** Every function, by route id (and the notifier's id). */
  readonly functions = new Map<string, ClinicFunction>();
  readonly notifier: ClinicFunction;
  readonly notifications: Notifications;
  readonly reminders: Reminders;
  readonly alarms: Alarms;
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, {
      ...props,
      description: `Clinic front door (${props.stage}): API, functions, notifier, alarms, dashboard`,
    });
    const { stage, clinicConfig, stateful } = props;
    const { ops } = clinicConfig;
    const logKey = stateful.operationsKey.key;
    const logRetention = ops.logRetentionDays as logs.RetentionDays;

    this.api = new Api(this, 'Api', {
      stage,
      allowedOrigins: clinicConfig.cors.allowedOrigins,
      rateLimit: ops.apiRateLimit,
      burstLimit: ops.apiBurstLimit,
      routeThrottles: ops.routeThrottles,
      logRetention,
      logKey,
      staffIdentity: {
        issuerUrl: stateful.staffIdentity.issuerUrl,
        clientId: stateful.staffIdentity.client.userPoolClientId,
      },
      ...(ops.domainName && ops.certificateArn
        ? { domain: { name: ops.domainName, certificateArn: ops.certificateArn } }
        : {}),
    });
    const apiDomain = this.api.domainName;
    const apiHost = this.api.host;
    if (props.edge && (!apiDomain || !apiHost)) {
      throw new Error(`${this.node.path}: CloudFront in front of the API needs the API's own domain`);
    }
    this.distribution =
      props.edge && apiDomain && apiHost
        ? new ApiDistribution(this, 'Distribution', {
            stage,
            domainName: apiHost,
            certificateArn: props.edge.certificateArn,
            originDomainName: apiDomain.regionalDomainName,
            webAclArn: props.edge.webAclArn,
            originVerify: originVerifyValue(),
          })
        : undefined;

    const environment = {
      [FUNCTION_ENVIRONMENT.tableName]: stateful.data.table.tableName,
      [FUNCTION_ENVIRONMENT.stage]: stage,
      [FUNCTION_ENVIRONMENT.sesConfigurationSet]: stateful.email.configurationSet.configurationSetName,
      [FUNCTION_ENVIRONMENT.apiBaseUrl]: this.api.endpoint,
      [FUNCTION_ENVIRONMENT.serviceName]: SERVICE_NAME,
      [FUNCTION_ENVIRONMENT.logLevel]: 'INFO',
      // Behind CloudFront: the secret its requests carry, so the viewer address can be believed.
      ...(this.distribution ? { [FUNCTION_ENVIRONMENT.originVerify]: originVerifyValue() } : {}),
    };
    const functionDefaults = { clinicConfig, environment, logRetention, logKey };
    const poolEnvironment = {
      ...environment,
      [FUNCTION_ENVIRONMENT.staffUserPoolId]: stateful.staffIdentity.userPool.userPoolId,
      [FUNCTION_ENVIRONMENT.staffClientId]: stateful.staffIdentity.client.userPoolClientId,
    };
    // Built once per synth and bundled into the console's functions (shared/adapters/http/console-files.ts).
    let consoleDefine: Record<string, string> | undefined;
    const consoleFiles = () => {
      consoleDefine ??= { __STAFF_CONSOLE__: JSON.stringify(buildConsoleSync()) };
      return consoleDefine;
    };

    const captchaRoutes = new Set((clinicConfig.captcha?.routes ?? []).map((r) => CAPTCHA_ROUTE_IDS[r]));
    for (const route of ROUTES) {
      const staffRoute = route.auth !== 'public';
      const fn = new ClinicFunction(this, route.id, {
        ...functionDefaults,
        // Only staff functions (to look a member's email up) and the console (for its config.json) learn the pool.
        environment: staffRoute || route.staffPoolIds ? poolEnvironment : environment,
        ...(route.staffPoolIds ? { defines: consoleFiles() } : {}),
        aliases: {
          // The OpenAPI document is built here, at synth, not at the function's init.
          ...(route.id === openApiRoute.id
            ? { [OPENAPI_DOCUMENT_IMPORT]: openApiDocumentModule(clinicConfig) }
            : {}),
          // No CAPTCHA on the route: no secret to read, so no SSM client in the bundle.
          ...(captchaRoutes.has(route.id) ? {} : { '@aws-sdk/client-ssm': NO_SSM_CLIENT_MODULE }),
        },
        entry: route.entry,
        description: `${route.method} ${route.path} (${stage})`,
        timeoutSeconds: route.timeoutSeconds,
        memoryMb: route.memoryMb,
      });
      for (const statement of stateful.data.accessStatements(route.table)) fn.grant(statement);
      if (staffRoute) {
        fn.grant(
          new iam.PolicyStatement({
            actions: ['cognito-idp:AdminGetUser'],
            resources: [stateful.staffIdentity.userPool.userPoolArn],
          }),
        );
      }
      if (captchaRoutes.has(route.id) && clinicConfig.captcha) {
        for (const statement of captchaSecretStatements(this, clinicConfig.captcha)) fn.grant(statement);
      }
      this.api.addRoute(route, fn.function);
      this.functions.set(route.id, fn);
    }

    this.notifier = new ClinicFunction(this, NOTIFIER.id, {
      ...functionDefaults,
      entry: NOTIFIER.entry,
      description: `Sends the emails the table's changes call for (${stage})`,
      timeoutSeconds: NOTIFIER.timeoutSeconds,
    });
    this.functions.set(NOTIFIER.id, this.notifier);
    this.notifications = new Notifications(this, 'Notifications', {
      notifier: this.notifier,
      data: stateful.data,
      email: stateful.email,
      queueKey: logKey,
    });
    if (clinicConfig.sms) grantTexts(this.notifier, clinicConfig.sms);

    this.reminders = new Reminders(this, 'Reminders', { stage, functionDefaults, data: stateful.data });
    this.functions.set(REMINDER_RUNNER.id, this.reminders.runner);

    const publicRouteIds = ROUTES.filter((route) => route.auth === 'public').map((route) => route.id);
    this.alarms = new Alarms(this, 'Alarms', {
      stage,
      alarmEmail: ops.alarmEmail,
      topicKey: logKey,
      api: this.api,
      functions: this.functions,
      publicRouteIds,
      notifier: this.notifier,
      deadLetterQueue: this.notifications.deadLetterQueue,
      table: stateful.data.table,
      indexNames: TABLE.globalSecondaryIndexes.map((index) => index.indexName),
    });
    this.dashboard = new Dashboard(this, 'Dashboard', {
      stage,
      email: stateful.email,
      alarms: this.alarms.alarms,
      operations: {
        api: this.api,
        functions: this.functions,
        publicRouteIds,
        graphedAlarms: this.alarms.graphed,
        ...(this.distribution && props.edge
          ? {
              edge: {
                distributionId: this.distribution.distribution.distributionId,
                webAclName: props.edge.webAclName,
              },
            }
          : {}),
      },
    });
  }
}
