// The alarms that tell ops before a patient does, all sent (on alarm and on recovery) to one
// encrypted SNS topic with an optional email subscription. Every alarm's description ends with
// the section of the runbook (docs/deploy.md) that says what it means and what to do, and a test
// (test/infra/runbook.test.ts) holds every alarm in the synthesized app to that. To watch
// something new, call `add` (or a `watch…` helper) with the anchor of a section you write.
import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { METRICS, type MetricName } from '../../shared/platform/metrics.ts';
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
  /** A public route's p99 duration, in two of three five-minute periods: patients are waiting. */
  routeLatencyP99: Duration.seconds(3),
  /** A function's longest run as a share of its timeout: a little slower and it times out. */
  durationShareOfTimeout: 0.8,
} as const;

/** Where every alarm's runbook section is. */
export const RUNBOOK_DOCUMENT = 'docs/deploy.md';

/** The heading anchors in docs/deploy.md of the alarms this construct creates. */
export const RUNBOOK = {
  functionErrors: 'alarm-function-errors',
  functionThrottles: 'alarm-function-throttles',
  functionDurationNearTimeout: 'alarm-function-duration-near-timeout',
  routeLatency: 'alarm-route-latency',
  api5xxRate: 'alarm-api-5xx-rate',
  deadLetters: 'alarm-dead-letter-messages',
  notifierIteratorAge: 'alarm-notifier-iterator-age',
  tableThrottles: 'alarm-table-throttles',
  tableSystemErrors: 'alarm-table-system-errors',
  sesBounceRate: 'alarm-ses-bounce-rate',
  sesComplaintRate: 'alarm-ses-complaint-rate',
  remindersOverdue: 'alarm-reminders-overdue',
  smsFailures: 'alarm-sms-failures',
  captchaUnverified: 'alarm-captcha-unverified',
} as const;

/** `Runbook: docs/deploy.md#alarm-dead-letter-messages`: how a description names its section. */
export function runbookReference(anchor: string): string {
  return `Runbook: ${RUNBOOK_DOCUMENT}#${anchor}`;
}

/** The DynamoDB operations the app calls (SystemErrors is reported per operation). */
export const TABLE_OPERATIONS = [
  'GetItem',
  'BatchGetItem',
  'Query',
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'BatchWriteItem',
  'TransactWriteItems',
  'GetRecords',
] as const;

const FIVE_MINUTES = Duration.minutes(5);

export interface AlarmSpec {
  readonly metric: cloudwatch.IMetric;
  /** Fires at or above this value. */
  readonly threshold: number;
  /** What happened, for the alarm email; the runbook reference is appended. */
  readonly description: string;
  /** The heading anchor of the alarm's section in docs/deploy.md, such as `alarm-function-errors`. */
  readonly runbook: string;
  /** @default 1 */
  readonly evaluationPeriods?: number;
  /** @default evaluationPeriods */
  readonly datapointsToAlarm?: number;
}

/** An alarm the dashboard graphs, with the name it was added under. */
export interface GraphedAlarm {
  readonly name: string;
  readonly alarm: cloudwatch.IAlarm;
}

export interface AlarmsProps {
  readonly stage: string;
  /** Subscribed to the topic by email when given (the address must confirm the subscription). */
  readonly alarmEmail?: string;
  readonly topicKey: kms.IKey;
  readonly api: Api;
  /** Every function of the app, by its route id (and the notifier's). */
  readonly functions: ReadonlyMap<string, ClinicFunction>;
  /** The ids of the public routes, whose latency patients feel. */
  readonly publicRouteIds: readonly string[];
  readonly notifier: ClinicFunction;
  readonly deadLetterQueue: sqs.IQueue;
  readonly table: dynamodb.ITable;
  /** The table's global secondary indexes, whose throttles hold back the table's writes. */
  readonly indexNames: readonly string[];
}

