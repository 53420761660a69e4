// The alarms that tell ops before a patient does, all sent (on alarm and on recovery) to one
// encrypted SNS topic with an optional email subscription. docs/deploy.md says what each means
// and what to do; the descriptions below are the short form shown in the alarm email.
import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledgeEach } from '../support/nag.ts';
import type { Api } from './api.ts';
import type { ClinicFunction } from './clinic-function.ts';

export const ALARM_THRESHOLDS = {
  /** Share of API requests answered 5xx in five minutes, in percent. */
  api5xxPercent: 5,
  /** Age of the oldest stream record the notifier has not yet processed. */
  notifierIteratorAge: Duration.minutes(10),
  /** SES puts an account under review at a 5% bounce rate; this leaves room to act. */
  sesBounceRate: 0.025,
  /** SES puts an account under review at a 0.1% complaint rate; this leaves room to act. */
  sesComplaintRate: 0.0005,
} as const;

const FIVE_MINUTES = Duration.minutes(5);

export interface AlarmsProps {
  readonly stage: string;
  /** Subscribed to the topic by email when given (the address must confirm the subscription). */
  readonly alarmEmail?: string;
  readonly topicKey: kms.IKey;
  readonly api: Api;
  /** Every function of the app, by its route id (and the notifier's). */
  readonly functions: ReadonlyMap<string, ClinicFunction>;
  readonly notifier: ClinicFunction;
  readonly deadLetterQueue: sqs.IQueue;
}

export class Alarms extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];
  private readonly prefix: string;

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    this.prefix = `ClinicFrontDoor-${props.stage}`;
    this.topic = new sns.Topic(this, 'Topic', {
      displayName: `Clinic front door alarms (${props.stage})`,
      masterKey: props.topicKey,
      enforceSSL: true,
    });
    const { account, partition, region } = Stack.of(this);
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsOfThisAccountPublish',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': account },
          ArnLike: { 'aws:SourceArn': `arn:${partition}:cloudwatch:${region}:${account}:alarm:*` },
        },
      }),
    );
    if (props.alarmEmail) {
      const subscription = this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
      acknowledgeEach(subscription, [
        [
          'Serverless-SNSRedrivePolicy',
          "An email subscription: SNS retries the delivery itself, and an alarm email that still cannot be delivered has no consumer to replay it to. The alarm's state stays visible in CloudWatch and on the dashboard.",
        ],
      ]);
    }

    for (const [name, fn] of props.functions) {
      this.add(`${name}Errors`, {
        metric: fn.function.metricErrors({ period: FIVE_MINUTES, statistic: cloudwatch.Stats.SUM }),
        threshold: 1,
        description: `${name} failed (crash, timeout or unhandled error). Check its log group for the request id.`,
      });
      this.add(`${name}Throttles`, {
        metric: fn.function.metricThrottles({ period: FIVE_MINUTES, statistic: cloudwatch.Stats.SUM }),
        threshold: 1,
        description: `${name} was throttled: the account's Lambda concurrency is exhausted. Requests were refused.`,
      });
    }

    const httpApi = props.api.httpApi;
    this.add('Api5xxRate', {
      metric: new cloudwatch.MathExpression({
        expression: 'IF(requests > 0, 100 * errors / requests, 0)',
        usingMetrics: {
          errors: httpApi.metricServerError({ period: FIVE_MINUTES, statistic: cloudwatch.Stats.SUM }),
          requests: httpApi.metricCount({ period: FIVE_MINUTES, statistic: cloudwatch.Stats.SUM }),
        },
        period: FIVE_MINUTES,
        label: 'API 5xx responses (%)',
      }),
      threshold: ALARM_THRESHOLDS.api5xxPercent,
      description: `More than ${ALARM_THRESHOLDS.api5xxPercent}% of API requests got a 5xx in five minutes: patients see errors. Check the access log and the failing route's function log.`,
    });

    this.add('NotifierDeadLetters', {
      metric: props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: FIVE_MINUTES,
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      threshold: 1,
      description:
        'The notifier gave up on stream records: some emails were not sent. The dead-letter message holds the stream positions; see docs/deploy.md to replay them within 24 hours.',
    });

    this.add('NotifierIteratorAge', {
      metric: props.notifier.function.metric('IteratorAge', {
        period: FIVE_MINUTES,
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      threshold: ALARM_THRESHOLDS.notifierIteratorAge.toMilliseconds(),
      description: `Emails are more than ${ALARM_THRESHOLDS.notifierIteratorAge.toMinutes()} minutes behind the bookings and leads they announce. Check the notifier's errors and SES sending.`,
    });

    this.add('SesBounceRate', {
      metric: sesReputationMetric('Reputation.BounceRate'),
      threshold: ALARM_THRESHOLDS.sesBounceRate,
      description: `The account's SES bounce rate reached ${ALARM_THRESHOLDS.sesBounceRate * 100}% (AWS reviews at 5% and may pause sending at 10%). Check staff addresses and the bounces in the dashboard.`,
    });
    this.add('SesComplaintRate', {
      metric: sesReputationMetric('Reputation.ComplaintRate'),
      threshold: ALARM_THRESHOLDS.sesComplaintRate,
      description: `The account's SES complaint rate reached ${ALARM_THRESHOLDS.sesComplaintRate * 100}% (AWS reviews at 0.1% and may pause sending at 0.5%). Find who marks the clinic's emails as spam.`,
    });
  }

  private add(
    name: string,
    options: { metric: cloudwatch.IMetric; threshold: number; description: string },
  ): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this, name, {
      alarmName: `${this.prefix}-${name}`,
      alarmDescription: options.description,
      metric: options.metric,
      threshold: options.threshold,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      // Quiet hours are not failures: no traffic, no emails, no alarm.
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    const notify = new actions.SnsAction(this.topic);
    alarm.addAlarmAction(notify);
    alarm.addOkAction(notify);
    this.alarms.push(alarm);
    return alarm;
  }
}

/** Account-wide reputation metrics SES publishes itself, the ones its review looks at. */
function sesReputationMetric(metricName: string): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: 'AWS/SES',
    metricName,
    period: Duration.hours(1),
    statistic: cloudwatch.Stats.MAXIMUM,
  });
}
