// The customer-managed key for operational data: function and access logs, the notifier's
// dead-letter queue and the alarm topic. Logs can carry ids and timings of health-care requests,
// so they are encrypted under a key the clinic controls and can audit, like the table.
import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

export interface OperationsKeyProps {
  readonly stage: string;
  /** @default the key of the main stack's logs, dead-letter queue and alarm topic */
  readonly description?: string;
  /** Lets CloudWatch alarms publish to a topic under this key. @default true */
  readonly encryptsAlarmTopic?: boolean;
}

export class OperationsKey extends Construct {
  readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: OperationsKeyProps) {
    super(scope, id);
    const { region, account, partition } = Stack.of(this);
    this.key = new kms.Key(this, 'Key', {
      description:
        props.description ??
        `Encrypts the clinic front door logs, dead-letter queue and alarm topic (${props.stage})`,
      enableKeyRotation: true,
      // Retained log groups stay readable only while their key exists.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // CloudWatch Logs encrypts log groups of this account and region only (the encryption context
    // names the log group), as the CloudWatch Logs guide's key policy does.
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchLogsEncryptsThisAccountsLogGroups',
        principals: [new iam.ServicePrincipal(`logs.${region}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: {
          ArnLike: {
            'kms:EncryptionContext:aws:logs:arn': `arn:${partition}:logs:${region}:${account}:log-group:*`,
          },
        },
      }),
    );
    // CloudWatch alarms publish to the encrypted alarm topic; without this their actions fail.
    if (props.encryptsAlarmTopic === false) return;
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsPublishToEncryptedTopic',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );
  }
}
