// The alarms of the synthesized app: every one, in every stack (and whatever alarms later changes
// add), names its runbook section in docs/deploy.md, and that section exists; and the alarms of
// round 2 (latency of public routes, runs near the timeout, the table, dead letters) watch what
// they say, and are on the dashboard. Functions are not bundled here: the templates are the subject.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ALARM_THRESHOLDS,
  RUNBOOK,
  RUNBOOK_DOCUMENT,
  runbookReference,
  TABLE_OPERATIONS,
} from '../../infra/constructs/alarms.ts';
import { ALARMS_PER_STATUS_WIDGET } from '../../infra/constructs/dashboard.ts';
import { REPOSITORY_ROOT } from '../../infra/support/config.ts';
import { NOTIFIER, ROUTES } from '../../shared/adapters/http/routes/index.ts';
import { allTemplates, type Synthesized, synthesize } from './synth.ts';

// biome-ignore lint/suspicious/noExplicitAny: synthesized CloudFormation is untyped JSON; the assertions check its shape.
type Json = any;

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    const heading = fenced ? null : /^#{1,6}\s+(.+?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const text = (heading[1] as string).replace(/`/g, '').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');
    const slug = text
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}

const runbook = headingAnchors(readFileSync(join(REPOSITORY_ROOT, RUNBOOK_DOCUMENT), 'utf8'));
const REFERENCE = /Runbook: docs\/deploy\.md#([a-z0-9_-]+)$/;

function alarmsOf(template: Template): [string, Json][] {
  return Object.entries(template.findResources('AWS::CloudWatch::Alarm'));
}

function alarmNamed(s: Synthesized, name: string): Json {
  const found = alarmsOf(s.stateless).filter(
    ([, a]) => a.Properties.AlarmName === `ClinicFrontDoor-${s.stage}-${name}`,
  );
  expect(found, name).toHaveLength(1);
  return (found[0] as [string, Json])[1].Properties;
}

function functionId(s: Synthesized, description: string): string {
  const found = Object.entries(s.stateless.findResources('AWS::Lambda::Function')).filter(
    ([, fn]) => fn.Properties.Description === description,
  );
  expect(found, description).toHaveLength(1);
  return (found[0] as [string, Json])[0];
}

let prod: Synthesized;
let dev: Synthesized;
beforeAll(() => {
  prod = synthesize('prod', { bundle: false });
  dev = synthesize('dev', { bundle: false });
}, 240_000);

describe('the runbook check', () => {
  it('reads heading anchors the way GitHub writes them', () => {
    const anchors = headingAnchors(
      [
        '## 2. Bootstrap (once per account and region)',
        '### Alarm: SES bounce rate',
        '```sh',
        '# not a heading',
        '```',
        '### Alarm: SES bounce rate',
        '## `cdk-nag` acknowledgements',
      ].join('\n'),
    );
    expect([...anchors]).toEqual([
      '2-bootstrap-once-per-account-and-region',
      'alarm-ses-bounce-rate',
      'alarm-ses-bounce-rate-1',
      'cdk-nag-acknowledgements',
    ]);
  });

  it('finds each anchor the alarms use among the sections of docs/deploy.md', () => {
    for (const anchor of Object.values(RUNBOOK)) expect(runbook, anchor).toContain(anchor);
    expect(runbook).not.toContain('alarm-that-no-section-describes');
  });
});

describe.each(['prod', 'dev'])('every alarm of stage %s', (stage) => {
  it('names a section of docs/deploy.md that exists, at the end of its description', () => {
    const s = stage === 'prod' ? prod : dev;
    const alarms = allTemplates(s).flatMap(([path, template]) =>
      alarmsOf(template).map(([id, alarm]) => ({ where: `${path} ${id}`, alarm: alarm.Properties })),
    );
    // Not a vacuous check: three alarms per function at least.
    expect(alarms.length).toBeGreaterThanOrEqual((ROUTES.length + 1) * 3);
    for (const { where, alarm } of alarms) {
      expect(typeof alarm.AlarmDescription, `${where} has a plain-text description`).toBe('string');
      const anchor = REFERENCE.exec(alarm.AlarmDescription)?.[1];
      expect(
        anchor,
        `${where}: "${alarm.AlarmDescription}" ends with "${runbookReference('…')}"`,
      ).toBeDefined();
      expect(runbook, `${where} names #${anchor}, a heading of ${RUNBOOK_DOCUMENT}`).toContain(anchor);
      // Alarm emails show the description; CloudWatch refuses more than 1024 characters.
      expect(alarm.AlarmDescription.length).toBeLessThanOrEqual(1024);
    }
  });
});

