// The SES client, created once per container; only the notifier sends email. SES_ENDPOINT points
// it at the local SES emulator; in Lambda it is unset and the regional endpoint applies.

import { optionalEnv } from '../../platform/env.ts';
import { SESClient } from './wire-client.ts';

export const ses = new SESClient({
  region: optionalEnv('AWS_REGION') ?? 'us-east-1',
  endpoint: optionalEnv('SES_ENDPOINT'),
  maxAttempts: 2,
});
