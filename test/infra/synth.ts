// Synthesizes the app for a stage the way infra/app.ts does (same buildApp, cdk-nag plugins on),
// once per stage per test file, into a temporary directory.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PolicyViolation } from 'aws-cdk-lib';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { type BuiltApp, buildApp, CLI_METADATA_CONTEXT } from '../../infra/build-app.ts';
import { nagPacks } from '../../infra/support/nag.ts';

export interface Synthesized extends BuiltApp {
  readonly parent: Template;
  readonly stateful: Template;
  readonly stateless: Template;
  /** Findings cdk-nag still reports (errors and warnings) after the acknowledgements. */
  readonly nagFindings: readonly (PolicyViolation & { pack: string })[];
}

const cache = new Map<string, Synthesized>();

export function synthesize(stage: string): Synthesized {
  const cached = cache.get(stage);
  if (cached) return cached;
  const outdir = mkdtempSync(join(tmpdir(), `cfd-synth-${stage}-`));
  const built = buildApp({ app: new App({ outdir, context: CLI_METADATA_CONTEXT }), stage });
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
    nagFindings,
  };
  cache.set(stage, synthesized);
  return synthesized;
}
