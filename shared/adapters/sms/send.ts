// One text through AWS End User Messaging SMS (SendTextMessage), and what its answer means for
// the outbox: sent, refused for good (the number opted out, or the request can never be valid),
// or thrown, for the caller to retry. The destination number never reaches a log or an error
// recorded here: only the service's error name and its reason code do.

import type { SmsConfig } from '../../core/config/schema.ts';
import type { OutgoingText } from '../../core/messages/message.ts';
import {
  ConflictException,
  type PinpointSMSVoiceV2Client,
  SendTextMessageCommand,
  ValidationException,
} from './wire-client.ts';

/** What sending a text needs: the client and the deployment's sender. */
export interface TextChannel {
  readonly client: PinpointSMSVoiceV2Client;
  /** The phone number, pool or sender id (its id or ARN) the texts come from (`sms.originationIdentity`). */
  readonly originationIdentity: string;
  /** An End User Messaging configuration set, for delivery events; none when absent. */
  readonly configurationSetName?: string;
}

/** The channel of a deployment, or undefined when it sends no texts (no `sms` config or no client). */
export function textChannel(
  config: SmsConfig | undefined,
  client: PinpointSMSVoiceV2Client | undefined,
  configurationSetName?: string,
): TextChannel | undefined {
  if (!config || !client) return undefined;
  return {
    client,
    originationIdentity: config.originationIdentity,
    ...(configurationSetName ? { configurationSetName } : {}),
  };
}

/** Why a text was refused for good: the number opted out (STOP), or the request can never be accepted. */
export type TextRefusal = 'opted_out' | 'invalid';

export type TextSendResult =
  | { readonly status: 'sent'; readonly messageId?: string }
  | { readonly status: 'refused'; readonly error: TextRefusal; readonly reason?: string };

export const OPTED_OUT_REASON = 'DESTINATION_PHONE_NUMBER_OPTED_OUT';

/**
 * Sends `text` once. A destination that opted out (ConflictException with reason
 * DESTINATION_PHONE_NUMBER_OPTED_OUT) and a ValidationException are answered as refusals, since no
 * retry can change them; every other error is thrown as the SDK raised it.
 */
export async function sendText(channel: TextChannel, text: OutgoingText): Promise<TextSendResult> {
  try {
    const result = await channel.client.send(
      new SendTextMessageCommand({
        DestinationPhoneNumber: text.to,
        OriginationIdentity: channel.originationIdentity,
        MessageBody: text.body,
        MessageType: 'TRANSACTIONAL',
        ...(channel.configurationSetName ? { ConfigurationSetName: channel.configurationSetName } : {}),
      }),
    );
    return { status: 'sent', ...(result.MessageId ? { messageId: result.MessageId } : {}) };
  } catch (error) {
    if (error instanceof ConflictException && error.Reason === OPTED_OUT_REASON) {
      return { status: 'refused', error: 'opted_out', reason: error.Reason };
    }
    if (error instanceof ValidationException) {
      return { status: 'refused', error: 'invalid', ...(error.Reason ? { reason: error.Reason } : {}) };
    }
    throw error;
  }
}
