import { describe, expect, it } from 'vitest';
import { dedupeFingerprint, pseudonym, rateLimitClient } from '../../../shared/core/inquiries/pseudonyms.ts';

describe('rateLimitClient', () => {
  it('counts an IPv4 address as itself', () => {
    expect(rateLimitClient('203.0.113.9')).toBe('203.0.113.9');
    expect(rateLimitClient(' 203.0.113.9 ')).toBe('203.0.113.9');
  });

  it('counts an IPv4-mapped IPv6 address as its IPv4 address', () => {
    expect(rateLimitClient('::ffff:203.0.113.9')).toBe('203.0.113.9');
  });

  it('counts an IPv6 address by its /64, however it is written', () => {
    const network = '2001:0db8:0001:0002::/64';
    expect(rateLimitClient('2001:db8:1:2::1')).toBe(network);
    expect(rateLimitClient('2001:db8:1:2:aaaa:bbbb:cccc:dddd')).toBe(network);
    expect(rateLimitClient('2001:DB8:1:2:0:0:0:1')).toBe(network);
    expect(rateLimitClient('2001:db8:1:3::1')).not.toBe(network);
    expect(rateLimitClient('::1')).toBe('0000:0000:0000:0000::/64');
  });

  it('puts anything unreadable in one shared bucket', () => {
    expect(rateLimitClient('')).toBe('unknown');
    expect(rateLimitClient('not an address')).toBe('unknown');
  });
});

describe('pseudonym', () => {
  const secret = new Uint8Array(32).fill(1);

  it('is stable, keyed, separated by purpose, and does not contain its input', () => {
    const value = pseudonym(secret, 'rate-limit', '203.0.113.9');
    expect(pseudonym(secret, 'rate-limit', '203.0.113.9')).toBe(value);
    expect(pseudonym(new Uint8Array(32).fill(2), 'rate-limit', '203.0.113.9')).not.toBe(value);
    expect(pseudonym(secret, 'dedupe', '203.0.113.9')).not.toBe(value);
    expect(value).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});

describe('dedupeFingerprint', () => {
  const lead = { name: 'Ada Lovelace', email: 'ada@example.com', message: 'Back pain', spam: false };

  it('ignores case and runs of white space', () => {
    expect(
      dedupeFingerprint({ ...lead, name: 'ada  lovelace', email: 'ADA@example.com', message: 'back\n pain' }),
    ).toBe(dedupeFingerprint(lead));
  });

  it('tells apart different names, emails, messages, and spam from real leads', () => {
    const base = dedupeFingerprint(lead);
    expect(dedupeFingerprint({ ...lead, name: 'Ada King' })).not.toBe(base);
    expect(dedupeFingerprint({ ...lead, email: 'ada@example.org' })).not.toBe(base);
    expect(dedupeFingerprint({ ...lead, message: 'Neck pain' })).not.toBe(base);
    expect(dedupeFingerprint({ ...lead, spam: true })).not.toBe(base);
  });

  it('cannot be confused by moving text between fields', () => {
    expect(dedupeFingerprint({ ...lead, name: 'Ada', message: 'Lovelace Back pain' })).not.toBe(
      dedupeFingerprint({ ...lead, name: 'Ada Lovelace', message: 'Back pain' }),
    );
  });
});
