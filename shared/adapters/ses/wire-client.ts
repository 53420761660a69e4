// The notifier's SES client: SendRawEmail (SES v1, the Query protocol: form fields in, XML out)
// with the SDK v3 client's names and shapes, over our AWS client (../aws/json-client.ts), so the
// notifier carries none of the SDK. The tests and the local stack run it against the SES emulator
// (aws-ses-v2-local), and the outage stand-ins answer it with SES's XML errors.
import type { SendRawEmailCommandInput, SendRawEmailCommandOutput } from '@aws-sdk/client-ses';
import {
  AwsCommand,
  type AwsJsonClientConfig,
  AwsServiceClient,
  AwsServiceException,
  xmlText,
} from '../aws/json-client.ts';

export class SendRawEmailCommand extends AwsCommand<SendRawEmailCommandInput, SendRawEmailCommandOutput> {
  readonly operation = 'SendRawEmail';
}

/** An error SES answered, named by its code as the SDK names it (`Throttling`, `MessageRejected`, …). */
export class SESServiceException extends AwsServiceException {}

/** SendRawEmail's input as the Query protocol's form fields (the ones this project sends). */
function formFields(input: SendRawEmailCommandInput): Record<string, string> {
  const data = input.RawMessage?.Data;
  if (!data) throw new Error('SendRawEmail: RawMessage.Data is required');
  const fields: Record<string, string> = { 'RawMessage.Data': Buffer.from(data).toString('base64') };
  if (input.ConfigurationSetName) fields.ConfigurationSetName = input.ConfigurationSetName;
  if (input.Source) fields.Source = input.Source;
  for (const [index, destination] of (input.Destinations ?? []).entries()) {
    fields[`Destinations.member.${index + 1}`] = destination;
  }
  return fields;
}

export class SESClient extends AwsServiceClient {
  constructor(config: AwsJsonClientConfig) {
    super(
      {
        signingName: 'ses',
        endpointPrefix: 'email',
        query: {
          version: '2010-12-01',
          decode: (_operation, xml) => {
            const messageId = xmlText(xml, 'MessageId');
            return messageId ? { MessageId: messageId } : {};
          },
        },
        exceptions: {},
        base: SESServiceException,
      },
      config,
    );
  }

  async send(command: SendRawEmailCommand): Promise<SendRawEmailCommandOutput> {
    return this.client.call<SendRawEmailCommandOutput>(command.operation, formFields(command.input));
  }
}
