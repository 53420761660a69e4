// The SSM Parameter Store client, created once per container; only the functions that verify a
// CAPTCHA load it, and only when they first need the secret (see ../turnstile/secret.ts).
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { optionalEnv } from '../../platform/env.ts';

const ssm = new SSMClient({ region: optionalEnv('AWS_REGION') ?? 'us-east-1', maxAttempts: 3 });

/**
 * A SecureString parameter's value, decrypted. `/aws/reference/secretsmanager/NAME` reads the
 * Secrets Manager secret NAME through the same call, so one client serves both stores.
 */
export async function secureParameter(name: string): Promise<string> {
  const result = await ssm.send(new GetParameterCommand({ Name: name, WithDecryption: true }));
  const value = result.Parameter?.Value;
  if (!value) throw new Error('The CAPTCHA secret parameter has no value');
  return value;
}
