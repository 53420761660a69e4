// cdk-nag (v3 reports through CDK's policy-validation plugins): the rule packs that check the app,
// and the one way to acknowledge a finding — on the construct it concerns, with a reason.
import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks, type NagPack, ServerlessChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';

/** The packs that run on every synth (the CLI's and the tests'). */
export function nagPacks(app?: App): NagPack[] {
  return [
    // Acknowledgements are also written into the template metadata, so a reviewer reading the
    // CloudFormation sees each suppressed rule and its reason next to the resource.
    new AwsSolutionsChecks(app, { writeSuppressionsToCloudFormation: app !== undefined }),
    new HIPAASecurityChecks(app),
    new ServerlessChecks(app),
  ];
}

/** Registers the packs as validation plugins: an unacknowledged error stops synthesis. */
export function addNagChecks(app: App): void {
  Validations.of(app).addPlugins(...nagPacks(app));
}

/** Records cdk-nag acknowledgements on one construct, each with the reason a reviewer reads. */
export function acknowledgeEach(
  scope: IConstruct,
  rules: readonly (readonly [id: string, reason: string])[],
): void {
  Validations.of(scope).acknowledge(...rules.map(([id, reason]) => ({ id, reason })));
}
