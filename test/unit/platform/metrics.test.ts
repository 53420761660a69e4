import { afterEach, describe, expect, it, vi } from 'vitest';
import { METRICS, recordMetric } from '../../../shared/platform/metrics.ts';

function captureStdout(run: () => void): string {
  const lines: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  try {
    run();
  } finally {
    spy.mockRestore();
  }
  return lines.join('');
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('recordMetric', () => {
  it('writes one embedded-metric-format line for the deployed stage', () => {
    vi.stubEnv('STAGE', 'prod');
    const out = captureStdout(() => recordMetric(METRICS.names.inquiryReceived, 1_764_000_000_000));
    expect(out.endsWith('\n')).toBe(true);
    expect(JSON.parse(out)).toEqual({
      _aws: {
        Timestamp: 1_764_000_000_000,
        CloudWatchMetrics: [
          {
            Namespace: 'ClinicFrontDoor',
            Dimensions: [['stage']],
            Metrics: [{ Name: 'InquiryReceived', Unit: 'Count' }],
          },
        ],
      },
      stage: 'prod',
      InquiryReceived: 1,
    });
  });

  it.each([['local'], ['']])('stays silent on the local stack (STAGE=%j)', (stage) => {
    vi.stubEnv('STAGE', stage);
    expect(captureStdout(() => recordMetric(METRICS.names.emailSent))).toBe('');
  });
});
