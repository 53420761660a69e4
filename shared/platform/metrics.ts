// The business metrics the functions emit (CloudWatch embedded metric format) and the dashboard
// and alarms read: one list, so the two sides cannot disagree on a name.

export const METRICS = {
  namespace: 'ClinicFrontDoor',
  /** Every metric carries this dimension; its value is the deploy stage (`prod`, `dev`). */
  stageDimension: 'stage',
  names: {
    inquiryReceived: 'InquiryReceived',
    bookingCreated: 'BookingCreated',
    bookingCancelled: 'BookingCancelled',
    bookingRescheduled: 'BookingRescheduled',
    emailSent: 'EmailSent',
    emailFailed: 'EmailFailed',
  },
} as const;

export type MetricName = (typeof METRICS.names)[keyof typeof METRICS.names];

/**
 * An embedded-metric-format document counting one `metric` for `stage`: written as one JSON line to
 * stdout (Lambda's text log format), CloudWatch turns it into the metric the dashboard reads. The
 * dimension set is exactly `[stage]`; a metric with any other set is a different metric to CloudWatch.
 */
export function metricDocument(metric: MetricName, stage: string, timestampMs: number, value = 1) {
  return {
    _aws: {
      Timestamp: timestampMs,
      CloudWatchMetrics: [
        {
          Namespace: METRICS.namespace,
          Dimensions: [[METRICS.stageDimension]],
          Metrics: [{ Name: metric, Unit: 'Count' }],
        },
      ],
    },
    [METRICS.stageDimension]: stage,
    [metric]: value,
  };
}

/**
 * Counts one `metric` for this deployment's stage by writing its EMF line to stdout. Off where
 * no stage is deployed (the local stack and tests set STAGE=local or nothing).
 */
export function recordMetric(metric: MetricName, now: number = Date.now()): void {
  const stage = process.env.STAGE;
  if (!stage || stage === 'local') return;
  process.stdout.write(`${JSON.stringify(metricDocument(metric, stage, now))}\n`);
}
