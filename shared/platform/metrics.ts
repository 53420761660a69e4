// The business metrics the functions emit (Powertools Metrics, CloudWatch embedded metric format)
// and the dashboard and alarms read: one list, so the two sides cannot disagree on a name.
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { optionalEnv } from './env.ts';
import { logger } from './logger.ts';

export const METRICS = {
  namespace: 'ClinicFrontDoor',
  /** Every metric carries this dimension, and only this one; its value is the deploy stage (`prod`, `dev`). */
  stageDimension: 'stage',
  names: {
    inquiryReceived: 'InquiryReceived',
    bookingCreated: 'BookingCreated',
    bookingCancelled: 'BookingCancelled',
    bookingRescheduled: 'BookingRescheduled',
    emailSent: 'EmailSent',
    emailFailed: 'EmailFailed',
    smsSent: 'SmsSent',
    /** A text that failed: retried when the error is transient, never when the request was invalid. */
    smsFailed: 'SmsFailed',
    /** A text refused because the number opted out (STOP): never retried. */
    smsOptedOut: 'SmsOptedOut',
    remindersReleased: 'RemindersReleased',
    /** Published by every reminder run, 0 included: no data at all means the runner is not running. */
    remindersOverdue: 'RemindersOverdue',
    reminderRunFailures: 'ReminderRunFailures',
    dailyAgendaSent: 'DailyAgendaSent',
    /**
     * A public form let through without a CAPTCHA verdict (Turnstile unreachable or failing, or its
     * secret unreadable): the record says `captcha: "unverified"`, and an alarm watches this.
     */
    captchaUnverified: 'CaptchaUnverified',
  },
} as const;

export type MetricName = (typeof METRICS.names)[keyof typeof METRICS.names];

/** The "nothing was counted" note Powertools writes at every flush without a metric (most GETs). */
const NOTHING_TO_PUBLISH = 'No application metrics to publish';

/**
 * Powertools' own diagnostics go to the one logger; its note on an invocation that counted nothing
 * is expected on most routes, so it is a debug line there instead of a warning per request.
 */
const text = (content: unknown[]) => content.map(String).join(' ');
const diagnostics = {
  debug: (...content: unknown[]) => logger.debug(text(content)),
  info: (...content: unknown[]) => logger.info(text(content)),
  warn: (...content: unknown[]) =>
    text(content).startsWith(NOTHING_TO_PUBLISH) ? logger.debug(text(content)) : logger.warn(text(content)),
  error: (...content: unknown[]) => logger.error(text(content)),
};

/**
 * The metrics of a deployment at `stage`, or `undefined` where none is deployed (the local stack
 * and tests set STAGE=local or nothing). The dimension set is exactly `[stage]`: Powertools' default
 * `service` dimension is dropped, because a metric with another dimension set is a different metric
 * to CloudWatch, and the dashboard and alarms (and the history already recorded) read `[stage]`.
 */
export function stageMetrics(stage: string | undefined): Metrics | undefined {
  if (!stage || stage === 'local') return undefined;
  const metrics = new Metrics({ namespace: METRICS.namespace, logger: diagnostics });
  metrics.clearDefaultDimensions();
  metrics.setDefaultDimensions({ [METRICS.stageDimension]: stage });
  return metrics;
}

// One instance per container, as Powertools expects; the stage is fixed for a deployment's life.
const metrics = stageMetrics(optionalEnv('STAGE'));

/** Counts one `metric` for this deployment's stage; written out when the invocation's metrics are flushed. */
export function recordMetric(metric: MetricName): void {
  metrics?.addMetric(metric, MetricUnit.Count, 1);
}

/** Records `value` of `metric` (a count a run measured, 0 included). */
export function recordMetricValue(metric: MetricName, value: number): void {
  metrics?.addMetric(metric, MetricUnit.Count, value);
}

/** The middy middleware that flushes the invocation's metrics as one EMF line, even on an error. */
export function metricsMiddleware() {
  return logMetrics(metrics ? [metrics] : []);
}

/** The same flush for a handler that is not a middy chain (the stream consumer). */
export function withMetrics<TArgs extends unknown[], TResult>(
  handler: (...args: TArgs) => Promise<TResult>,
): (...args: TArgs) => Promise<TResult> {
  return async (...args) => {
    try {
      return await handler(...args);
    } finally {
      metrics?.publishStoredMetrics();
    }
  };
}
