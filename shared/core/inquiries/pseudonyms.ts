// Keys derived from personal data (a client's IP address; a lead's name, email and message) so
// that table keys, which logs and traces may show, never carry the data itself. They are keyed
// hashes (HMAC-SHA-256 with a per-deployment secret): a plain hash of an IPv4 address is undone by
// hashing all 2^32 of them, and a plain hash of a known email and a short message by guessing.
import { createHmac } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';

/** What a pseudonym is for: each purpose hashes into its own space, so no two can be matched up. */
export type Purpose = 'rate-limit' | 'dedupe' | 'patient-email' | 'patient-phone' | 'booking-repeat';

export function pseudonym(secret: Uint8Array, purpose: Purpose, value: string): string {
  return createHmac('sha256', secret).update(`${purpose}\n${value}`).digest('base64url');
}

function expandIPv6(address: string): string[] | undefined {
  const zoneless = address.split('%')[0] ?? '';
  let groups: string[];
  if (zoneless.includes('::')) {
    const [head = '', tail = ''] = zoneless.split('::');
    const left = head === '' ? [] : head.split(':');
    const right = tail === '' ? [] : tail.split(':');
    groups = [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  } else {
    groups = zoneless.split(':');
  }
  return groups.length === 8 ? groups.map((g) => g.toLowerCase().padStart(4, '0')) : undefined;
}

/**
 * The client a rate limit counts: an IPv4 address as it is, an IPv6 address by its /64 network
 * (one subscriber usually holds a whole /64 and can take a new address from it at will), an
 * IPv4-mapped IPv6 address as its IPv4 address. Anything unreadable shares one "unknown" bucket.
 */
export function rateLimitClient(ip: string): string {
  const address = ip.trim();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped && isIPv4(mapped)) return mapped;
  if (isIPv4(address)) return address;
  if (isIPv6(address.split('%')[0] ?? '')) {
    const groups = expandIPv6(address);
    if (groups) return `${groups.slice(0, 4).join(':')}::/64`;
  }
  return 'unknown';
}

const normalised = (text: string) => text.normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase();

/**
 * What makes two leads "the same" for the 10-minute dedupe (API.md): name, email and message,
 * compared without regard to case or runs of white space, so a resubmitted form that a browser
 * re-wrapped still counts as the same. Spam has its own space, so it never hides a real lead.
 */
export function dedupeFingerprint(lead: {
  readonly name: string;
  readonly email: string;
  readonly message: string;
  readonly spam: boolean;
}): string {
  return [
    lead.spam ? 'spam' : 'lead',
    normalised(lead.name),
    normalised(lead.email),
    normalised(lead.message),
  ].join('\n');
}
