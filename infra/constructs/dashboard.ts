// A small CloudWatch dashboard for the clinic's leads and bookings and for email delivery, then
// what the alarms watch (API errors and latency, functions against their timeouts, the table, the
// dead-letter queue, CloudFront and AWS WAF when they are in front), with the alarms' state.
import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { METRICS, type MetricName } from '../../shared/platform/metrics.ts';
import type { GraphedAlarm } from './alarms.ts';
import type { Api } from './api.ts';
import type { ClinicFunction } from './clinic-function.ts';
import { type EmailIdentity, SES_EVENT_METRICS } from './email-identity.ts';

const PERIOD = Duration.hours(1);
const FIVE_MINUTES = Duration.minutes(5);
/** CloudWatch shows at most this many alarms in one alarm status widget. */
export const ALARMS_PER_STATUS_WIDGET = 100;

/** CloudFront and AWS WAF publish their metrics in us-east-1, whatever the stack's region. */
export interface EdgeMetrics {
  readonly distributionId: string;
  readonly webAclName: string;
}

export interface DashboardProps {
  readonly stage: string;
  readonly email: EmailIdentity;
  readonly alarms: readonly cloudwatch.IAlarm[];
  /** What the alarms watch, graphed. @default the business rows and the alarms' state only */
  readonly operations?: OperationsGraphs;
}

export interface OperationsGraphs {
  readonly api: Api;
  /** Every function by route id (and the notifier's). */
  readonly functions: ReadonlyMap<string, ClinicFunction>;
  readonly publicRouteIds: readonly string[];
  /** Alarms graphed with their threshold: the table's and the dead-letter queues'. */
  readonly graphedAlarms: readonly GraphedAlarm[];
  /** CloudFront and AWS WAF, when they are in front of the API. */
  readonly edge?: EdgeMetrics;
}

export class Dashboard extends Construct {
  readonly dashboard: cloudwatch.Dashboard;
  readonly dashboardName: string;

  constructor(scope: Construct, id: string, props: DashboardProps) {
    super(scope, id);
    this.dashboardName = `ClinicFrontDoor-${props.stage}`;
    const business = (metric: MetricName, label: string) =>
      new cloudwatch.Metric({
        namespace: METRICS.namespace,
        metricName: metric,
        dimensionsMap: { [METRICS.stageDimension]: props.stage },
        statistic: cloudwatch.Stats.SUM,
        period: PERIOD,
        label,
      });
    const ses = (metric: string, label: string) => props.email.eventMetric(metric, { period: PERIOD, label });

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: this.dashboardName,
      defaultInterval: Duration.days(7),
      widgets: [
        [
          new cloudwatch.GraphWidget({
            title: 'Leads (inquiries received per hour)',
            left: [business(METRICS.names.inquiryReceived, 'Inquiries')],
            // Leads and bookings let through while Turnstile could not give a verdict.
            right: [business(METRICS.names.captchaUnverified, 'Forms let through unverified (CAPTCHA down)')],
            width: 8,
          }),
          new cloudwatch.GraphWidget({
            title: 'Bookings per hour',
            left: [
              business(METRICS.names.bookingCreated, 'Booked'),
              business(METRICS.names.bookingRescheduled, 'Rescheduled'),
              business(METRICS.names.bookingCancelled, 'Cancelled'),
            ],
            width: 8,
          }),
          new cloudwatch.GraphWidget({
            title: 'Email delivery per hour (SES)',
            left: [
              ses(SES_EVENT_METRICS.send, 'Sent'),
              ses(SES_EVENT_METRICS.delivery, 'Delivered'),
              ses(SES_EVENT_METRICS.deliveryDelay, 'Delayed'),
              business(METRICS.names.emailSent, 'Handed to SES by the notifier'),
            ],
            right: [
              ses(SES_EVENT_METRICS.bounce, 'Bounced'),
              ses(SES_EVENT_METRICS.complaint, 'Complaints'),
              ses(SES_EVENT_METRICS.reject, 'Rejected'),
              business(METRICS.names.emailFailed, 'Notifier failures'),
            ],
            width: 8,
          }),
        ],
        [
          new cloudwatch.GraphWidget({
            title: 'Reminders per hour',
            left: [
              business(METRICS.names.remindersReleased, 'Handed to the outbox'),
              business(METRICS.names.dailyAgendaSent, 'Daily agendas'),
            ],
            right: [
              business(METRICS.names.remindersOverdue, 'Overdue (over 10 minutes)'),
              business(METRICS.names.reminderRunFailures, 'Runner failures'),
            ],
            width: 12,
          }),
          new cloudwatch.GraphWidget({
            title: 'Text messages per hour (End User Messaging SMS)',
            left: [business(METRICS.names.smsSent, 'Sent')],
            right: [
              business(METRICS.names.smsFailed, 'Failed'),
              business(METRICS.names.smsOptedOut, 'Refused: opted out'),
            ],
            width: 12,
          }),
        ],
        ...(props.operations ? operationsRows(props.operations) : []),
        ...alarmStatusRows(props.alarms),
      ],
    });
  }

  /** The console address of the dashboard, for the stack outputs. */
  get url(): string {
    const { region } = Stack.of(this);
    return `https://${region}.console.aws.amazon.com/cloudwatch/home?region=${region}#dashboards/dashboard/${this.dashboardName}`;
  }
}