export class Alarms extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];
  /** The alarms of resources with no other graph on the dashboard: the table, dead-letter queues. */
  readonly graphed: GraphedAlarm[] = [];
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

    for (const [name, fn] of props.functions) this.watchFunction(name, fn);
    for (const routeId of props.publicRouteIds) {
      const fn = props.functions.get(routeId);
      if (!fn) throw new Error(`${this.node.path}: no function for the public route ${routeId}`);
      this.watchRouteLatency(routeId, fn);
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
      description: `More than ${ALARM_THRESHOLDS.api5xxPercent}% of API requests got a 5xx in five minutes: patients see errors.`,
      runbook: RUNBOOK.api5xxRate,
    });

    this.watchDeadLetterQueue(
      'NotifierDeadLetters',
      props.deadLetterQueue,
      'The notifier gave up on stream records: some emails were not sent. The message holds their stream positions, to replay within 24 hours.',
    );

    this.add('NotifierIteratorAge', {
      metric: props.notifier.function.metric('IteratorAge', {
        period: FIVE_MINUTES,
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      threshold: ALARM_THRESHOLDS.notifierIteratorAge.toMilliseconds(),
      description: `Emails are more than ${ALARM_THRESHOLDS.notifierIteratorAge.toMinutes()} minutes behind the bookings and leads they announce.`,
      runbook: RUNBOOK.notifierIteratorAge,
    });

    this.watchTable(props.table, props.indexNames);

    this.add('SesBounceRate', {
      metric: sesReputationMetric('Reputation.BounceRate'),
      threshold: ALARM_THRESHOLDS.sesBounceRate,
      description: `The account's SES bounce rate reached ${ALARM_THRESHOLDS.sesBounceRate * 100}% (AWS reviews at 5% and may pause sending at 10%).`,
      runbook: RUNBOOK.sesBounceRate,
    });
    this.add('SesComplaintRate', {
      metric: sesReputationMetric('Reputation.ComplaintRate'),
      threshold: ALARM_THRESHOLDS.sesComplaintRate,
      description: `The account's SES complaint rate reached ${ALARM_THRESHOLDS.sesComplaintRate * 100}% (AWS reviews at 0.1% and may pause sending at 0.5%).`,
      runbook: RUNBOOK.sesComplaintRate,
    });

    // Reminders and texts (docs/reminders.md): the runner publishes RemindersOverdue on every run.
    const business = (metricName: MetricName, statistic: string) =>
      new cloudwatch.Metric({
        namespace: METRICS.namespace,
        metricName,
        dimensionsMap: { [METRICS.stageDimension]: props.stage },
        statistic,
        period: FIVE_MINUTES,
      });
    this.add('RemindersOverdue', {
      metric: business(METRICS.names.remindersOverdue, cloudwatch.Stats.MAXIMUM),
      threshold: 1,
      description: 'Reminders were due more than 10 minutes ago and are still not handed to the outbox.',
      runbook: RUNBOOK.remindersOverdue,
    });
    this.add('SmsFailures', {
      metric: business(METRICS.names.smsFailed, cloudwatch.Stats.SUM),
      threshold: 1,
      description:
        'Text messages failed: End User Messaging refused or could not take them (opted-out numbers are not counted).',
      runbook: RUNBOOK.smsFailures,
    });
    this.add('CaptchaUnverified', {
      metric: business(METRICS.names.captchaUnverified, cloudwatch.Stats.SUM),
      threshold: 1,
      description:
        'Requests went through without a Turnstile verdict: Cloudflare is unreachable or refuses our secret (patients are not turned away).',
      runbook: RUNBOOK.captchaUnverified,
    });
  }

  /**
   * An alarm named `ClinicFrontDoor-STAGE-<name>` that notifies the topic when it fires and when
   * it recovers. Quiet hours are not failures: missing data never breaches.
   */
  add(name: string, spec: AlarmSpec): cloudwatch.Alarm {
    const evaluationPeriods = spec.evaluationPeriods ?? 1;
    const alarm = new cloudwatch.Alarm(this, name, {
      alarmName: `${this.prefix}-${name}`,
      alarmDescription: `${spec.description} ${runbookReference(spec.runbook)}`,
      metric: spec.metric,
      threshold: spec.threshold,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods,
      datapointsToAlarm: spec.datapointsToAlarm ?? evaluationPeriods,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    const notify = new actions.SnsAction(this.topic);
    alarm.addAlarmAction(notify);
    alarm.addOkAction(notify);
    this.alarms.push(alarm);
    return alarm;
  }

  /** Errors, throttles, and runs close to the timeout, of one function. */
  watchFunction(name: string, fn: ClinicFunction): void {
    this.add(`${name}Errors`, {
      metric: fn.function.metricErrors({ period: FIVE_MINUTES, statistic: cloudwatch.Stats.SUM }),
      threshold: 1,
      description: `${name} failed (crash, timeout or unhandled error).`,
      runbook: RUNBOOK.functionErrors,
    });
    this.add(`${name}Throttles`, {
      metric: fn.function.metricThrottles({ period: FIVE_MINUTES, statistic: cloudwatch.Stats.SUM }),
      threshold: 1,
      description: `${name} was throttled: the account's Lambda concurrency is exhausted and invocations were refused.`,
      runbook: RUNBOOK.functionThrottles,
    });
    const share = ALARM_THRESHOLDS.durationShareOfTimeout;
    this.add(`${name}DurationNearTimeout`, {
      metric: fn.function.metricDuration({ period: FIVE_MINUTES, statistic: cloudwatch.Stats.MAXIMUM }),
      threshold: Math.round(fn.timeoutSeconds * 1000 * share),
      description: `A run of ${name} took ${share * 100}% or more of its ${fn.timeoutSeconds}-second timeout.`,
      runbook: RUNBOOK.functionDurationNearTimeout,
    });
  }

  /** The p99 duration of a public route's function: what a patient waits for, past API Gateway. */
  watchRouteLatency(name: string, fn: ClinicFunction): void {
    const limit = ALARM_THRESHOLDS.routeLatencyP99;
    this.add(`${name}LatencyP99`, {
      metric: fn.function.metricDuration({ period: FIVE_MINUTES, statistic: cloudwatch.Stats.p(99) }),
      threshold: limit.toMilliseconds(),
      // One slow cold start is not a trend: two five-minute periods out of three.
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      description: `The p99 duration of ${name} was ${limit.toSeconds()} seconds or more in two of three five-minute periods: patients are waiting.`,
      runbook: RUNBOOK.routeLatency,
    });
  }

  /** Any message waiting in a dead-letter queue: work that was given up on. */
  watchDeadLetterQueue(name: string, queue: sqs.IQueue, description: string): void {
    const alarm = this.add(name, {
      metric: queue.metricApproximateNumberOfMessagesVisible({
        period: FIVE_MINUTES,
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      threshold: 1,
      description,
      runbook: RUNBOOK.deadLetters,
    });
    this.graphed.push({ name, alarm });
  }

  /** Throttled reads and writes (the table and its indexes), and errors on DynamoDB's side. */
  private watchTable(table: dynamodb.ITable, indexNames: readonly string[]): void {
    const sum = (metricName: string, dimensionsMap: Record<string, string>) =>
      new cloudwatch.Metric({
        namespace: 'AWS/DynamoDB',
        metricName,
        dimensionsMap: { TableName: table.tableName, ...dimensionsMap },
        statistic: cloudwatch.Stats.SUM,
        period: FIVE_MINUTES,
      });
    const scopes: [string, Record<string, string>][] = [
      ['table', {}],
      ...indexNames.map((index, i): [string, Record<string, string>] => [
        `index${i}`,
        { GlobalSecondaryIndexName: index },
      ]),
    ];
    const throttles: Record<string, cloudwatch.IMetric> = {};
    for (const [scope, dimensions] of scopes) {
      throttles[`${scope}Reads`] = sum('ReadThrottleEvents', dimensions);
      throttles[`${scope}Writes`] = sum('WriteThrottleEvents', dimensions);
    }
    const throttled = this.add('TableThrottles', {
      // SUM([…]) adds what is there: a metric with no data point does not hide another's.
      metric: new cloudwatch.MathExpression({
        expression: `SUM([${Object.keys(throttles).join(', ')}])`,
        usingMetrics: throttles,
        period: FIVE_MINUTES,
        label: 'Throttled reads and writes',
      }),
      threshold: 1,
      description:
        'DynamoDB throttled reads or writes of the table or its index: requests failed or were slowed.',
      runbook: RUNBOOK.tableThrottles,
    });
    const errors = Object.fromEntries(
      TABLE_OPERATIONS.map((operation) => [
        operation.toLowerCase(),
        sum('SystemErrors', { Operation: operation }),
      ]),
    );
    const failed = this.add('TableSystemErrors', {
      metric: new cloudwatch.MathExpression({
        expression: `SUM([${Object.keys(errors).join(', ')}])`,
        usingMetrics: errors,
        period: FIVE_MINUTES,
        label: 'DynamoDB system errors',
      }),
      threshold: 1,
      description: 'DynamoDB answered requests of the table with a 500 (an error on its side).',
      runbook: RUNBOOK.tableSystemErrors,
    });
    this.graphed.push(
      { name: 'TableThrottles', alarm: throttled },
      { name: 'TableSystemErrors', alarm: failed },
    );
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
