// The notifier's dispatch by channel where no AWS part is needed: a text planned in a deployment
// that cannot send texts fails at once, by name, before any table or service is touched; and the
// text channel is built from the `sms` config only when there is one. (Sending for real, against
// DynamoDB Local and the SMS sink, is in test/integration/platform/text-outbox.test.ts.)

import { afterAll, describe, expect, it } from 'vitest';
import {
  outboxDelivery,
  TextsNotConfiguredError,
} from '../../../shared/adapters/dynamodb/outbox-delivery.ts';
import type { DynamoDBClient } from '../../../shared/adapters/dynamodb/wire-client.ts';
import type { SESClient } from '../../../shared/adapters/ses/wire-client.ts';
import { textChannel } from '../../../shared/adapters/sms/send.ts';
import { PinpointSMSVoiceV2Client } from '../../../shared/adapters/sms/wire-client.ts';
import type { OutgoingText } from '../../../shared/core/messages/message.ts';

/** Stand-ins that fail the test if used: the point is that nothing is read, sent or recorded. */
function untouchable<T>(name: string, calls: string[]): T {
  return {
    send: async () => {
      calls.push(name);
      throw new Error(`${name} must not be called`);
    },
  } as unknown as T;
}

const text: OutgoingText = {
  channel: 'sms',
  id: 'reminder-1440',
  to: '+12015550123',
  body: 'Riverside Spine: appointment Tue, Dec 1 at 9:00 AM. Reply STOP to opt out',
};

describe('outboxDelivery', () => {
  it('refuses a text when the deployment has no text channel, touching nothing', async () => {
    const calls: string[] = [];
    const delivery = outboxDelivery({
      dynamoDb: untouchable<DynamoDBClient>('DynamoDB', calls),
      ses: untouchable<SESClient>('SES', calls),
      tableName: 'unused',
      from: 'Clinic <appointments@clinic.example>',
    });
    const attempt = delivery.deliver({ pk: 'REMINDER#1', sk: 'R' }, text);
    await expect(attempt).rejects.toBeInstanceOf(TextsNotConfiguredError);
    await expect(attempt).rejects.toMatchObject({ name: 'TextsNotConfiguredError' });
    // The error names the missing config, never the number.
    await expect(attempt).rejects.toThrow(/no `sms` config/);
    await attempt.catch((error: Error) => expect(error.message).not.toContain(text.to));
    expect(calls).toEqual([]);
  });
});

describe('textChannel', () => {
  const client = new PinpointSMSVoiceV2Client({ region: 'us-east-1' });
  afterAll(() => client.destroy());
  const sms = { originationIdentity: '+12015550100', quietHours: ['21:00', '08:00'] as [string, string] };

  it('is absent without an `sms` config or without a client', () => {
    expect(textChannel(undefined, client)).toBeUndefined();
    expect(textChannel(sms, undefined)).toBeUndefined();
  });

  it('sends from the configured origination identity, with the configuration set only when one is named', () => {
    expect(textChannel(sms, client)).toEqual({ client, originationIdentity: '+12015550100' });
    expect(textChannel(sms, client, 'clinic-texts')).toEqual({
      client,
      originationIdentity: '+12015550100',
      configurationSetName: 'clinic-texts',
    });
  });
});
