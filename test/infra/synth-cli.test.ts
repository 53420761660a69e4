// `npx cdk synth -c stage=…` as ops run it, offline: it succeeds for prod, and a bad stage or
// config file stops it with the validation messages and no stack trace.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/build-app.ts';
import { REPOSITORY_ROOT, StageError } from '../../infra/support/config.ts';
import { ClinicConfigError } from '../../shared/config/load.ts';

// The synthesized app (about 16 MB of assets) and the bad config go here, and go away after the file.
const scratch = mkdtempSync(join(tmpdir(), 'cfd-cli-'));
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
  expect(existsSync(scratch), `${scratch} is left behind`).toBe(false);
});

/** Runs the CDK CLI from the repository with no AWS credentials at all. */
function cdk(args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, CI: 'true', AWS_EC2_METADATA_DISABLED: 'true' };
  for (const name of Object.keys(env))
    if (name.startsWith('AWS_') && name !== 'AWS_EC2_METADATA_DISABLED') delete env[name];
  const result = spawnSync('npx', ['cdk', ...args, '--no-notices'], {
    cwd: REPOSITORY_ROOT,
    env: {
      ...env,
      AWS_CONFIG_FILE: join(scratch, 'none'),
      AWS_SHARED_CREDENTIALS_FILE: join(scratch, 'none'),
    },
    encoding: 'utf8',
    timeout: 200_000,
  });
  return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
}

function badConfig(): string {
  const config = JSON.parse(readFileSync(join(REPOSITORY_ROOT, 'config', 'prod.json'), 'utf8'));
  config.clinic.timeZone = 'Mars/Olympus_Mons';
  config.email.staff = [];
  config.unexpected = true;
  const path = join(scratch, 'bad.json');
  writeFileSync(path, JSON.stringify(config));
  return path;
}

describe('npx cdk synth -c stage=prod', () => {
  it('synthesizes the whole app offline, without credentials', () => {
    const outdir = join(scratch, 'cdk.out');
    const { status, output } = cdk(['synth', '-c', 'stage=prod', '--quiet', '--output', outdir]);
    expect(status, output).toBe(0);
    const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8'));
    expect(Object.keys(manifest.artifacts)).toContain('ClinicFrontDoor-prod');
    expect(existsSync(join(outdir, 'ClinicFrontDoor-prod.template.json'))).toBe(true);
    // config/prod.json has a domain, AWS WAF and a backup copy region: the stacks beside the
    // stage's, in their regions, the distribution and the web ACL.
    expect(manifest.artifacts['ClinicFrontDoor-prod-edge'].environment).toBe('aws://111122223333/us-east-1');
    expect(manifest.artifacts['ClinicFrontDoor-prod-backup-copy'].environment).toBe(
      'aws://111122223333/us-west-2',
    );
    expect(manifest.artifacts['ClinicFrontDoor-prod'].dependencies).toEqual(
      expect.arrayContaining(['ClinicFrontDoor-prod-edge', 'ClinicFrontDoor-prod-backup-copy']),
    );
    const templates = readdirSync(outdir).filter((name) => name.endsWith('.template.json'));
    const all = templates.map((name) => readFileSync(join(outdir, name), 'utf8')).join('\n');
    for (const type of [
      'AWS::CloudFront::Distribution',
      'AWS::WAFv2::WebACL',
      'AWS::ApiGatewayV2::DomainName',
    ]) {
      expect(all).toContain(`"Type": "${type}"`);
    }
  }, 240_000);

  it('stops on a bad config file with every problem listed and no stack trace', () => {
    const { status, output } = cdk(['synth', '-c', 'stage=prod', '-c', `config=${badConfig()}`, '--quiet']);
    expect(status).not.toBe(0);
    expect(output).toContain('Invalid clinic config');
    expect(output).toContain('clinic.timeZone: is not an IANA time zone');
    expect(output).toContain('email.staff: needs at least one address');
    expect(output).toContain('unexpected: unknown key');
    expect(output).not.toMatch(/^\s+at .+\(.+:\d+:\d+\)$/m);
  }, 240_000);

  it('stops on an invalid stage name with a plain message', () => {
    const { status, output } = cdk(['synth', '-c', 'stage=../prod', '--quiet']);
    expect(status).not.toBe(0);
    expect(output).toContain('Invalid stage "../prod": a stage name is 1–20 lower-case letters');
    expect(output).not.toMatch(/^\s+at .+\(.+:\d+:\d+\)$/m);
  }, 240_000);
});

describe('buildApp', () => {
  it('validates the config before creating any stack, listing each problem', () => {
    let error: unknown;
    try {
      buildApp({ stage: 'prod', configPath: badConfig() });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ClinicConfigError);
    expect((error as ClinicConfigError).problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('clinic.timeZone'),
        expect.stringContaining('email.staff'),
        expect.stringContaining('unexpected'),
      ]),
    );
  });

  it('names the missing file of a stage that has no config', () => {
    expect(() => buildApp({ stage: 'staging-nowhere' })).toThrow(
      /config[/\\]staging-nowhere\.json[\s\S]*no such file/,
    );
  });

  it.each([undefined, '', 'Prod', '1prod', 'prod/../dev', 'a'.repeat(21)])(
    'refuses the stage %j',
    (stage) => {
      expect(() => buildApp({ stage: stage as string })).toThrow(StageError);
    },
  );
});
