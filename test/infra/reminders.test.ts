// The reminder runner as deployed: a function of its own on a one-minute schedule, whose role can
// write only the runner's items and can send nothing; the notifier's permission to text, scoped
// to the origination identity; the reminders' and texts' alarms (each with its runbook section,
// which test/infra/alarms.test.ts checks for every alarm).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Stack } from 'aws-cdk-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import devConfig from '../../config/dev.json' with { type: 'json' };
import { REMINDER_RUNNER_KEYS } from '../../infra/constructs/data.ts';
import { originationIdentityArns } from '../../infra/constructs/reminders.ts';
import { type Synthesized, synthesize } from './synth.ts';

// biome-ignore lint/suspicious/noExplicitAny: synthesized CloudFormation is untyped JSON.
type Json = any;

let s: Synthesized;
let withIdentity: Synthesized;
beforeAll(() => {
  s = synthesize('dev', { bundle: false });
  const dir = mkdtempSync(join(tmpdir(), 'reminders-infra-'));
  const path = join(dir, 'dev.json');
  const { $schema: _hint, ...config } = devConfig as Record<string, unknown>;
  writeFileSync(path, JSON.stringify({ ...config, sms: { originationIdentity: 'phone-0123456789abcdef' } }));
  withIdentity = synthesize('dev', { bundle: false, configPath: path });
}, 240_000);

const policiesOf = (template: Synthesized['stateless'], role: string): Json[] =>
  Object.values(template.findResources('AWS::IAM::ManagedPolicy')).filter((policy: Json) =>
    JSON.stringify(policy.Properties.Roles).includes(role),
  );

function statementsOf(template: Synthesized['stateless'], functionId: string): Json[] {
  const [roleId] = Object.keys(template.findResources('AWS::IAM::Role')).filter((id) =>
    id.startsWith(functionId),
  );
  expect(roleId, `the role of ${functionId}`).toBeDefined();
  return policiesOf(template, roleId as string).flatMap((p: Json) => p.Properties.PolicyDocument.Statement);
}

const actionsOf = (statements: Json[]) => statements.flatMap((st) => [st.Action].flat());

describe('the reminder runner', () => {
  it('runs every minute from an EventBridge rule, without retries (the next run catches up)', () => {
    const rules = Object.values(s.stateless.findResources('AWS::Events::Rule')) as Json[];
    const rule = rules.find((r) => r.Properties.ScheduleExpression === 'rate(1 minute)');
    expect(rule).toBeDefined();
    expect(rule.Properties.State).toBe('ENABLED');
    expect(rule.Properties.Targets[0].RetryPolicy).toEqual({
      MaximumRetryAttempts: 0,
      MaximumEventAgeInSeconds: 60,
    });
    const functions = Object.values(s.stateless.findResources('AWS::Lambda::Function')) as Json[];
    expect(functions.some((fn) => String(fn.Properties.Description).startsWith('Hands due reminders'))).toBe(
      true,
    );
  });

  it('may write only its own items, and can send neither email nor texts', () => {
    const statements = statementsOf(s.stateless, 'RemindersReminderRunnerRole');
    const actions = actionsOf(statements);
    expect(actions.some((a) => a.startsWith('ses:') || a.startsWith('sms-voice:'))).toBe(false);
    expect(actions).not.toContain('dynamodb:UpdateItem');
    const writes = statements.filter((st) => [st.Action].flat().includes('dynamodb:PutItem'));
    expect(writes).toHaveLength(1);
    expect(writes[0].Condition).toEqual({
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...REMINDER_RUNNER_KEYS] },
    });
    expect([writes[0].Action].flat().sort()).toEqual(['dynamodb:DeleteItem', 'dynamodb:PutItem']);
  });
});

describe('texts', () => {
  it('lets the notifier text from the configured phone number id alone', () => {
    const statements = statementsOf(withIdentity.stateless, 'NotifierRole');
    const texting = statements.filter((st) => [st.Action].flat().includes('sms-voice:SendTextMessage'));
    expect(texting).toHaveLength(1);
    expect(JSON.stringify(texting[0].Resource)).toContain(':phone-number/phone-0123456789abcdef');
  });

  it('scopes an identity by its kind: an ARN as given, ids to their resource, E.164 to the account’s numbers', () => {
    const stack = new Stack();
    const arn = 'arn:aws:sms-voice:us-east-1:111122223333:pool/pool-abc';
    expect(originationIdentityArns(stack, arn)).toEqual([arn]);
    expect(originationIdentityArns(stack, 'pool-abc')[0]).toMatch(/:pool\/pool-abc$/);
    expect(originationIdentityArns(stack, '+12015550100')[0]).toMatch(/:phone-number\/\*$/);
    expect(originationIdentityArns(stack, 'CLINIC')[0]).toMatch(/:sender-id\/CLINIC\/\*$/);
  });
});

describe('alarms', () => {
  it('alarms on overdue reminders and on failed texts', () => {
    const alarms = Object.values(s.stateless.findResources('AWS::CloudWatch::Alarm')) as Json[];
    const named = (suffix: string) =>
      alarms.find((a) => String(a.Properties.AlarmName).endsWith(`-${suffix}`));
    expect(named('RemindersOverdue')?.Properties).toMatchObject({
      MetricName: 'RemindersOverdue',
      Statistic: 'Maximum',
      Threshold: 1,
    });
    expect(named('SmsFailures')?.Properties).toMatchObject({ MetricName: 'SmsFailed', Threshold: 1 });
    expect(named('ReminderRunnerErrors')).toBeDefined();
  });
});
