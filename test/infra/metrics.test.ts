// The embedded-metric-format document the functions write (Powertools Metrics) is the metric the
// dashboard reads: same namespace, name and dimension set, for every business metric.
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { Dashboard } from '../../infra/constructs/dashboard.ts';
import { EmailIdentity } from '../../infra/constructs/email-identity.ts';
import { METRICS, type MetricName, stageMetrics } from '../../shared/platform/metrics.ts';

/** What Powertools writes for one count of `metric` at `stage`. */
function emfDocument(metric: MetricName, stage: string) {
  const metrics = stageMetrics(stage);
  if (!metrics) throw new Error(`no metrics at stage ${stage}`);
  metrics.addMetric(metric, 'Count', 1);
  return metrics.serializeMetrics();
}

function dashboardBody(stage: string): string {
  const stack = new Stack(new App(), 'Metrics');
  const email = new EmailIdentity(stack, 'Email', { from: 'Clinic <desk@clinic.example>' });
  new Dashboard(stack, 'Dashboard', { stage, email, alarms: [] });
  const [dashboard] = Object.values(Template.fromStack(stack).findResources('AWS::CloudWatch::Dashboard'));
  return JSON.stringify(dashboard?.Properties.DashboardBody);
}

describe('business metrics', () => {
  const body = dashboardBody('prod');

  it.each(Object.values(METRICS.names))('%s as written is the metric the dashboard graphs', (name) => {
    const document = emfDocument(name, 'prod');
    const [directive] = document._aws.CloudWatchMetrics;
    expect(directive).toEqual({
      Namespace: 'ClinicFrontDoor',
      Dimensions: [['stage']],
      Metrics: [{ Name: name, Unit: 'Count' }],
    });
    expect(document).toMatchObject({ stage: 'prod', [name]: 1 });
    // The dashboard's metric array: namespace, name, then each dimension's name and value.
    const dimensions = (directive?.Dimensions[0] ?? []).flatMap((key) => [key, String(document[key])]);
    const graphed = JSON.stringify([directive?.Namespace, name, ...dimensions]).slice(1, -1);
    expect(body).toContain(JSON.stringify(graphed).slice(1, -1));
  });

  it('no metric is written where no stage is deployed', () => {
    expect(stageMetrics('local')).toBeUndefined();
    expect(stageMetrics(undefined)).toBeUndefined();
  });
});
