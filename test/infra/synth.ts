// Synthesizes the app for a stage the way infra/app.ts does (same buildApp, cdk-nag plugins on),
// once per stage (and config, and bundling choice) per test file, into a temporary directory.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PolicyViolation } from 'aws-cdk-lib';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { type BuiltApp, buildApp, CLI_METADATA_CONTEXT } from '../../infra/build-app.ts';
import { nagPacks } from '../../infra/support/nag.ts';

export interface Synthesized extends BuiltApp {
  readonly parent: Template;
  readonly stateful: Template;
  readonly stateless: Template;
  /** The us-east-1 stack with the AWS WAF web ACL, when the config puts CloudFront in front. */
  readonly edgeTemplate: Template | undefined;
  /** The stack with the backup copy vault, when the config copies backups to another region. */
  readonly backupCopyTemplate: Template | undefined;
  /** Findings cdk-nag still reports (errors and warnings) after the acknowledgements. */
  readonly nagFindings: readonly (PolicyViolation & { pack: string })[];
}

export interface SynthOptions {
  /** A config file instead of `config/<stage>.json`. */
  readonly configPath?: string;
  /**
   * Bundle the functions, as a deploy does. Tests of the templates alone turn it off: CDK then
   * skips esbuild (the slow part) and the functions' code is a stand-in. @default true
   */
  readonly bundle?: boolean;
}

const cache = new Map<string, Synthesized>();

export function synthesize(stage: string, options: SynthOptions = {}): Synthesized {
  const bundle = options.bundle ?? true;
  const key = JSON.stringify([stage, options.configPath ?? null, bundle]);
  const cached = cache.get(key);
  if (cached) return cached;
  const outdir = mkdtempSync(join(tmpdir(), `cfd-synth-${stage}-`));
  const context = { ...CLI_METADATA_CONTEXT, ...(bundle ? {} : { 'aws:cdk:bundling-stacks': [] }) };
  const built = buildApp({
    app: new App({ outdir, context }),
    stage,
    ...(options.configPath ? { configPath: options.configPath } : {}),
  });
  // Throws with the report when a cdk-nag error is not acknowledged.
  built.app.synth();
  const nagFindings = nagPacks().flatMap((pack) =>
    pack.validateScope(built.app).violations.map((violation) => ({ ...violation, pack: pack.readPackName })),
  );
  const synthesized: Synthesized = {
    ...built,
    parent: Template.fromStack(built.stack),
    stateful: Template.fromStack(built.stack.stateful),
    stateless: Template.fromStack(built.stack.stateless),
    edgeTemplate: built.edge ? Template.fromStack(built.edge) : undefined,
    backupCopyTemplate: built.backupCopy ? Template.fromStack(built.backupCopy) : undefined,
    nagFindings,
  };
  cache.set(key, synthesized);
  return synthesized;
}

/**
 * Every template of the app, by stack path: the stage's stack, its nested stacks, the stacks
 * beside it, and any a later change adds.
 */
export function allTemplates(s: Synthesized): [path: string, template: Template][] {
  return s.app.node
    .findAll()
    .filter((construct): construct is Stack => Stack.isStack(construct))
    .map((stack) => [stack.node.path, Template.fromStack(stack)]);
}
