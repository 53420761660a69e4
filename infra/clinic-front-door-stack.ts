// The deployable unit of one stage: `cdk deploy -c stage=NAME` deploys this stack, which holds the
// stateful and the stateless part as two nested CloudFormation stacks, and prints what ops need.
import { CfnOutput, Fn, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { ClinicConfig } from '../shared/core/config/schema.ts';
import { StatefulStack } from './stateful-stack.ts';
import { StatelessStack } from './stateless-stack.ts';
import { stackName } from './support/config.ts';

export interface ClinicFrontDoorStackProps extends StackProps {
  readonly stage: string;
  readonly clinicConfig: ClinicConfig;
}

export class ClinicFrontDoorStack extends Stack {
  readonly stateful: StatefulStack;
  readonly stateless: StatelessStack;

  constructor(scope: Construct, id: string, props: ClinicFrontDoorStackProps) {
    super(scope, id, {
      ...props,
      stackName: stackName(props.stage),
      description: `Clinic front door (${props.stage}): lead capture and appointment booking for ${props.clinicConfig.clinic.name}`,
      // Deleting this stack by mistake would take the API down; the data itself is retained anyway.
      terminationProtection: true,
    });
    const { stage, clinicConfig } = props;
    this.stateful = new StatefulStack(this, 'Stateful', { stage, clinicConfig });
    this.stateless = new StatelessStack(this, 'Stateless', { stage, clinicConfig, stateful: this.stateful });

    const output = (id: string, value: string, description: string) =>
      new CfnOutput(this, id, { value, description });
    output('ApiUrl', this.stateless.api.url, "The website's forms post here (base URL of every /v1 route)");
    output('TableName', this.stateful.data.table.tableName, 'The DynamoDB table with the leads and bookings');
    output(
      'DeadLetterQueueUrl',
      this.stateless.notifications.deadLetterQueue.queueUrl,
      'Stream positions of records the notifier could not send',
    );
    output(
      'DashboardUrl',
      this.stateless.dashboard.url,
      'CloudWatch dashboard: leads, bookings, email delivery',
    );
    output(
      'NotifierFunctionName',
      this.stateless.notifier.function.functionName,
      'The stream consumer that sends emails (replays go to it)',
    );
    output(
      'SesConfigurationSetName',
      this.stateful.email.configurationSet.configurationSetName,
      'The configuration set the notifier sends with (npm run dlq:replay sends with it too)',
    );
    output('AlarmTopicArn', this.stateless.alarms.topic.topicArn, 'SNS topic every alarm notifies');
    output(
      'SesDomain',
      this.stateful.email.domain,
      'The SES domain identity; publish the DKIM records below',
    );
    this.stateful.email.identity.dkimRecords.forEach((record, index) => {
      output(
        `SesDkimRecord${index + 1}`,
        Fn.join(' ', ['CNAME', record.name, record.value]),
        'DKIM: add to DNS',
      );
    });
  }
}
