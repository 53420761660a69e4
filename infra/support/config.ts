// Which stage is being synthesized and its clinic config, validated before any construct exists.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ClinicConfigError, loadClinicConfigFile } from '../../shared/config/load.ts';
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

/** `Clinic <appointments@clinic.example>` or `appointments@clinic.example` → `clinic.example`. */
export function senderDomain(mailbox: string): string {
  const address = /<([^<>]+)>/.exec(mailbox)?.[1] ?? mailbox;
  const domain = address.trim().split('@').pop()?.toLowerCase();
  if (!domain || !address.includes('@')) throw new Error(`email.from has no domain: ${mailbox}`);
  return domain;
}

export const REPOSITORY_ROOT = resolve(import.meta.dirname, '../..');

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
  return config;
}

/** Errors whose message is the whole story: the CLI prints them without a stack trace. */
export function isUserFacingError(error: unknown): error is Error {
  return error instanceof ClinicConfigError || error instanceof StageError;
}
