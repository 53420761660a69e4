// What reaches the logs when a function counts a metric: Powertools' EMF line on stdout, one per
// invocation, with exactly the stage dimension the dashboard reads.
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { apiEvent, lambdaContext } from '../../support/events.ts';

type MetricsModule = typeof import('../../../shared/platform/metrics.ts');

/** The module as a container at `stage` loads it (the stage is read once, at cold start). */
async function loadAt(stage: string): Promise<MetricsModule> {
  vi.stubEnv('STAGE', stage);
  vi.resetModules();
  return import('../../../shared/platform/metrics.ts');
}

async function captureStdout(run: () => Promise<unknown>): Promise<string> {
  const chunks: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  });
  try {
    await run();
  } finally {
    spy.mockRestore();
  }
  return chunks.join('');
}

const emf = (metric: string, value: number | number[]) => ({
  _aws: {
    Timestamp: 1_764_000_000_000,
    CloudWatchMetrics: [
      {
        Namespace: 'ClinicFrontDoor',
        Dimensions: [['stage']],
        Metrics: [{ Name: metric, Unit: 'Count' }],
      },
    ],
  },
  stage: 'prod',
  [metric]: value,
});

const context = { functionName: 'clinic-test' } as Context;

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
});

describe('recordMetric, flushed once per invocation', () => {
  it('writes one embedded-metric-format line for the deployed stage (middy middleware)', async () => {
    const { METRICS, metricsMiddleware, recordMetric } = await loadAt('prod');
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(1_764_000_000_000);
    const handler = middy(async () => {
      recordMetric(METRICS.names.inquiryReceived);
      return 'ok';
    }).use(metricsMiddleware());
    const out = await captureStdout(() => handler({}, context));
    expect(out.endsWith('\n')).toBe(true);
    expect(out.trimEnd().split('\n')).toHaveLength(1);
    expect(JSON.parse(out)).toEqual(emf('InquiryReceived', 1));
  });

  it('flushes what was counted before the handler failed', async () => {
    const { METRICS, metricsMiddleware, recordMetric } = await loadAt('prod');
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(1_764_000_000_000);
    const handler = middy(async () => {
      recordMetric(METRICS.names.emailFailed);
      throw new Error('SES refused');
    }).use(metricsMiddleware());
    let thrown: unknown;
    const out = await captureStdout(() => handler({}, context).catch((error) => (thrown = error)));
    expect(thrown).toBeInstanceOf(Error);
    expect(JSON.parse(out)).toEqual(emf('EmailFailed', 1));
  });

  it('counts every email of a stream batch in the one line (withMetrics)', async () => {
    const { METRICS, recordMetric, withMetrics } = await loadAt('prod');
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(1_764_000_000_000);
    const handler = withMetrics(async (emails: number) => {
      for (let i = 0; i < emails; i++) recordMetric(METRICS.names.emailSent);
      return emails;
    });
    const out = await captureStdout(async () => expect(await handler(3)).toBe(3));
    expect(out.trimEnd().split('\n')).toHaveLength(1);
    // EMF's list of values: CloudWatch records each as one data point, so the hour's Sum is 3.
    expect(JSON.parse(out)).toEqual(emf('EmailSent', [1, 1, 1]));
  });

  it('writes nothing, and warns of nothing, for an invocation that counted nothing', async () => {
    const { metricsMiddleware } = await loadAt('prod');
    const handler = middy(async () => 'ok').use(metricsMiddleware());
    const warn = vi.spyOn(console, 'warn');
    expect(await captureStdout(() => handler({}, context))).toBe('');
    expect(warn).not.toHaveBeenCalled();
  });

  it.each([['local'], ['']])('stays silent on the local stack (STAGE=%j)', async (stage) => {
    const { METRICS, metricsMiddleware, recordMetric, withMetrics } = await loadAt(stage);
    const viaMiddy = middy(async () => recordMetric(METRICS.names.bookingCreated)).use(metricsMiddleware());
    const viaWrapper = withMetrics(async () => recordMetric(METRICS.names.emailSent));
    expect(await captureStdout(() => viaMiddy({}, context))).toBe('');
    expect(await captureStdout(() => viaWrapper())).toBe('');
  });
});

describe('a route built by httpRoute', () => {
  /** GET /v1/count on a fresh container at `stage`: counts a booking, then answers or fails. */
  async function countingRoute(stage: string, fail: boolean) {
    const { METRICS, recordMetric } = await loadAt(stage);
    // Imported after loadAt so that the composer and this test share the container's metrics.
    const [{ httpRoute }, { defineRoute }, { json }, { useClinicConfig }, { loadClinicConfigFile }, errors] =
      await Promise.all([
        import('../../../shared/adapters/http/route.ts'),
        import('../../../shared/adapters/http/route-record.ts'),
        import('../../../shared/adapters/http/responses.ts'),
        import('../../../shared/config/runtime.ts'),
        import('../../../shared/config/load.ts'),
        import('../../../shared/core/errors.ts'),
      ]);
    useClinicConfig(loadClinicConfigFile('config/dev.json'));
    const record = defineRoute({
      id: 'Count',
      method: 'GET',
      path: '/v1/count',
      entry: 'functions/health.ts',
      table: 'none',
      auth: 'public',
      request: () => ({}),
      responses: {},
      docs: {
        operationId: 'count',
        summary: 'Count',
        description: 'Count',
        tags: ['Platform'],
        problems: [],
      },
    });
    return httpRoute(record, async () => {
      recordMetric(METRICS.names.bookingCreated);
      if (fail) throw new errors.NotFoundError();
      return json(200, { ok: true });
    });
  }

  const emfLines = (out: string) =>
    out
      .split('\n')
      .filter((line) => line.includes('"_aws"'))
      .map((line) => JSON.parse(line));

  it.each([
    ['answers', false, 200],
    ['fails with a problem', true, 404],
  ])('that counts and %s writes the count as one EMF line', async (_, fail, status) => {
    const handler = await countingRoute('prod', fail);
    let response: { statusCode: number } | undefined;
    const out = await captureStdout(async () => {
      response = await handler(apiEvent({ path: '/v1/count' }), lambdaContext());
    });
    expect(response?.statusCode).toBe(status);
    const [line, ...more] = emfLines(out);
    expect(more).toEqual([]);
    expect(line).toMatchObject({
      _aws: { CloudWatchMetrics: [{ Namespace: 'ClinicFrontDoor', Dimensions: [['stage']] }] },
      stage: 'prod',
      BookingCreated: 1,
    });
  });

  it('writes no EMF line on the local stack', async () => {
    const handler = await countingRoute('local', false);
    const out = await captureStdout(() => handler(apiEvent({ path: '/v1/count' }), lambdaContext()));
    expect(emfLines(out)).toEqual([]);
  });
});
