// A deployment with `captcha`: the form functions, and only they, may read the Turnstile secret's
// one parameter (and, through SSM's reference path, its Secrets Manager secret); the alarm on
// requests let through unverified exists with its runbook section.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import devConfig from '../../config/dev.json' with { type: 'json' };
import { type Synthesized, synthesize } from './synth.ts';

// biome-ignore lint/suspicious/noExplicitAny: synthesized CloudFormation is untyped JSON.
type Json = any;

function withCaptcha(name: string, secretParameterName: string): string {
  const { $schema: _hint, ...config } = devConfig as Record<string, unknown>;
  const path = join(mkdtempSync(join(tmpdir(), 'captcha-infra-')), `${name}.json`);
  writeFileSync(
    path,
    JSON.stringify({
      ...config,
      captcha: { provider: 'turnstile', siteKey: '0x4AAAAAAAB', secretParameterName, routes: ['bookings'] },
    }),
  );
  return path;
}

let ssm: Synthesized;
let secretsManager: Synthesized;
beforeAll(() => {
  ssm = synthesize('dev', { bundle: false, configPath: withCaptcha('ssm', '/clinic/dev/turnstile-secret') });
  secretsManager = synthesize('dev', {
    bundle: false,
    configPath: withCaptcha('sm', '/aws/reference/secretsmanager/clinic-dev-turnstile'),
  });
}, 240_000);

function statementsByRole(s: Synthesized): Map<string, Json[]> {
  const byRole = new Map<string, Json[]>();
  for (const policy of Object.values(s.stateless.findResources('AWS::IAM::ManagedPolicy')) as Json[]) {
    for (const role of policy.Properties.Roles ?? []) {
      const id = String(role.Ref);
      byRole.set(id, [...(byRole.get(id) ?? []), ...policy.Properties.PolicyDocument.Statement]);
    }
  }
  return byRole;
}

const reading = (statements: Json[]) =>
  statements.filter((st) =>
    [st.Action].flat().some((a: string) => a.startsWith('ssm:') || a.startsWith('secretsmanager:')),
  );

describe('the Turnstile secret', () => {
  it('is readable by the functions of captcha.routes alone, as exactly one parameter', () => {
    const byRole = statementsByRole(ssm);
    const readers = [...byRole].filter(([, statements]) => reading(statements).length > 0);
    expect(readers.map(([role]) => role)).toEqual([expect.stringMatching(/^CreateBookingRole/)]);
    const [statement] = reading(readers[0]?.[1] ?? []);
    expect(statement.Action).toBe('ssm:GetParameter');
    expect(JSON.stringify(statement.Resource)).toContain(':parameter/clinic/dev/turnstile-secret');
    expect(ssm.nagFindings).toEqual([]);
  });

  it('behind a Secrets Manager reference, adds that one secret', () => {
    const [, statements] = [...statementsByRole(secretsManager)].find(([role]) =>
      role.startsWith('CreateBookingRole'),
    ) as [string, Json[]];
    const actions = reading(statements).flatMap((st) => [st.Action].flat());
    expect(actions.sort()).toEqual(['secretsmanager:GetSecretValue', 'ssm:GetParameter']);
    expect(JSON.stringify(reading(statements))).toContain(':secret:clinic-dev-turnstile-??????');
    expect(secretsManager.nagFindings).toEqual([]);
  });

  it('has the alarm on requests let through unverified', () => {
    const alarms = Object.values(ssm.stateless.findResources('AWS::CloudWatch::Alarm')) as Json[];
    const alarm = alarms.find((a) => String(a.Properties.AlarmName).endsWith('-CaptchaUnverified'));
    expect(alarm?.Properties).toMatchObject({
      MetricName: 'CaptchaUnverified',
      Statistic: 'Sum',
      Threshold: 1,
    });
    expect(alarm?.Properties.AlarmDescription).toContain('Runbook: docs/deploy.md#alarm-captcha-unverified');
  });
});
