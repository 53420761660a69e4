// The outbox consumer: the notifier reads the table's stream and sends the emails each change calls
// for. A batch that keeps failing is split (bisect) and retried a bounded number of times; records
// it cannot send go, as stream positions, to an encrypted dead-letter queue, and an alarm says so.
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledgeEach } from '../support/nag.ts';
import type { ClinicFunction } from './clinic-function.ts';
import type { Data } from './data.ts';
import type { EmailIdentity } from './email-identity.ts';

/** How the stream is read. Each value is a trade between email latency and a stuck shard. */
export const NOTIFIER_STREAM = {
  batchSize: 10,
  /**
   * Retries of a failing batch (after bisecting), as many as Lambda allows, so that in practice
   * the record age below is what bounds them: Lambda retries a stream batch at once, and a small
   * count would send every email of a one-minute SES outage to the dead-letter queue instead of
   * delivering it when SES is back. A record that can never be sent still leaves after 6 hours.
   */
  retryAttempts: 10_000,
  /** A record this old is sent to the dead-letter queue instead of retried: the stream keeps 24 h. */
  maxRecordAge: Duration.hours(6),
  /** DLQ messages (stream positions) are kept for the longest SQS allows, for a replay. */
  deadLetterRetention: Duration.days(14),
} as const;

export interface NotificationsProps {
  readonly notifier: ClinicFunction;
  readonly data: Data;
  readonly email: EmailIdentity;
  /** Encrypts the dead-letter queue. */
  readonly queueKey: kms.IKey;
}

export class Notifications extends Construct {
  readonly deadLetterQueue: sqs.Queue;
  readonly streamMapping: lambda.EventSourceMapping;

  constructor(scope: Construct, id: string, props: NotificationsProps) {
    super(scope, id);
    const { notifier, data, email } = props;
    const streamArn = data.table.tableStreamArn;
    if (streamArn === undefined) throw new Error(`${this.node.path}: the table has no stream`);

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: props.queueKey,
      enforceSSL: true,
      retentionPeriod: NOTIFIER_STREAM.deadLetterRetention,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledgeEach(this.deadLetterQueue, [
      [
        'AwsSolutions-SQS3',
        "This queue is itself the dead-letter queue: the notifier's stream mapping sends the positions of records it could not process here, and an alarm fires when one arrives.",
      ],
      [
        'Serverless-SQSRedrivePolicy',
        "This queue is itself the dead-letter queue: the notifier's stream mapping sends the positions of records it could not process here, and an alarm fires when one arrives.",
      ],
    ]);

    // Grants are written here, not left to DynamoEventSource/SqsDlq, whose grants use wildcard
    // actions and land in an inline policy.
    for (const statement of [
      ...data.accessStatements('readWrite'),
      ...data.streamReadStatements(),
      new iam.PolicyStatement({
        sid: 'SendToDeadLetterQueue',
        actions: ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'],
        resources: [this.deadLetterQueue.queueArn],
      }),
      new iam.PolicyStatement({
        sid: 'EncryptDeadLetters',
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: [props.queueKey.keyArn],
      }),
      new iam.PolicyStatement({
        sid: 'SendClinicEmail',
        actions: ['ses:SendRawEmail', 'ses:SendEmail'],
        resources: [email.identityArn, email.configurationSetArn],
      }),
    ]) {
      notifier.grant(statement);
    }
    acknowledgeEach(notifier.policy, [
      [
        'AwsSolutions-IAM5[Resource::*]',
        'dynamodb:ListStreams has no resource-level permissions (Service Authorization Reference), and Lambda lists streams when it manages the stream mapping; every other action here names its table, index, stream, queue, key or SES identity.',
      ],
    ]);

    this.streamMapping = new lambda.EventSourceMapping(this, 'StreamMapping', {
      target: notifier.function,
      eventSourceArn: streamArn,
      // From the oldest record, so nothing written before the mapping existed goes unsent.
      startingPosition: lambda.StartingPosition.TRIM_HORIZON,
      batchSize: NOTIFIER_STREAM.batchSize,
      bisectBatchOnError: true,
      reportBatchItemFailures: true,
      retryAttempts: NOTIFIER_STREAM.retryAttempts,
      maxRecordAge: NOTIFIER_STREAM.maxRecordAge,
      parallelizationFactor: 1,
      onFailure: { bind: () => ({ destination: this.deadLetterQueue.queueArn }) },
    });
    this.streamMapping.node.addDependency(notifier.policy);
  }
}
