// Every Lambda function of the app, built one way: Node.js 24 on arm64, an ESM bundle made offline
// by the local esbuild (SDK included, minified, source maps), the validated clinic config compiled
// in, its own encrypted log group, and a role that holds nothing until a grant is added.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { ClinicConfig } from '../../shared/core/config/schema.ts';
import { builtinModuleAliases, ESM_REQUIRE_BANNER } from '../support/builtin-modules.ts';
import { CLINIC_PHONE_IMPORT, clinicPhoneModule } from '../support/clinic-phone.ts';
import { REPOSITORY_ROOT } from '../support/config.ts';
import { MAIL_COMPOSER_IMPORT, mailComposerModule } from '../support/mail-composer.ts';
import { acknowledgeEach } from '../support/nag.ts';
import { PHONE_METADATA_IMPORT, phoneMetadataModule } from '../support/phone-metadata.ts';
import { TIME_ZONE_LIBRARY_IMPORT, timeZoneBlockModule } from '../support/time-zone-block.ts';
import { ZONE_RULES_IMPORT, zoneRulesModule } from '../support/zone-rules.ts';

/**
 * Credential sources the SDK's default chain imports lazily (`import()`) only when the ones before
 * them fail. In Lambda the first, environment variables, always answers, so these are left out of
 * the bundle: the notifier's bundle shrank from 710 to 596 KB and its module init from 78 to 63 ms
 * (median of 7 imports on Node 24). Outside Lambda the bundles are never run. Should a Lambda
 * mode ever hand credentials over another way (a container endpoint, a profile), empty this list.
 */
export const CREDENTIAL_PROVIDERS_LAMBDA_NEVER_LOADS = [
  '@aws-sdk/credential-provider-ini',
  '@aws-sdk/credential-provider-process',
  '@aws-sdk/credential-provider-sso',
  '@aws-sdk/credential-provider-web-identity',
  '@aws-sdk/credential-provider-login',
  '@aws-sdk/credential-provider-http',
  '@smithy/credential-provider-imds',
  '@aws-sdk/token-providers',
  '@aws-sdk/nested-clients',
] as const;

export const DEFAULT_TIMEOUT_SECONDS = 10;
export const DEFAULT_MEMORY_MB = 512;

export interface ClinicFunctionProps {
  /** Module under the repository root exporting `handler`, such as `functions/health.ts`. */
  readonly entry: string;
  /** Shown in the Lambda console and in the role's description. */
  readonly description: string;
  /** The validated clinic config; bundled as `__CLINIC_CONFIG__` (shared/config/runtime.ts reads it). */
  readonly clinicConfig: ClinicConfig;
  /** Names and ARNs only: the config travels in the bundle, not in these 4 KB. */
  readonly environment: Readonly<Record<string, string>>;
  readonly logRetention: logs.RetentionDays;
  /** Encrypts the function's log group. */
  readonly logKey: kms.IKey;
  /** @default 10 */
  readonly timeoutSeconds?: number;
  /** @default 512 */
  readonly memoryMb?: number;
  /** More esbuild defines (identifier → JSON), e.g. the staff console's built files. @default none */
  readonly defines?: Readonly<Record<string, string>>;
  /**
   * Imports resolved to other files in the bundle (esbuild `alias`), e.g. `#openapi-document` to
   * the document built at synth. The phone metadata's is always added. @default none
   */
  readonly aliases?: Readonly<Record<string, string>>;
}

