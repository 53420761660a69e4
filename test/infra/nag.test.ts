// cdk-nag (AwsSolutions, HIPAA Security, Serverless) on the synthesized app: nothing left
// unacknowledged, and every acknowledgement is needed, names its rule and resource, and says why.
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { addNagChecks, nagPacks } from '../../infra/support/nag.ts';
import { synthesize } from './synth.ts';

interface Acknowledgement {
  readonly path: string;
  readonly id: string;
  readonly reason: string;
}

function acknowledgementsIn(root: IConstruct): Acknowledgement[] {
  return root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({
          path: construct.node.path,
          id: id.replace(/^annotation::/i, ''),
          reason,
        })),
      ),
  );
}

/** What the packs would report if nothing were acknowledged: cdk-nag reads acknowledgements under this key. */
function findingsWithoutAcknowledgements(root: IConstruct): { ruleName: string; path: string }[] {
  const validations = Validations as unknown as { ACKNOWLEDGED_RULES_METADATA_KEY: string };
  const key = validations.ACKNOWLEDGED_RULES_METADATA_KEY;
  validations.ACKNOWLEDGED_RULES_METADATA_KEY = 'test:no-acknowledgements';
  try {
    return nagPacks().flatMap((pack) =>
      pack
        .validateScope(root)
        .violations.flatMap((v) =>
          v.violatingResources.map((r) => ({ ruleName: v.ruleName, path: r.constructPath ?? '' })),
        ),
    );
  } finally {
    validations.ACKNOWLEDGED_RULES_METADATA_KEY = key;
  }
}

describe.each(['prod', 'dev'])('cdk-nag on stage %s', (stage) => {
  it('reports no unacknowledged error or warning', () => {
    const { nagFindings } = synthesize(stage);
    const summary = nagFindings.map(
      (f) => `${f.severity} ${f.ruleName} at ${f.violatingResources.map((r) => r.constructPath).join(', ')}`,
    );
    expect(summary).toEqual([]);
  }, 240_000);

  it('acknowledges only findings that exist, each on the resource it concerns, with a reason', () => {
    const { app } = synthesize(stage);
    const acknowledgements = acknowledgementsIn(app);
    expect(acknowledgements.length).toBeGreaterThan(0);
    const raw = findingsWithoutAcknowledgements(app);
    for (const ack of acknowledgements) {
      const suppresses = raw.filter(
        (finding) =>
          finding.ruleName === ack.id &&
          (finding.path === ack.path || finding.path.startsWith(`${ack.path}/`)),
      );
      expect(suppresses.length, `${ack.id} at ${ack.path} suppresses a real finding`).toBeGreaterThan(0);
      // A reason a reviewer can check: a sentence, not a placeholder.
      expect(ack.reason.length, `${ack.id} at ${ack.path} has a reason`).toBeGreaterThan(60);
      // On one resource or construct, never on a stack or the app as a whole.
      expect(ack.path.split('/').length, `${ack.id} is scoped below the stacks`).toBeGreaterThan(3);
    }
  }, 240_000);

  it('writes each acknowledgement and its reason into the template for reviewers', () => {
    const { stateless } = synthesize(stage);
    const functions = Object.values(stateless.findResources('AWS::Lambda::Function'));
    for (const fn of functions) {
      const rules = (fn.Metadata?.cdk_nag?.rules_to_suppress ?? []) as { id: string; reason: string }[];
      expect(rules.map((rule) => rule.id)).toContain('HIPAA.Security-LambdaInsideVPC');
      for (const rule of rules) expect(rule.reason.length).toBeGreaterThan(60);
    }
  }, 240_000);
});

describe('the cdk-nag validation plugins', () => {
  it('stop synthesis on an unacknowledged error', () => {
    const app = new App();
    addNagChecks(app);
    new sqs.Queue(new Stack(app, 'Careless'), 'PlainQueue');
    expect(() => app.synth()).toThrow(/AwsSolutions-SQS4/);
  });
});
