// What a deployment with `captcha` (Cloudflare Turnstile) needs from IAM: the form functions read
// the secret key from SSM Parameter Store (or a Secrets Manager secret through SSM's reference
// path), that one parameter and nothing else (docs/deploy.md "CAPTCHA (Turnstile)").
import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import type { CaptchaConfig } from '../../shared/core/config/schema.ts';

/** The route ids each `captcha.routes` entry guards. */
export const CAPTCHA_ROUTE_IDS: Readonly<Record<CaptchaConfig['routes'][number], string>> = {
  inquiries: 'CreateInquiry',
  bookings: 'CreateBooking',
};

const SECRETS_MANAGER_REFERENCE = '/aws/reference/secretsmanager/';

/** The statements that let a form function read the Turnstile secret, and only it. */
export function captchaSecretStatements(scope: Construct, captcha: CaptchaConfig): iam.PolicyStatement[] {
  const { region, account, partition } = Stack.of(scope);
  const name = captcha.secretParameterName;
  const parameterArn = name.startsWith('arn:')
    ? name
    : `arn:${partition}:ssm:${region}:${account}:parameter${name.startsWith('/') ? '' : '/'}${name}`;
  const statements = [
    new iam.PolicyStatement({
      sid: 'ReadTurnstileSecret',
      actions: ['ssm:GetParameter'],
      resources: [parameterArn],
    }),
  ];
  const reference = name.indexOf(SECRETS_MANAGER_REFERENCE);
  if (reference >= 0) {
    const secret = name.slice(reference + SECRETS_MANAGER_REFERENCE.length);
    statements.push(
      new iam.PolicyStatement({
        sid: 'ReadTurnstileSecretValue',
        actions: ['secretsmanager:GetSecretValue'],
        // Secrets Manager appends six random characters to a secret's ARN.
        resources: [`arn:${partition}:secretsmanager:${region}:${account}:secret:${secret}-??????`],
      }),
    );
  }
  return statements;
}
