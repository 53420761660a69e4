// The embedded-metric-format document the functions write is the metric the dashboard reads.
import { describe, expect, it } from 'vitest';
import { METRICS, metricDocument } from '../../shared/platform/metrics.ts';

describe('metricDocument', () => {
  it('counts one metric in the ClinicFrontDoor namespace with exactly the stage dimension', () => {
    expect(metricDocument(METRICS.names.bookingCreated, 'prod', 1_767_225_600_000)).toEqual({
      _aws: {
        Timestamp: 1_767_225_600_000,
        CloudWatchMetrics: [
          {
            Namespace: 'ClinicFrontDoor',
            Dimensions: [['stage']],
            Metrics: [{ Name: 'BookingCreated', Unit: 'Count' }],
          },
        ],
      },
      stage: 'prod',
      BookingCreated: 1,
    });
  });

  it('carries the value given', () => {
    expect(metricDocument(METRICS.names.emailSent, 'dev', 0, 3)).toMatchObject({
      EmailSent: 3,
      stage: 'dev',
    });
  });
});
