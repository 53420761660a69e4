// Builds the CDK app for one stage: used by infra/app.ts (the CLI's entry) and by the tests, so the
// tests check exactly what deploys. Besides the stage's stack, the config may call for two small
// stacks in other regions: the AWS WAF web ACL in us-east-1 (`ops.waf`) and the vault backups are
// copied to (`ops.backupCopyRegion`). `cdk deploy` deploys them first, as the main stack needs them.
import { App } from 'aws-cdk-lib';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { CLOUDFRONT_CERTIFICATE_REGION, wafEnabled } from '../shared/core/config/ops.ts';
import type { ClinicConfig } from '../shared/core/config/schema.ts';
import { BackupCopyStack } from './backup-copy-stack.ts';
import { ClinicFrontDoorStack } from './clinic-front-door-stack.ts';
import { EdgeStack } from './edge-stack.ts';
import {
  backupCopyStackName,
  checkStage,
  deploymentEnvironment,
  edgeStackName,
  loadStageConfig,
  stackName,
} from './support/config.ts';
import { addNagChecks } from './support/nag.ts';

export interface BuildAppOptions {
  /** The app to build into. @default a new App (which reads the CLI's -c values) */
  readonly app?: App;
  /** Picks `config/<stage>.json` and names the stack. @default the `stage` context value */
  readonly stage?: string;
  /** A config file to use instead of `config/<stage>.json`. @default the `config` context value */
  readonly configPath?: string;
  /** Run the cdk-nag packs as validation plugins at synth. @default true */
  readonly nag?: boolean;
}

/**
 * The metadata the CDK CLI turns on at synth. Tests and the cold-start bench turn it on too, to find
 * each function's construct path and bundle directory in the template.
 */
export const CLI_METADATA_CONTEXT = {
  'aws:cdk:enable-path-metadata': true,
  'aws:cdk:enable-asset-metadata': true,
} as const;

export interface BuiltApp {
  readonly app: App;
  readonly stack: ClinicFrontDoorStack;
  /** The AWS WAF web ACL's stack in us-east-1, when CloudFront is in front of the API. */
  readonly edge: EdgeStack | undefined;
  /** The backup copy vault's stack, when backups are copied to another region. */
  readonly backupCopy: BackupCopyStack | undefined;
  readonly stage: string;
  readonly clinicConfig: ClinicConfig;
}

/** Throws StageError or ClinicConfigError (listing every problem) before adding any stack. */
export function buildApp(options: BuildAppOptions = {}): BuiltApp {
  const app = options.app ?? new App();
  const stage = checkStage(options.stage ?? app.node.tryGetContext('stage'));
  const configContext: unknown = app.node.tryGetContext('config');
  const configPath = options.configPath ?? (typeof configContext === 'string' ? configContext : undefined);
  const clinicConfig = loadStageConfig(stage, configPath);
  if (options.nag ?? true) addNagChecks(app);
  const { ops } = clinicConfig;
  const env = deploymentEnvironment(clinicConfig);

  const edge = wafEnabled(ops)
    ? new EdgeStack(app, edgeStackName(stage), {
        stage,
        logRetention: ops.logRetentionDays as logs.RetentionDays,
        // The schema makes ops.waf need a domain, and a domain a certificate: env is known.
        env: { account: env?.account, region: CLOUDFRONT_CERTIFICATE_REGION },
        crossRegionReferences: true,
      })
    : undefined;
  const backupCopy = ops.backupCopyRegion
    ? new BackupCopyStack(app, backupCopyStackName(stage), {
        stage,
        env: { account: env?.account, region: ops.backupCopyRegion },
      })
    : undefined;
  const stack = new ClinicFrontDoorStack(app, stackName(stage), {
    stage,
    clinicConfig,
    ...(env ? { env } : {}),
    ...(edge ? { edge, crossRegionReferences: true } : {}),
    ...(backupCopy ? { backupCopy } : {}),
  });
  return { app, stack, edge, backupCopy, stage, clinicConfig };
}
