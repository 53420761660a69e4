// The End User Messaging SMS client, created once per container; only the functions that send
// texts import it. SMS_ENDPOINT points it at the local SMS sink (local/sms-sink.ts); in Lambda it
// is unset and the regional endpoint applies.

import { optionalEnv } from '../../platform/env.ts';
import { PinpointSMSVoiceV2Client } from './wire-client.ts';

export const sms = new PinpointSMSVoiceV2Client({
  region: optionalEnv('AWS_REGION') ?? 'us-east-1',
  endpoint: optionalEnv('SMS_ENDPOINT'),
  maxAttempts: 2,
});
