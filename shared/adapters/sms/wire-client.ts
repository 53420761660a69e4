// The functions' End User Messaging SMS client: SendTextMessage with the SDK v3 client's names and
// shapes, over our AWS client (../aws/json-client.ts, JSON 1.0), so the bundles that text carry none
// of the SDK. The tests and the local stack run it against the SMS sink (local/sms-sink.ts).
import type {
  SendTextMessageCommandInput,
  SendTextMessageCommandOutput,
} from '@aws-sdk/client-pinpoint-sms-voice-v2';
import {
  AwsCommand,
  type AwsJsonClientConfig,
  AwsServiceClient,
  AwsServiceException,
} from '../aws/json-client.ts';

export class SendTextMessageCommand extends AwsCommand<
  SendTextMessageCommandInput,
  SendTextMessageCommandOutput
> {
  readonly operation = 'SendTextMessage';
}

/** An error the service answered, named as the SDK names it, with its reason code. */
export class PinpointSMSVoiceV2ServiceException extends AwsServiceException {
  /** `DESTINATION_PHONE_NUMBER_OPTED_OUT`, a validation reason, …: the one field of the answer kept. */
  Reason?: string;
}
export class ConflictException extends PinpointSMSVoiceV2ServiceException {}
export class ValidationException extends PinpointSMSVoiceV2ServiceException {}

export class PinpointSMSVoiceV2Client extends AwsServiceClient {
  constructor(config: AwsJsonClientConfig) {
    super(
      {
        signingName: 'sms-voice',
        targetPrefix: 'PinpointSMSVoiceV2',
        jsonVersion: '1.0',
        exceptions: { ConflictException, ValidationException },
        base: PinpointSMSVoiceV2ServiceException,
        errorFields: (error, answer) => {
          if (error instanceof PinpointSMSVoiceV2ServiceException && typeof answer.Reason === 'string') {
            error.Reason = answer.Reason;
          }
        },
      },
      config,
    );
  }

  async send(command: SendTextMessageCommand): Promise<SendTextMessageCommandOutput> {
    return this.client.call<SendTextMessageCommandOutput>(command.operation, command.input);
  }
}
