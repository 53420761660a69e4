// Where an ops tool acts (`npm run erase`, `dlq:replay`, `smoke`): the local stack, found through
// the variables `npm run dev` honours (DYNAMODB_PORT, SES_PORT, PORT, TABLE_NAME, CLINIC_CONFIG),
// or a deployed stage, found through its CloudFormation stack's outputs with the AWS credentials
// at hand. Each tool takes what it needs from the one description.
import { hostname, userInfo } from 'node:os';
import { resolve } from 'node:path';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { DynamoDBClient as SdkDynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { checkStage, isUserFacingError, loadStageConfig, stackName } from '../../infra/support/config.ts';
import { LOCAL_CREDENTIALS } from '../../local/dynamodb.ts';
import { LOCAL_REGION } from '../../local/http-event.ts';
import { DEFAULT_PORTS, DEFAULT_TABLE_NAME } from '../../local/stack.ts';
import type { CredentialProvider, Credentials } from '../../shared/adapters/aws/json-client.ts';
import { DynamoDBClient } from '../../shared/adapters/dynamodb/wire-client.ts';
import { loadClinicConfigFile } from '../../shared/config/load.ts';
import type { ClinicConfig } from '../../shared/core/config/schema.ts';
import type { AuditActor } from '../../shared/core/staff/audit.ts';

/** A mistake in how a tool was called: said plainly, exit code 2, no stack trace. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Something the tool found wrong with the target (no stack, no output): exit code 1, no stack trace. */
export class TargetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TargetError';
  }
}

export interface Target {
  /** `local` or the stage's name, for what the tool prints. */
  readonly name: string;
  readonly local: boolean;
  readonly region: string;
  readonly tableName: string;
  /** Set for the local stack (DynamoDB Local); absent: the region's DynamoDB. */
  readonly dynamoEndpoint?: string;
  /** Set for the local stack (the SES emulator). */
  readonly sesEndpoint?: string;
  /** The local SMS sink (End User Messaging's wire protocol); absent: AWS. */
  readonly smsEndpoint?: string;
  /** The API's base URL, without a trailing slash. */
  readonly apiUrl: string;
  /** The notifier's dead-letter queue (deployed stages only). */
  readonly deadLetterQueueUrl?: string;
  /** The SES configuration set the notifier sends with (deployed stages). */
  readonly sesConfigurationSet?: string;
  readonly config: ClinicConfig;
  /** Fixed credentials (the local engines accept any); absent: the SDK's default chain. */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
  /** Who runs the tool, for the audit trail: the AWS principal, or the local user. */
  actor(): Promise<AuditActor>;
}

type Env = Readonly<Record<string, string | undefined>>;

function portFrom(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new UsageError(`${name} must be the port the local stack uses (1–65535), got "${raw}"`);
  }
  return port;
}

/** The local stack `npm run dev` runs, on the ports and table its variables name. */
export function localTarget(env: Env = process.env): Target {
  const configPath = resolve(env.CLINIC_CONFIG || 'config/dev.json');
  return {
    name: 'local',
    local: true,
    region: LOCAL_REGION,
    tableName: env.TABLE_NAME || DEFAULT_TABLE_NAME,
    dynamoEndpoint: `http://127.0.0.1:${portFrom(env, 'DYNAMODB_PORT', DEFAULT_PORTS.dynamoDb)}`,
    sesEndpoint: `http://127.0.0.1:${portFrom(env, 'SES_PORT', DEFAULT_PORTS.ses)}`,
    smsEndpoint: `http://127.0.0.1:${portFrom(env, 'SMS_PORT', DEFAULT_PORTS.sms)}`,
    apiUrl: `http://127.0.0.1:${portFrom(env, 'PORT', DEFAULT_PORTS.api)}`,
    config: loadClinicConfigFile(configPath),
    credentials: LOCAL_CREDENTIALS,
    actor: async () => {
      const who = `local:${userInfo().username}@${hostname()}`;
      return { sub: who, email: who };
    },
  };
}

/** The outputs of a stage's stack (`ClinicFrontDoor-<stage>`), by key. */
export async function stackOutputs(stage: string, region?: string): Promise<Record<string, string>> {
  const cloudformation = new CloudFormationClient({ ...(region ? { region } : {}), maxAttempts: 3 });
  const name = stackName(stage);
  try {
    const answer = await cloudformation.send(new DescribeStacksCommand({ StackName: name }));
    const outputs = answer.Stacks?.[0]?.Outputs ?? [];
    return Object.fromEntries(
      outputs.flatMap((o) => (o.OutputKey && o.OutputValue ? [[o.OutputKey, o.OutputValue]] : [])),
    );
  } catch (error) {
    const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    throw new TargetError(
      `Cannot read the outputs of ${name} in ${await cloudformation.config.region().catch(() => 'no region')} (${detail}). Deploy the stage first, or sign in to its account and region (AWS_PROFILE, AWS_REGION).`,
    );
  } finally {
    cloudformation.destroy();
  }
}

