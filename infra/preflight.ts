// What can be known before `cdk deploy` with the credentials at hand: who and where we are, whether
// the account is bootstrapped and out of the SES sandbox, whether the sending domain is verified
// (or would clash with the stack), and the stack's state. Facts are gathered once from AWS; the
// verdicts are a pure function of them (tested without AWS).
import { relative } from 'node:path';
import { CloudFormationClient, DescribeStacksCommand, type Stack } from '@aws-sdk/client-cloudformation';
import { GetAccountCommand, GetEmailIdentityCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { ClinicConfigError } from '../shared/config/load.ts';
import {
  checkStage,
  isUserFacingError,
  loadStageConfig,
  senderDomain,
  stackName,
  stageConfigPath,
} from './support/config.ts';

/** The default synthesizer's templates refuse to deploy into an older bootstrap. */
export const MIN_BOOTSTRAP_VERSION = 6;
export const TOOLKIT_STACK_NAME = 'CDKToolkit';

export type Verdict = 'ok' | 'warn' | 'fail';
export interface Check {
  readonly verdict: Verdict;
  readonly title: string;
  readonly detail: string;
}

/** An AWS answer, or why there is none (a missing resource is an answer: `undefined`). */
export type Answer<T> = { readonly value: T | undefined } | { readonly error: string };

export interface SesAccountFacts {
  readonly productionAccess: boolean;
  readonly sendingEnabled: boolean;
  readonly enforcementStatus: string | undefined;
  readonly max24HourSend: number | undefined;
}

export interface SesIdentityFacts {
  readonly verifiedForSending: boolean;
  readonly dkimStatus: string | undefined;
}

export interface PreflightFacts {
  readonly stage: string;
  readonly configPath: string;
  readonly config:
    | { readonly domain: string; readonly staff: readonly string[]; readonly alarmEmail: string | undefined }
    | { readonly problems: readonly string[] };
  /** Absent when there are no usable credentials or no region: nothing else could be asked. */
  readonly aws?: {
    readonly account: string;
    readonly principal: string;
    readonly region: string;
    readonly bootstrap: Answer<{ readonly status: string; readonly version: number | undefined }>;
    readonly stack: Answer<{ readonly status: string }>;
    readonly sesAccount: Answer<SesAccountFacts>;
    readonly domainIdentity: Answer<SesIdentityFacts>;
    /** Each staff address: verified for sending (itself or through its domain)? Asked only in the sandbox. */
    readonly staffVerified: Answer<Readonly<Record<string, boolean>>>;
  };
  /** Why `aws` is absent. */
  readonly awsProblem?: string;
}

const ok = (title: string, detail: string): Check => ({ verdict: 'ok', title, detail });
const warn = (title: string, detail: string): Check => ({ verdict: 'warn', title, detail });
const fail = (title: string, detail: string): Check => ({ verdict: 'fail', title, detail });

function unknown(title: string, answer: { error: string }, needs: string): Check {
  return warn(title, `could not check (${answer.error}); the credentials need ${needs}`);
}

/** The verdicts, in the order ops would fix them. */
export function evaluate(facts: PreflightFacts): Check[] {
  const checks: Check[] = [];
  const { config, aws } = facts;
  if ('problems' in config) {
    checks.push(
      fail(
        'Clinic config',
        `${facts.configPath} is invalid:\n${config.problems.map((p) => `- ${p}`).join('\n')}`,
      ),
    );
  } else {
    checks.push(ok('Clinic config', `${facts.configPath} is valid; emails are sent from ${config.domain}`));
    if (!config.alarmEmail) {
      checks.push(
        warn(
          'Alarm email',
          'ops.alarmEmail is not set: alarms reach no one until someone subscribes to the topic',
        ),
      );
    }
  }
  if (!aws) {
    checks.push(fail('AWS credentials and region', facts.awsProblem ?? 'unavailable'));
    return checks;
  }
  checks.push(ok('AWS credentials', `${aws.principal} (account ${aws.account})`));
  checks.push(ok('Region', `${aws.region}: the stack deploys here (AWS_REGION or the profile's region)`));

  const bootstrapCommand = `npx cdk bootstrap aws://${aws.account}/${aws.region}`;
  if ('error' in aws.bootstrap)
    checks.push(unknown('CDK bootstrap', aws.bootstrap, 'cloudformation:DescribeStacks'));
  else if (!aws.bootstrap.value) {
    checks.push(
      fail('CDK bootstrap', `${TOOLKIT_STACK_NAME} is not in ${aws.region}: run ${bootstrapCommand}`),
    );
  } else if (
    !/_COMPLETE$/.test(aws.bootstrap.value.status) ||
    /ROLLBACK|DELETE/.test(aws.bootstrap.value.status)
  ) {
    checks.push(
      fail(
        'CDK bootstrap',
        `${TOOLKIT_STACK_NAME} is ${aws.bootstrap.value.status}: fix it, then ${bootstrapCommand}`,
      ),
    );
  } else if ((aws.bootstrap.value.version ?? 0) < MIN_BOOTSTRAP_VERSION) {
    checks.push(
      fail(
        'CDK bootstrap',
        `version ${aws.bootstrap.value.version ?? 'unknown'} is too old: run ${bootstrapCommand}`,
      ),
    );
  } else checks.push(ok('CDK bootstrap', `${TOOLKIT_STACK_NAME} version ${aws.bootstrap.value.version}`));

  const name = stackName(facts.stage);
  let firstDeploy = false;
  if ('error' in aws.stack) checks.push(unknown('Stack', aws.stack, 'cloudformation:DescribeStacks'));
  else if (!aws.stack.value) {
    firstDeploy = true;
    checks.push(ok('Stack', `${name} does not exist yet: this will be its first deploy`));
  } else if (aws.stack.value.status === 'ROLLBACK_COMPLETE') {
    checks.push(
      fail('Stack', `${name} is ROLLBACK_COMPLETE (its first deploy failed): delete it, then deploy again`),
    );
  } else if (/_IN_PROGRESS$/.test(aws.stack.value.status)) {
    checks.push(fail('Stack', `${name} is ${aws.stack.value.status}: wait for it to finish`));
  } else if (/FAILED$/.test(aws.stack.value.status)) {
    checks.push(
      fail('Stack', `${name} is ${aws.stack.value.status}: see its events in the CloudFormation console`),
    );
  } else checks.push(ok('Stack', `${name} is ${aws.stack.value.status}: this deploy updates it`));

  let sandbox = false;
  if ('error' in aws.sesAccount) checks.push(unknown('SES account', aws.sesAccount, 'ses:GetAccount'));
  else if (aws.sesAccount.value) {
    const account = aws.sesAccount.value;
    sandbox = !account.productionAccess;
    if (!account.sendingEnabled) {
      checks.push(
        fail('SES sending', 'sending is disabled for this account in this region: see the SES console'),
      );
    } else if (account.enforcementStatus && account.enforcementStatus !== 'HEALTHY') {
      checks.push(
        fail(
          'SES sending',
          `the account is ${account.enforcementStatus} (AWS review of bounces or complaints)`,
        ),
      );
    } else checks.push(ok('SES sending', 'enabled, account in good standing'));
    checks.push(
      sandbox
        ? fail(
            'SES production access',
            `the account is in the SES sandbox in ${aws.region} (${account.max24HourSend ?? 200} emails a day, verified recipients only): patients would get no confirmation. Request production access (docs/deploy.md, "Leaving the SES sandbox")`,
          )
        : ok('SES production access', `out of the sandbox (${account.max24HourSend ?? '?'} emails a day)`),
    );
  }

  if (!('problems' in config)) {
    const title = `SES identity ${config.domain}`;
    if ('error' in aws.domainIdentity)
      checks.push(unknown(title, aws.domainIdentity, 'ses:GetEmailIdentity'));
    else if (!aws.domainIdentity.value) {
      checks.push(
        firstDeploy
          ? ok(
              title,
              'not in SES yet: the deploy creates it; then publish the three DKIM CNAME records it outputs',
            )
          : fail(
              title,
              `missing although ${name} exists: deploy again to recreate it, then publish the DKIM records`,
            ),
      );
    } else if (firstDeploy) {
      checks.push(
        fail(
          title,
          'already exists in SES outside this stack, so the first deploy would fail to create it: delete it in the SES console (or deploy to another region), then deploy',
        ),
      );
    } else if (!aws.domainIdentity.value.verifiedForSending) {
      checks.push(
        fail(
          title,
          `not verified (DKIM ${aws.domainIdentity.value.dkimStatus ?? 'unknown'}): publish the SesDkimRecord outputs as CNAME records in the domain's DNS; SES checks for 72 hours`,
        ),
      );
    } else checks.push(ok(title, `verified, DKIM ${aws.domainIdentity.value.dkimStatus ?? 'unknown'}`));

    if (sandbox) {
      if ('error' in aws.staffVerified)
        checks.push(unknown('Staff addresses', aws.staffVerified, 'ses:GetEmailIdentity'));
      else {
        const unverified = Object.entries(aws.staffVerified.value ?? {})
          .filter(([, verified]) => !verified)
          .map(([address]) => address);
        checks.push(
          unverified.length === 0
            ? ok('Staff addresses', 'all verified, so staff get emails even in the sandbox')
            : warn(
                'Staff addresses',
                `in the sandbox, these get no email until verified: ${unverified.join(', ')}`,
              ),
        );
      }
    }
  }
  return checks;
}

/** `✔ Title: detail` lines and a last line that says whether to deploy. */
export function render(facts: PreflightFacts, checks: readonly Check[]): string {
  const mark: Record<Verdict, string> = { ok: '✔', warn: '!', fail: '✖' };
  const lines = [`Preflight for stage ${facts.stage}`, ''];
  for (const check of checks) {
    const [first, ...rest] = check.detail.split('\n');
    lines.push(`${mark[check.verdict]} ${check.title}: ${first}`, ...rest.map((line) => `    ${line}`));
  }
  const failures = checks.filter((check) => check.verdict === 'fail').length;
  const warnings = checks.filter((check) => check.verdict === 'warn').length;
  lines.push(
    '',
    failures === 0
      ? `Ready: npx cdk deploy -c stage=${facts.stage}${warnings ? ` (${warnings} warning${warnings > 1 ? 's' : ''} above)` : ''}`
      : `Not ready: ${failures} problem${failures > 1 ? 's' : ''} to fix before npx cdk deploy -c stage=${facts.stage}`,
  );
  return lines.join('\n');
}

function describeError(error: unknown): string {
  const e = error as { name?: string; message?: string; code?: string };
  return [e.name, e.code, e.message].filter(Boolean).join(': ') || String(error);
}

async function ask<T>(question: () => Promise<T | undefined>, isMissing: (error: unknown) => boolean) {
  try {
    return { value: await question() } as Answer<T>;
  } catch (error) {
    if (isMissing(error)) return { value: undefined } as Answer<T>;
    return { error: describeError(error) } as Answer<T>;
  }
}

const notFound = (error: unknown) => (error as { name?: string }).name === 'NotFoundException';
const stackMissing = (error: unknown) =>
  (error as { name?: string }).name === 'ValidationError' &&
  /does not exist/.test(String((error as Error).message));

function stackOf(stacks: Stack[] | undefined) {
  const stack = stacks?.[0];
  if (!stack) return undefined;
  const version = stack.Outputs?.find((output) => output.OutputKey === 'BootstrapVersion')?.OutputValue;
  return {
    status: stack.StackStatus ?? 'UNKNOWN',
    version: version === undefined ? undefined : Number(version),
  };
}

/** Asks AWS (read-only calls) and the config file what `evaluate` needs. */
export async function gatherFacts(options: { stage: string; configPath?: string }): Promise<PreflightFacts> {
  const stage = checkStage(options.stage);
  const configPath = relative(process.cwd(), options.configPath ?? stageConfigPath(stage));
  let config: PreflightFacts['config'];
  try {
    const clinic = loadStageConfig(stage, configPath);
    config = {
      domain: senderDomain(clinic.email.from),
      staff: clinic.email.staff,
      alarmEmail: clinic.ops.alarmEmail,
    };
  } catch (error) {
    if (!(error instanceof ClinicConfigError) && !isUserFacingError(error)) throw error;
    config = { problems: error instanceof ClinicConfigError ? error.problems : [error.message] };
  }
  const base = { stage, configPath, config };

  const sts = new STSClient({ maxAttempts: 2 });
  try {
    await sts.config.credentials();
  } catch (error) {
    return {
      ...base,
      awsProblem: `no AWS credentials found (${describeError(error)}). Sign in first, for example \`aws sso login --profile clinic\` then \`export AWS_PROFILE=clinic\`, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.`,
    };
  }
  let region: string;
  try {
    region = await sts.config.region();
  } catch {
    return {
      ...base,
      awsProblem:
        'no region: set AWS_REGION (or a region in the profile) to the region the clinic deploys to.',
    };
  }
  let identity: { Account?: string; Arn?: string };
  try {
    identity = await sts.send(new GetCallerIdentityCommand({}));
  } catch (error) {
    return {
      ...base,
      awsProblem: `the credentials were refused or AWS could not be reached in ${region} (${describeError(error)}): sign in again or check the network.`,
    };
  }

  const cloudformation = new CloudFormationClient({ region, maxAttempts: 2 });
  const ses = new SESv2Client({ region, maxAttempts: 2 });
  const describeStack = (name: string) =>
    ask(
      async () => stackOf((await cloudformation.send(new DescribeStacksCommand({ StackName: name }))).Stacks),
      stackMissing,
    );
  const emailIdentity = (name: string) =>
    ask<SesIdentityFacts>(async () => {
      const answer = await ses.send(new GetEmailIdentityCommand({ EmailIdentity: name }));
      return {
        verifiedForSending: answer.VerifiedForSendingStatus === true,
        dkimStatus: answer.DkimAttributes?.Status,
      };
    }, notFound);

  const [bootstrap, stack, sesAccount] = await Promise.all([
    describeStack(TOOLKIT_STACK_NAME),
    describeStack(stackName(stage)),
    ask<SesAccountFacts>(
      async () => {
        const account = await ses.send(new GetAccountCommand({}));
        return {
          productionAccess: account.ProductionAccessEnabled === true,
          sendingEnabled: account.SendingEnabled === true,
          enforcementStatus: account.EnforcementStatus,
          max24HourSend: account.SendQuota?.Max24HourSend,
        };
      },
      () => false,
    ),
  ]);
  const domainIdentity: Answer<SesIdentityFacts> =
    'problems' in config ? { value: undefined } : await emailIdentity(config.domain);

  let staffVerified: Answer<Record<string, boolean>> = { value: {} };
  if (
    !('problems' in config) &&
    'value' in sesAccount &&
    sesAccount.value &&
    !sesAccount.value.productionAccess
  ) {
    const verdicts: Record<string, boolean> = {};
    for (const address of config.staff) {
      const own = await emailIdentity(address);
      const domain = await emailIdentity(address.split('@').pop() ?? '');
      if ('error' in own) {
        staffVerified = own;
        break;
      }
      if ('error' in domain) {
        staffVerified = domain;
        break;
      }
      verdicts[address] = own.value?.verifiedForSending === true || domain.value?.verifiedForSending === true;
    }
    if ('value' in staffVerified) staffVerified = { value: verdicts };
  }

  return {
    ...base,
    aws: {
      account: identity.Account ?? 'unknown',
      principal: identity.Arn ?? 'unknown',
      region,
      bootstrap,
      stack,
      sesAccount,
      domainIdentity,
      staffVerified,
    },
  };
}
