// The staff member's email, looked up in the user pool by the token's `sub` (access tokens carry
// no email, API.md "Staff"), cached for the container's life so a request costs no Cognito call.
import {
  AdminGetUserCommand,
  type CognitoIdentityProviderClient,
  UserNotFoundException,
} from './wire-client.ts';

export interface StaffDirectoryOptions {
  readonly client: CognitoIdentityProviderClient;
  readonly userPoolId: string;
  /**
   * How long an answer is kept: an address changed in the pool shows in the audit trail after
   * this. @default 15 minutes
   */
  readonly ttlMs?: number;
  /** @default 500 users: more than a clinic has staff, fewer than a leak could grow to */
  readonly maxEntries?: number;
  /** @default Date.now */
  readonly now?: () => number;
}

export interface StaffDirectory {
  /** The user's email, or undefined when the pool no longer has the user (deleted since sign-in). */
  emailOf(sub: string): Promise<string | undefined>;
}

/**
 * A Map with an expiry, not a cache library: one key type, one value, a few hundred entries at
 * most, and the in-flight promise shared so concurrent requests make one call.
 */
export function staffDirectory(options: StaffDirectoryOptions): StaffDirectory {
  const ttlMs = options.ttlMs ?? 15 * 60_000;
  const maxEntries = options.maxEntries ?? 500;
  const now = options.now ?? Date.now;
  const entries = new Map<string, { readonly at: number; readonly email: Promise<string | undefined> }>();

  async function lookUp(sub: string): Promise<string | undefined> {
    try {
      const user = await options.client.send(
        // AdminGetUser takes the username or, where email is the username attribute, the sub.
        new AdminGetUserCommand({ UserPoolId: options.userPoolId, Username: sub }),
      );
      return user.UserAttributes?.find((attribute) => attribute.Name === 'email')?.Value;
    } catch (error) {
      if (
        error instanceof UserNotFoundException ||
        (error as { name?: string }).name === 'UserNotFoundException'
      ) {
        return undefined;
      }
      throw error;
    }
  }

  return {
    emailOf(sub) {
      const cached = entries.get(sub);
      if (cached && now() - cached.at < ttlMs) return cached.email;
      entries.delete(sub);
      if (entries.size >= maxEntries) {
        // Maps iterate in insertion order: the first key is the oldest entry.
        const oldest = entries.keys().next().value;
        if (oldest !== undefined) entries.delete(oldest);
      }
      const email = lookUp(sub);
      entries.set(sub, { at: now(), email });
      // A failed call is not remembered: the next request asks the pool again.
      email.catch(() => {
        if (entries.get(sub)?.email === email) entries.delete(sub);
      });
      return email;
    },
  };
}