export class ClinicFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;
  /**
   * The function's permissions. A customer-managed policy rather than the role's inline default
   * policy, because HIPAA guidance (and cdk-nag's HIPAA pack) asks for no inline policies.
   */
  readonly policy: iam.ManagedPolicy;
  /** The function's timeout, which the duration alarm compares its longest runs with. */
  readonly timeoutSeconds: number;

  constructor(scope: Construct, id: string, props: ClinicFunctionProps) {
    super(scope, id);
    const timeoutSeconds = props.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS;
    this.timeoutSeconds = timeoutSeconds;
    const memoryMb = props.memoryMb ?? DEFAULT_MEMORY_MB;
    const entry = resolve(REPOSITORY_ROOT, props.entry);
    if (!existsSync(entry)) {
      throw new Error(
        `${this.node.path}: entry ${props.entry} does not exist (routes come from shared/adapters/http/routes/)`,
      );
    }
    if (!Number.isInteger(timeoutSeconds) || timeoutSeconds < 1 || timeoutSeconds > 900) {
      throw new Error(
        `${this.node.path}: timeoutSeconds must be a whole number from 1 to 900, got ${timeoutSeconds}`,
      );
    }
    if (!Number.isInteger(memoryMb) || memoryMb < 128 || memoryMb > 10_240) {
      throw new Error(
        `${this.node.path}: memoryMb must be a whole number from 128 to 10240, got ${memoryMb}`,
      );
    }

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention,
      encryptionKey: props.logKey,
      // Logs are the audit trail of who did what and when; deleting the stack must not erase them.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role: ${props.description}`,
    });
    this.policy = new iam.ManagedPolicy(this, 'Policy', {
      description: `Permissions of ${props.description}`,
      roles: [this.role],
      statements: [
        new iam.PolicyStatement({
          sid: 'WriteOwnLogs',
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          resources: [this.logGroup.logGroupArn],
        }),
      ],
    });

    this.function = new NodejsFunction(this, 'Function', {
      description: props.description,
      entry,
      handler: 'handler',
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      timeout: Duration.seconds(timeoutSeconds),
      memorySize: memoryMb,
      role: this.role,
      logGroup: this.logGroup,
      // Text format: Powertools already writes JSON lines, and embedded-metric-format lines must
      // reach CloudWatch as written, not wrapped in Lambda's JSON envelope.
      loggingFormat: lambda.LoggingFormat.TEXT,
      environment: { ...props.environment, NODE_OPTIONS: '--enable-source-maps' },
      projectRoot: REPOSITORY_ROOT,
      depsLockFilePath: resolve(REPOSITORY_ROOT, 'package-lock.json'),
      bundling: {
        format: OutputFormat.ESM,
        target: 'node24',
        mainFields: ['module', 'main'],
        banner: ESM_REQUIRE_BANNER,
        minify: true,
        sourceMap: true,
        // Stack traces need the mappings, not a second copy of the sources.
        sourcesContent: false,
        // The SDK in the bundle is the version the tests ran against, not whatever the runtime has.
        bundleAwsSDK: true,
        externalModules: [...CREDENTIAL_PROVIDERS_LAMBDA_NEVER_LOADS],
        define: { ...props.defines, __CLINIC_CONFIG__: JSON.stringify(props.clinicConfig) },
        esbuildArgs: {
          '--alias': Object.entries({
            // Built-ins the CommonJS way, without the ESM facades that load undici (builtin-modules.ts).
            ...builtinModuleAliases(),
            // Only the numbering plans of the clinic's calling code (infra/support/phone-metadata.ts).
            [PHONE_METADATA_IMPORT]: phoneMetadataModule(props.clinicConfig.clinic),
            // The clinic's phone formatted at synth, not by the phone library at run time (infra/support/clinic-phone.ts).
            [CLINIC_PHONE_IMPORT]: clinicPhoneModule(props.clinicConfig.clinic),
            // nodemailer's MailComposer without its MIME type table and HTTP client (infra/support/mail-composer.ts).
            [MAIL_COMPOSER_IMPORT]: mailComposerModule(),
            // The VTIMEZONE of the clinic's zone only (infra/support/time-zone-block.ts).
            [TIME_ZONE_LIBRARY_IMPORT]: timeZoneBlockModule(props.clinicConfig.clinic.timeZone),
            // The clinic's zone's offsets as a table, so no request loads ICU's zone data (infra/support/zone-rules.ts).
            [ZONE_RULES_IMPORT]: zoneRulesModule(props.clinicConfig.clinic.timeZone),
            ...props.aliases,
          }).map(([from, to]) => `${from}=${to}`),
        },
        forceDockerBundling: false,
      },
    });
    // Lambda checks a stream mapping's permissions when it is created: grants must exist first.
    this.function.node.addDependency(this.policy);

    acknowledgeEach(this.function, [
      [
        'HIPAA.Security-LambdaInsideVPC',
        'The function reaches only AWS APIs (DynamoDB, SES) over TLS with IAM-signed requests and holds no network-reachable resource; a VPC would add NAT or endpoint costs without narrowing any path to the data.',
      ],
      [
        'HIPAA.Security-LambdaConcurrency',
        "The API stage throttle (rate and burst from the clinic config) bounds the API functions' concurrency and the stream's shard count bounds the notifier's (one batch per shard at a time); reserved concurrency would also fail deploys in new accounts whose concurrency quota is 10.",
      ],
      [
        'HIPAA.Security-LambdaDLQ',
        'Invoked only synchronously (API Gateway) or by a stream event source mapping, never asynchronously, so a function-level dead-letter queue would never receive anything; the stream mapping has its own on-failure SQS destination.',
      ],
      [
        'Serverless-LambdaDLQ',
        'Invoked only synchronously (API Gateway) or by a stream event source mapping, never asynchronously, so a function-level dead-letter queue would never receive anything; the stream mapping has its own on-failure SQS destination.',
      ],
      [
        'Serverless-LambdaTracing',
        'The bundles carry no X-Ray SDK, so active tracing would record only the invoke segment that the REPORT log line already gives (duration, init duration, memory); enabling it would add xray:PutTraceSegments on Resource::* to every role. Requests are followed by API request id in access and function logs.',
      ],
    ]);
  }

  /** Adds a statement to this function's own managed policy. */
  grant(statement: iam.PolicyStatement): void {
    this.policy.addStatements(statement);
  }
}
