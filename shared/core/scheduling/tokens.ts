// Manage tokens: the patient's only key to their booking. The raw token goes to the patient once
// (the 201 answer and the emails); the booking keeps only its SHA-256, so a leaked table export
// cannot be used to cancel anyone's appointment.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 256 random bits, URL-safe (43 characters), comfortably above the 128 bits API.md asks for. */
export function newManageToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashManageToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * Constant-time comparison of a presented token with the stored hash. Hashing first makes both
 * sides 32 bytes whatever the client sent, so the length check leaks nothing either.
 */
export function manageTokenMatches(storedHash: string, presented: string): boolean {
  const expected = Buffer.from(storedHash, 'hex');
  const actual = createHash('sha256').update(presented, 'utf8').digest();
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