/** A deployed stage: its table, API and queue from the stack's outputs, its clinic config from `config/<stage>.json`. */
export async function stageTarget(stage: string, options: { configPath?: string } = {}): Promise<Target> {
  const checked = checkStage(stage);
  const config = loadStageConfig(checked, options.configPath);
  const outputs = await stackOutputs(checked);
  const needed = (key: string): string => {
    const value = outputs[key];
    if (!value)
      throw new TargetError(`${stackName(checked)} has no ${key} output: deploy this version first`);
    return value;
  };
  const sts = new STSClient({ maxAttempts: 3 });
  const region = await sts.config.region();
  return {
    name: checked,
    local: false,
    region,
    tableName: needed('TableName'),
    apiUrl: needed('ApiUrl').replace(/\/+$/, ''),
    ...(outputs.DeadLetterQueueUrl ? { deadLetterQueueUrl: outputs.DeadLetterQueueUrl } : {}),
    ...(outputs.SesConfigurationSetName ? { sesConfigurationSet: outputs.SesConfigurationSetName } : {}),
    config,
    actor: async () => {
      const { Arn } = await sts.send(new GetCallerIdentityCommand({}));
      const who = Arn ?? 'unknown-principal';
      return { sub: who, email: who };
    },
  };
}

/** `--stage NAME` → that stage; none → the local stack. */
export function targetFor(stage: string | undefined, env: Env = process.env): Promise<Target> {
  return stage === undefined ? Promise.resolve(localTarget(env)) : stageTarget(stage);
}

/** The SDK's DynamoDB client for the target, for what the stores never do (scans, tables); destroy it at the end. */
export function sdkDynamoDbFor(target: Target): SdkDynamoDBClient {
  return new SdkDynamoDBClient({
    region: target.region,
    ...(target.dynamoEndpoint ? { endpoint: target.dynamoEndpoint } : {}),
    ...(target.credentials ? { credentials: target.credentials } : {}),
    maxAttempts: 5,
  });
}

/** The credentials the functions' own clients sign the tools' calls with: fixed locally, else the SDK's chain (profiles, SSO, …). */
export function operatorCredentials(target: Target): Credentials | CredentialProvider {
  return target.credentials ?? defaultProvider();
}

/** The functions' DynamoDB client for the target, for the stores (create once per run; destroy it at the end). */
export function dynamoDbFor(target: Target): DynamoDBClient {
  return new DynamoDBClient({
    region: target.region,
    ...(target.dynamoEndpoint ? { endpoint: target.dynamoEndpoint } : {}),
    credentials: operatorCredentials(target),
    maxAttempts: 5,
  });
}

/** A refused connection to the local stack, said as what it most likely means. */
export function unreachable(target: Target, error: unknown): unknown {
  const code = (error as { code?: string; cause?: { code?: string } } | undefined)?.code;
  const causeCode = (error as { cause?: { code?: string } } | undefined)?.cause?.code;
  if (target.local && (code === 'ECONNREFUSED' || causeCode === 'ECONNREFUSED')) {
    return new TargetError(
      `The local stack does not answer (DynamoDB Local at ${target.dynamoEndpoint}, API at ${target.apiUrl}): start it with \`npm run dev\`, or set DYNAMODB_PORT, SES_PORT and PORT to the ports it uses.`,
    );
  }
  return error;
}

/** Runs a tool's main: exit code 0, or 1 (a failure said plainly) or 2 (a usage mistake). */
export function runTool(main: () => Promise<number>): void {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      if (error instanceof UsageError) {
        console.error(error.message);
        process.exitCode = 2;
        return;
      }
      // Expected problems need no trace, nor does AWS refusing a call (AccessDenied, a throttle):
      // its name and message say it. Anything else keeps its stack for a bug report.
      const plain = error instanceof TargetError || isUserFacingError(error);
      const aws = error instanceof Error && '$metadata' in error;
      console.error(plain ? (error as Error).message : aws ? `${error.name}: ${error.message}` : error);
      process.exitCode = 1;
    },
  );
}