describe('the round-2 alarms', () => {
  const notifies = (alarm: Json) => {
    expect(alarm.AlarmActions).toHaveLength(1);
    expect(alarm.OKActions).toEqual(alarm.AlarmActions);
    expect(alarm.TreatMissingData).toBe('notBreaching');
  };

  it.each([
    ...ROUTES.map((route) => [route.id, route.timeoutSeconds ?? 10] as const),
    [NOTIFIER.id, NOTIFIER.timeoutSeconds] as const,
  ])('fire when a run of %s takes 80% of its %d-second timeout', (id, timeoutSeconds) => {
    const route = ROUTES.find((r) => r.id === id);
    const fnId = functionId(
      prod,
      route ? `${route.method} ${route.path} (prod)` : "Sends the emails the table's changes call for (prod)",
    );
    const alarm = alarmNamed(prod, `${id}DurationNearTimeout`);
    expect(alarm).toMatchObject({
      Namespace: 'AWS/Lambda',
      MetricName: 'Duration',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: fnId } }],
      Statistic: 'Maximum',
      Period: 300,
      Threshold: timeoutSeconds * 1000 * ALARM_THRESHOLDS.durationShareOfTimeout,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      EvaluationPeriods: 1,
    });
    expect(alarm.AlarmDescription).toContain(runbookReference(RUNBOOK.functionDurationNearTimeout));
    notifies(alarm);
  });

  it('watch the p99 duration of every public route, and of no staff route', () => {
    for (const route of ROUTES) {
      const found = alarmsOf(prod.stateless).filter(
        ([, a]) => a.Properties.AlarmName === `ClinicFrontDoor-prod-${route.id}LatencyP99`,
      );
      expect(found, route.id).toHaveLength(route.auth === 'public' ? 1 : 0);
      if (route.auth !== 'public') continue;
      const alarm = (found[0] as [string, Json])[1].Properties;
      expect(alarm).toMatchObject({
        MetricName: 'Duration',
        Dimensions: [
          { Name: 'FunctionName', Value: { Ref: functionId(prod, `${route.method} ${route.path} (prod)`) } },
        ],
        ExtendedStatistic: 'p99',
        Threshold: ALARM_THRESHOLDS.routeLatencyP99.toMilliseconds(),
        EvaluationPeriods: 3,
        DatapointsToAlarm: 2,
      });
      expect(alarm.AlarmDescription).toContain(runbookReference(RUNBOOK.routeLatency));
      notifies(alarm);
    }
  });

  function metricsOf(alarm: Json): { expression: string; stats: Json[] } {
    const metrics = alarm.Metrics as Json[];
    const expression = metrics.find((m) => m.ReturnData !== false && m.Expression)?.Expression as string;
    return {
      expression,
      stats: metrics.filter((m) => m.MetricStat).map((m) => ({ id: m.Id, ...m.MetricStat.Metric })),
    };
  }

  it('watch throttled reads and writes of the table and its index, summed so that a gap in one metric hides nothing', () => {
    const alarm = alarmNamed(prod, 'TableThrottles');
    const { expression, stats } = metricsOf(alarm);
    expect(expression).toBe(`SUM([${stats.map((m) => m.id).join(', ')}])`);
    const seen = stats.map((m) => [
      m.MetricName,
      (m.Dimensions as Json[]).find((d) => d.Name === 'GlobalSecondaryIndexName')?.Value ?? 'table',
    ]);
    expect(seen).toEqual(
      expect.arrayContaining([
        ['ReadThrottleEvents', 'table'],
        ['WriteThrottleEvents', 'table'],
        ['ReadThrottleEvents', 'gsi1'],
        ['WriteThrottleEvents', 'gsi1'],
      ]),
    );
    for (const m of stats) {
      expect(m.Namespace).toBe('AWS/DynamoDB');
      expect(JSON.stringify(m.Dimensions)).toContain('"TableName"');
    }
    expect(alarm).toMatchObject({ Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
    expect(alarm.AlarmDescription).toContain(runbookReference(RUNBOOK.tableThrottles));
    notifies(alarm);
  });

  it('watch DynamoDB system errors of every operation the app calls (at most 10 metrics, as alarms allow)', () => {
    const alarm = alarmNamed(prod, 'TableSystemErrors');
    const { expression, stats } = metricsOf(alarm);
    expect(expression).toBe(`SUM([${stats.map((m) => m.id).join(', ')}])`);
    expect(stats.length).toBeLessThanOrEqual(10);
    expect(
      stats.map((m) => {
        expect(m.MetricName).toBe('SystemErrors');
        return (m.Dimensions as Json[]).find((d) => d.Name === 'Operation')?.Value;
      }),
    ).toEqual([...TABLE_OPERATIONS]);
    expect(alarm.AlarmDescription).toContain(runbookReference(RUNBOOK.tableSystemErrors));
    notifies(alarm);
  });

  it('fire on a message waiting in the dead-letter queue', () => {
    const alarm = alarmNamed(prod, 'NotifierDeadLetters');
    expect(alarm).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 1,
    });
    expect(alarm.AlarmDescription).toContain(runbookReference(RUNBOOK.deadLetters));
  });
});