/** What the alarms watch, one graph per kind of alarm. */
function operationsRows(ops: OperationsGraphs): cloudwatch.IWidget[][] {
  const { httpApi } = ops.api;
  const sum = { period: FIVE_MINUTES, statistic: cloudwatch.Stats.SUM };
  const functions = [...ops.functions];
  const rows: cloudwatch.IWidget[][] = [
    [
      new cloudwatch.GraphWidget({
        title: 'API requests and errors (per 5 minutes), p99 latency',
        left: [
          httpApi.metricCount({ ...sum, label: 'Requests' }),
          httpApi.metricClientError({ ...sum, label: '4xx' }),
          httpApi.metricServerError({ ...sum, label: '5xx' }),
        ],
        right: [
          httpApi.metricLatency({
            period: FIVE_MINUTES,
            statistic: cloudwatch.Stats.p(99),
            label: 'p99 latency (ms)',
          }),
        ],
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: 'Public routes: p99 duration (ms)',
        left: ops.publicRouteIds.flatMap((routeId) => {
          const fn = ops.functions.get(routeId);
          return fn
            ? [
                fn.function.metricDuration({
                  period: FIVE_MINUTES,
                  statistic: cloudwatch.Stats.p(99),
                  label: routeId,
                }),
              ]
            : [];
        }),
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: 'Longest run, % of the timeout (alarm at 80)',
        left: functions.map(
          ([name, fn], index) =>
            new cloudwatch.MathExpression({
              expression: `100 * d${index} / ${fn.timeoutSeconds * 1000}`,
              usingMetrics: {
                [`d${index}`]: fn.function.metricDuration({
                  period: FIVE_MINUTES,
                  statistic: cloudwatch.Stats.MAXIMUM,
                }),
              },
              period: FIVE_MINUTES,
              label: name,
            }),
        ),
        leftYAxis: { min: 0, max: 100 },
        width: 8,
      }),
    ],
    ops.graphedAlarms.map(
      ({ name, alarm }) =>
        new cloudwatch.AlarmWidget({
          alarm,
          title: `${name} (alarm at its threshold)`,
          width: Math.max(6, Math.floor(24 / ops.graphedAlarms.length)),
        }),
    ),
  ];
  if (ops.edge) rows.push(edgeRow(ops.edge));
  return rows;
}

function edgeRow(edge: EdgeMetrics): cloudwatch.IWidget[] {
  const cloudFront = (metricName: string, label: string, statistic: string) =>
    new cloudwatch.Metric({
      namespace: 'AWS/CloudFront',
      metricName,
      dimensionsMap: { DistributionId: edge.distributionId, Region: 'Global' },
      region: 'us-east-1',
      statistic,
      period: FIVE_MINUTES,
      label,
    });
  const waf = (metricName: string, label: string) =>
    new cloudwatch.MathExpression({
      expression: `SEARCH('Namespace="AWS/WAFV2" MetricName="${metricName}" WebACL="${edge.webAclName}"', 'Sum', 300)`,
      usingMetrics: {},
      searchRegion: 'us-east-1',
      period: FIVE_MINUTES,
      label,
    });
  return [
    new cloudwatch.GraphWidget({
      title: 'CloudFront: requests and error rates (%)',
      left: [cloudFront('Requests', 'Requests', cloudwatch.Stats.SUM)],
      right: [
        cloudFront('4xxErrorRate', '4xx (%)', cloudwatch.Stats.AVERAGE),
        cloudFront('5xxErrorRate', '5xx (%)', cloudwatch.Stats.AVERAGE),
      ],
      width: 12,
    }),
    new cloudwatch.GraphWidget({
      title: 'AWS WAF: requests blocked and allowed, by rule',
      left: [waf('BlockedRequests', 'Blocked')],
      right: [waf('AllowedRequests', 'Allowed')],
      width: 12,
    }),
  ];
}

/** The alarms' state, in as many widgets as CloudWatch needs to show them all. */
function alarmStatusRows(alarms: readonly cloudwatch.IAlarm[]): cloudwatch.IWidget[][] {
  const rows: cloudwatch.IWidget[][] = [];
  const parts = Math.ceil(alarms.length / ALARMS_PER_STATUS_WIDGET);
  for (let part = 0; part < parts; part++) {
    const chunk = alarms.slice(part * ALARMS_PER_STATUS_WIDGET, (part + 1) * ALARMS_PER_STATUS_WIDGET);
    const title = parts === 1 ? 'Alarms' : `Alarms (${part + 1} of ${parts})`;
    rows.push([new cloudwatch.AlarmStatusWidget({ title, alarms: chunk, width: 24 })]);
  }
  return rows;
}
