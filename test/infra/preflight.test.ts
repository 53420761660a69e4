// `npm run preflight`: the verdicts it draws from what AWS answers, and how it fails without
// credentials (plainly, no stack trace). No AWS account exists here, so the AWS answers are facts
// written out in the test; the run without credentials is the real script.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Check, evaluate, type PreflightFacts, render } from '../../infra/preflight.ts';
import { REPOSITORY_ROOT } from '../../infra/support/config.ts';

type AwsFacts = NonNullable<PreflightFacts['aws']>;

function facts(aws: Partial<AwsFacts> = {}, rest: Partial<PreflightFacts> = {}): PreflightFacts {
  return {
    stage: 'prod',
    configPath: 'config/prod.json',
    config: { domain: 'clinic.example', staff: ['desk@clinic.example'], alarmEmail: 'it@clinic.example' },
    aws: {
      account: '123456789012',
      principal: 'arn:aws:sts::123456789012:assumed-role/Ops/jo',
      region: 'eu-west-1',
      bootstrap: { value: { status: 'UPDATE_COMPLETE', version: 28 } },
      stack: { value: { status: 'UPDATE_COMPLETE' } },
      sesAccount: {
        value: {
          productionAccess: true,
          sendingEnabled: true,
          enforcementStatus: 'HEALTHY',
          max24HourSend: 50_000,
        },
      },
      domainIdentity: { value: { verifiedForSending: true, dkimStatus: 'SUCCESS' } },
      staffVerified: { value: {} },
      ...aws,
    },
    ...rest,
  };
}

function verdictOf(checks: Check[], title: string): Check {
  const check = checks.find((c) => c.title === title);
  expect(check, `a check named ${title}`).toBeDefined();
  return check as Check;
}

describe('preflight verdicts', () => {
  it('are all ok for a bootstrapped account out of the sandbox with a verified domain', () => {
    const checks = evaluate(facts());
    expect(checks.filter((c) => c.verdict !== 'ok')).toEqual([]);
    expect(render(facts(), checks)).toMatch(/Ready: npx cdk deploy -c stage=prod$/);
  });

  it('say how to bootstrap when CDKToolkit is missing or too old', () => {
    const missing = verdictOf(evaluate(facts({ bootstrap: { value: undefined } })), 'CDK bootstrap');
    expect(missing).toMatchObject({ verdict: 'fail' });
    expect(missing.detail).toContain('npx cdk bootstrap aws://123456789012/eu-west-1');
    const old = verdictOf(
      evaluate(facts({ bootstrap: { value: { status: 'CREATE_COMPLETE', version: 4 } } })),
      'CDK bootstrap',
    );
    expect(old).toMatchObject({ verdict: 'fail' });
  });

  it('fail while the account is in the SES sandbox, pointing at the guide', () => {
    const sandbox = facts({
      sesAccount: {
        value: {
          productionAccess: false,
          sendingEnabled: true,
          enforcementStatus: 'HEALTHY',
          max24HourSend: 200,
        },
      },
      staffVerified: { value: { 'desk@clinic.example': false } },
    });
    const checks = evaluate(sandbox);
    expect(verdictOf(checks, 'SES production access')).toMatchObject({ verdict: 'fail' });
    expect(verdictOf(checks, 'SES production access').detail).toContain('Leaving the SES sandbox');
    expect(verdictOf(checks, 'Staff addresses')).toMatchObject({ verdict: 'warn' });
    expect(verdictOf(checks, 'Staff addresses').detail).toContain('desk@clinic.example');
    expect(render(sandbox, checks)).toMatch(/Not ready: 1 problem to fix/);
  });

  it('fail when the account is under SES review', () => {
    const checks = evaluate(
      facts({
        sesAccount: {
          value: {
            productionAccess: true,
            sendingEnabled: true,
            enforcementStatus: 'PROBATION',
            max24HourSend: 50_000,
          },
        },
      }),
    );
    expect(verdictOf(checks, 'SES sending')).toMatchObject({ verdict: 'fail' });
  });

  it('accept a domain not yet in SES before the first deploy, and refuse one that already exists', () => {
    const first = { stack: { value: undefined } };
    const created = verdictOf(
      evaluate(facts({ ...first, domainIdentity: { value: undefined } })),
      'SES identity clinic.example',
    );
    expect(created).toMatchObject({ verdict: 'ok' });
    expect(created.detail).toContain('DKIM CNAME');
    const clash = verdictOf(evaluate(facts(first)), 'SES identity clinic.example');
    expect(clash).toMatchObject({ verdict: 'fail' });
    expect(clash.detail).toContain('already exists');
  });

  it('fail on an unverified domain after the deploy, saying to publish the DKIM records', () => {
    const check = verdictOf(
      evaluate(facts({ domainIdentity: { value: { verifiedForSending: false, dkimStatus: 'PENDING' } } })),
      'SES identity clinic.example',
    );
    expect(check).toMatchObject({ verdict: 'fail' });
    expect(check.detail).toContain('SesDkimRecord');
  });

  it('fail on a stack whose first deploy rolled back', () => {
    const check = verdictOf(evaluate(facts({ stack: { value: { status: 'ROLLBACK_COMPLETE' } } })), 'Stack');
    expect(check).toMatchObject({ verdict: 'fail' });
    expect(check.detail).toContain('delete it');
  });

  it('warn, naming the permission, when a question was refused', () => {
    const check = verdictOf(
      evaluate(facts({ sesAccount: { error: 'AccessDeniedException' } })),
      'SES account',
    );
    expect(check).toMatchObject({ verdict: 'warn' });
    expect(check.detail).toContain('ses:GetAccount');
  });

  it('list the problems of an invalid config and warn without an alarm email', () => {
    const invalid = evaluate(
      facts({}, { config: { problems: ['clinic.timeZone: is not an IANA time zone'] } }),
    );
    expect(verdictOf(invalid, 'Clinic config')).toMatchObject({ verdict: 'fail' });
    expect(verdictOf(invalid, 'Clinic config').detail).toContain('clinic.timeZone');
    const quiet = evaluate(
      facts({}, { config: { domain: 'clinic.example', staff: [], alarmEmail: undefined } }),
    );
    expect(verdictOf(quiet, 'Alarm email')).toMatchObject({ verdict: 'warn' });
  });
});

describe('npm run preflight', () => {
  it('says plainly that there are no credentials, with no stack trace, and exits 1', () => {
    const scratch = mkdtempSync(join(tmpdir(), 'cfd-preflight-'));
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const name of Object.keys(env)) if (name.startsWith('AWS_')) delete env[name];
    const result = spawnSync('npx', ['tsx', 'scripts/preflight.ts', '--stage', 'prod'], {
      cwd: REPOSITORY_ROOT,
      env: {
        ...env,
        // No profile files and no instance metadata: the machine has no way to find credentials.
        AWS_CONFIG_FILE: join(scratch, 'none'),
        AWS_SHARED_CREDENTIALS_FILE: join(scratch, 'none'),
        AWS_EC2_METADATA_DISABLED: 'true',
      },
      encoding: 'utf8',
      timeout: 60_000,
    });
    const output = `${result.stdout}\n${result.stderr}`;
    expect(result.status, output).toBe(1);
    expect(output).toContain('✔ Clinic config: config/prod.json is valid');
    expect(output).toContain('no AWS credentials found');
    expect(output).toContain('aws sso login');
    expect(output).toContain('Not ready');
    expect(output).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  }, 60_000);
});
