// A small CloudWatch dashboard for the clinic's leads and bookings and for email delivery, with
// the alarms' state beside them.
import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { METRICS, type MetricName } from '../../shared/platform/metrics.ts';
import { type EmailIdentity, SES_EVENT_METRICS } from './email-identity.ts';

const PERIOD = Duration.hours(1);

export interface DashboardProps {
  readonly stage: string;
  readonly email: EmailIdentity;
  readonly alarms: readonly cloudwatch.IAlarm[];
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
        [new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: [...props.alarms], width: 24 })],
      ],
    });
  }

  /** The console address of the dashboard, for the stack outputs. */
  get url(): string {
    const { region } = Stack.of(this);
    return `https://${region}.console.aws.amazon.com/cloudwatch/home?region=${region}#dashboards/dashboard/${this.dashboardName}`;
  }
}
