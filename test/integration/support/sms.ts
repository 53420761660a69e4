// Helpers for tests of texts: what the local SMS sink received (local/sms-sink.ts), opting a number
// out, and phone numbers of a test's own.
import { randomInt } from 'node:crypto';
import { inject } from 'vitest';
import type { SinkText } from '../../../local/sms-sink.ts';
import { PinpointSMSVoiceV2Client } from '../../../shared/adapters/sms/wire-client.ts';

export type { SinkText } from '../../../local/sms-sink.ts';

const smsUrlOfStack = () => inject('localStack').smsUrl;

/**
 * A valid US mobile-style number (+1 201 NXX XXXX) of this test's own, so its texts are told apart
 * from every other test's; valid for libphonenumber too, so bookings accept it.
 */
export function uniquePhone(): string {
  return `+1201${randomInt(200, 1000)}${String(randomInt(0, 10_000)).padStart(4, '0')}`;
}

async function sinkJson<T>(path: string, smsUrl: string): Promise<T> {
  const response = await fetch(`${smsUrl}${path}`);
  if (!response.ok) throw new Error(`SMS sink ${path} answered ${response.status}`);
  return (await response.json()) as T;
}

/** Every text the sink received (all tests'), or only those to `to`. */
export function sinkTexts(to?: string, smsUrl = smsUrlOfStack()): Promise<SinkText[]> {
  return sinkJson(to ? `/messages?to=${encodeURIComponent(to)}` : '/messages', smsUrl);
}

/** Texts the sink refused because their number opted out (nothing was sent). */
export async function sinkRefusals(
  to: string,
  smsUrl = smsUrlOfStack(),
): Promise<{ to: string; at: string }[]> {
  return (await sinkJson<{ to: string; at: string }[]>('/refusals', smsUrl)).filter((r) => r.to === to);
}

/** Marks `phone` opted out, as if it had replied STOP: the sink refuses texts to it from now on. */
export async function optOutPhone(phone: string, smsUrl = smsUrlOfStack()): Promise<void> {
  const response = await fetch(`${smsUrl}/opt-outs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ phone }),
  });
  if (response.status !== 204) throw new Error(`SMS sink /opt-outs answered ${response.status}`);
}

/** Waits until at least `count` texts to `to` are in; returns them, oldest first. */
export async function waitForTextsTo(
  to: string,
  options: { count?: number; timeoutMs?: number; smsUrl?: string } = {},
): Promise<SinkText[]> {
  const count = options.count ?? 1;
  const timeoutMs = options.timeoutMs ?? 20_000;
  const deadline = Date.now() + timeoutMs;
  let found: SinkText[] = [];
  while (Date.now() < deadline) {
    found = await sinkTexts(to, options.smsUrl);
    if (found.length >= count) return found;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(
    `Expected ${count} text(s) to the test's number within ${timeoutMs} ms; found ${found.length}`,
  );
}

/** The real End User Messaging client, pointed at the sink (`destroy()` it in afterAll). */
export function sinkSmsClient(smsUrl = smsUrlOfStack()): PinpointSMSVoiceV2Client {
  return new PinpointSMSVoiceV2Client({
    endpoint: smsUrl,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
}
