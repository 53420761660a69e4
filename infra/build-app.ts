// Builds the CDK app for one stage: used by infra/app.ts (the CLI's entry) and by the tests, so the
// tests check exactly what deploys.
import { App } from 'aws-cdk-lib';
import type { ClinicConfig } from '../shared/core/config/schema.ts';
import { ClinicFrontDoorStack } from './clinic-front-door-stack.ts';
import { checkStage, loadStageConfig, stackName } from './support/config.ts';
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
  const stack = new ClinicFrontDoorStack(app, stackName(stage), { stage, clinicConfig });
  return { app, stack, stage, clinicConfig };
}
