// The reminder runner (docs/reminders.md): one function that an EventBridge rule invokes every
// minute, whose "now" is the scheduled event's time. It hands what is due to the outbox, so it
// sends nothing itself: its role can write only its own items, and never calls SES or SMS.
// Also here: the notifier's permission to text, scoped to the clinic's origination identity.
import { Duration, Stack, Token } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { REMINDER_RUNNER } from '../../shared/adapters/http/routes/index.ts';
import type { SmsConfig } from '../../shared/core/config/schema.ts';
import { acknowledgeEach } from '../support/nag.ts';
import { ClinicFunction, type ClinicFunctionProps } from './clinic-function.ts';
import type { Data } from './data.ts';

export interface RemindersProps {
  readonly stage: string;
  readonly functionDefaults: Omit<ClinicFunctionProps, 'entry' | 'description'>;
  readonly data: Data;
}

export class Reminders extends Construct {
  readonly runner: ClinicFunction;
  readonly schedule: events.Rule;

  constructor(scope: Construct, id: string, props: RemindersProps) {
    super(scope, id);
    this.runner = new ClinicFunction(this, REMINDER_RUNNER.id, {
      ...props.functionDefaults,
      entry: REMINDER_RUNNER.entry,
      description: `Hands due reminders and the daily agenda to the outbox, every minute (${props.stage})`,
      timeoutSeconds: REMINDER_RUNNER.timeoutSeconds,
    });
    for (const statement of props.data.reminderRunnerStatements()) this.runner.grant(statement);
    this.schedule = new events.Rule(this, 'EveryMinute', {
      description: `Runs the reminder runner every minute (${props.stage})`,
      schedule: events.Schedule.expression(REMINDER_RUNNER.schedule),
      targets: [
        new targets.LambdaFunction(this.runner.function, {
          // A missed run is not retried: the next minute's run sends everything still due.
          retryAttempts: 0,
          maxEventAge: Duration.minutes(1),
        }),
      ],
    });
    acknowledgeEach(this.schedule, [
      [
        'Serverless-EventBusDLQ',
        'A failed or missed run needs no replay: the next minute’s run sends everything still due (the runner is a function of the table and its own now), and RemindersOverdue alarms when reminders stay unsent.',
      ],
    ]);
  }
}

/**
 * The resource an origination identity names, for `sms-voice:SendTextMessage`: an ARN as given, a
 * phone number id (`phone-…`) or pool id (`pool-…`) as their ARNs. An E.164 number or a sender id
 * does not name its resource's id, so it is granted for the account's phone numbers or sender ids
 * of the region (docs/deploy.md says to configure the id or ARN to narrow it).
 */
export function originationIdentityArns(scope: Construct, identity: string): string[] {
  if (identity.startsWith('arn:')) return [identity];
  const { region, account, partition } = Stack.of(scope);
  const arn = (resource: string) => `arn:${partition}:sms-voice:${region}:${account}:${resource}`;
  if (identity.startsWith('phone-')) return [arn(`phone-number/${identity}`)];
  if (identity.startsWith('pool-')) return [arn(`pool/${identity}`)];
  if (/^\+\d+$/.test(identity)) return [arn('phone-number/*')];
  return [arn(`sender-id/${identity}/*`)];
}

/** Lets the notifier text from the clinic's origination identity, and nothing else. */
export function grantTexts(notifier: ClinicFunction, sms: SmsConfig): void {
  const resources = originationIdentityArns(notifier, sms.originationIdentity);
  notifier.grant(
    new iam.PolicyStatement({
      sid: 'SendClinicTexts',
      actions: ['sms-voice:SendTextMessage'],
      resources,
    }),
  );
  const wildcard = resources.find((resource) => resource.endsWith('/*'));
  if (wildcard) {
    // cdk-nag names the resource as CloudFormation writes it: pseudo parameters, or the stack's own values.
    const stack = Stack.of(notifier);
    const shown = (value: string, pseudo: string) => (Token.isUnresolved(value) ? `<AWS::${pseudo}>` : value);
    const resource = wildcard.slice(wildcard.lastIndexOf(':') + 1);
    acknowledgeEach(notifier.policy, [
      [
        `AwsSolutions-IAM5[Resource::arn:${shown(stack.partition, 'Partition')}:sms-voice:${shown(stack.region, 'Region')}:${shown(stack.account, 'AccountId')}:${resource}]`,
        'sms.originationIdentity is a phone number (E.164) or sender id, which does not name its resource id; configure the phone number id or ARN to scope this to one number (docs/deploy.md).',
      ],
    ]);
  }
}