describe('the dashboard', () => {
  function body(s: Synthesized): string {
    const dashboards = Object.values(s.stateless.findResources('AWS::CloudWatch::Dashboard'));
    expect(dashboards).toHaveLength(1);
    return JSON.stringify((dashboards[0] as Json).Properties.DashboardBody);
  }

  it('shows the state of every alarm, in widgets CloudWatch can draw', () => {
    for (const s of [prod, dev]) {
      const text = body(s);
      const alarms = alarmsOf(s.stateless);
      for (const [id] of alarms) expect(text, id).toContain(`"${id}","Arn"`);
      const widgets = (text.match(/\\"type\\":\\"alarm\\"/g) ?? []).length;
      expect(widgets).toBe(Math.ceil(alarms.length / ALARMS_PER_STATUS_WIDGET));
    }
  });

  it('graphs public route latency, runs against the timeout, the table and dead-letter alarms, and the API', () => {
    const text = body(prod);
    expect(text).toContain('Public routes: p99 duration (ms)');
    expect(text).toContain('Longest run, % of the timeout');
    expect(text).toContain('\\"stat\\":\\"p99\\"');
    for (const name of ['TableThrottles', 'TableSystemErrors', 'NotifierDeadLetters']) {
      expect(text).toContain(`\\"title\\":\\"${name} (alarm at its threshold)\\"`);
    }
    expect(text).toContain('\\"AWS/ApiGateway\\"');
  });

  it('graphs CloudFront and AWS WAF from us-east-1 when they are in front, and not otherwise', () => {
    const [distributionId] = Object.keys(prod.stateless.findResources('AWS::CloudFront::Distribution'));
    const text = body(prod);
    expect(text).toContain(`{"Ref":"${distributionId}"}`);
    expect(text).toContain('\\"AWS/CloudFront\\"');
    expect(text).toMatch(
      /SEARCH\('Namespace=\W+AWS\/WAFV2\W+ MetricName=\W+BlockedRequests\W+ WebACL=\W+ClinicFrontDoor-prod/,
    );
    expect(text).toContain('\\"region\\":\\"us-east-1\\"');
    expect(body(dev)).not.toContain('AWS/CloudFront');
  });
});
