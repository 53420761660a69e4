import { describe, expect, it } from 'vitest';
import {
  hashManageToken,
  manageTokenMatches,
  newManageToken,
} from '../../../../shared/core/scheduling/tokens.ts';

describe('manage tokens', () => {
  it('carry at least 128 bits of randomness, URL-safe', () => {
    const token = newManageToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(Buffer.from(token, 'base64url').byteLength * 8).toBeGreaterThanOrEqual(128);
    const many = new Set(Array.from({ length: 1000 }, newManageToken));
    expect(many.size).toBe(1000);
  });

  it('are stored as a SHA-256 hash that does not contain the token', () => {
    const token = newManageToken();
    const hash = hashManageToken(token);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain(token);
  });

  it('match only the token they were made from', () => {
    const token = newManageToken();
    const hash = hashManageToken(token);
    expect(manageTokenMatches(hash, token)).toBe(true);
    expect(manageTokenMatches(hash, `${token}x`)).toBe(false);
    expect(manageTokenMatches(hash, token.slice(1))).toBe(false);
    expect(manageTokenMatches(hash, '')).toBe(false);
    expect(manageTokenMatches(hash, hash)).toBe(false);
  });
});
