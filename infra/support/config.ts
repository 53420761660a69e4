// Which stage is being synthesized and its clinic config, validated before any construct exists.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Environment } from 'aws-cdk-lib';
import { ROUTES } from '../../shared/adapters/http/routes/index.ts';
import { ClinicConfigError, loadClinicConfigFile } from '../../shared/config/load.ts';
import { parseAcmCertificateArn } from '../../shared/core/config/ops.ts';
import type { ClinicConfig } from '../../shared/core/config/schema.ts';

/** Stage names become part of stack, alarm and dashboard names, and pick `config/<stage>.json`. */
const STAGE_PATTERN = /^[a-z][a-z0-9-]{0,19}$/;

export class StageError extends Error {
  constructor(stage: unknown) {
    super(
      `Invalid stage ${JSON.stringify(stage)}: a stage name is 1–20 lower-case letters, digits or hyphens, starting with a letter, such as prod (npx cdk deploy -c stage=prod)`,
    );
    this.name = 'StageError';
  }
}

export function checkStage(stage: unknown): string {
  if (typeof stage !== 'string' || !STAGE_PATTERN.test(stage)) throw new StageError(stage);
  return stage;
}

/** The CloudFormation stack of a stage. */
export function stackName(stage: string): string {
  return `ClinicFrontDoor-${stage}`;
}

/** The stack in us-east-1 with the AWS WAF web ACL CloudFront uses. */
export function edgeStackName(stage: string): string {
  return `${stackName(stage)}-edge`;
}

/** The stack in `ops.backupCopyRegion` with the vault backups are copied to. */
export function backupCopyStackName(stage: string): string {
  return `${stackName(stage)}-backup-copy`;
}

/**
 * Where the stage deploys. With `ops.certificateArn`, the certificate's account and region: API
 * Gateway serves a custom domain only with a certificate from its own region, so the stack must
 * go there (and cross-region references, which CloudFront's web ACL needs, need it spelled out).
 * Without, the account and region of the credentials at deploy time (undefined).
 */
export function deploymentEnvironment(config: ClinicConfig): Environment | undefined {
  const arn = config.ops.certificateArn;
  const certificate = arn === undefined ? undefined : parseAcmCertificateArn(arn);
  return certificate ? { account: certificate.account, region: certificate.region } : undefined;
}

/** `Clinic <appointments@clinic.example>` or `appointments@clinic.example` → `clinic.example`. */
export function senderDomain(mailbox: string): string {
  const address = /<([^<>]+)>/.exec(mailbox)?.[1] ?? mailbox;
  const domain = address.trim().split('@').pop()?.toLowerCase();
  if (!domain || !address.includes('@')) throw new Error(`email.from has no domain: ${mailbox}`);
  return domain;
}

export const REPOSITORY_ROOT = resolve(import.meta.dirname, '../..');

/** What a bundle gets for @aws-sdk/client-ssm when its route reads no CAPTCHA secret. */
export const NO_SSM_CLIENT_MODULE = resolve(import.meta.dirname, 'no-ssm-client.mjs');

export function stageConfigPath(stage: string): string {
  return resolve(REPOSITORY_ROOT, 'config', `${stage}.json`);
}

/**
 * Loads and validates the clinic config for a stage; throws ClinicConfigError listing every
 * problem. The `$schema` key is an editor hint, so it is dropped before the config is bundled.
 */
export function loadStageConfig(stage: string, path = stageConfigPath(stage)): ClinicConfig {
  if (!existsSync(path)) {
    throw new ClinicConfigError(path, [
      `no such file: each stage needs its clinic config (start from config/dev.json, see docs/config.md)`,
    ]);
  }
  const { $schema: _editorHint, ...config } = loadClinicConfigFile(path);
  const problems = deployProblems(config);
  if (problems.length > 0) throw new ClinicConfigError(path, problems);
  return config;
}

/** What only the deploy can check: the schema does not know the route table. */
function deployProblems(config: ClinicConfig): string[] {
  const routeIds = ROUTES.map((route) => route.id);
  return Object.keys(config.ops.routeThrottles)
    .filter((routeId) => !routeIds.includes(routeId))
    .map(
      (routeId) =>
        `ops.routeThrottles.${routeId}: no route has this id; the routes are ${routeIds.join(', ')}`,
    );
}

/** Errors whose message is the whole story: the CLI prints them without a stack trace. */
export function isUserFacingError(error: unknown): error is Error {
  return error instanceof ClinicConfigError || error instanceof StageError;
}
