// What the staff user pool is, said once for the deployed pool (infra), the local one (local/) and
// the token check: its groups, password policy, token lifetimes and the scope of a sign-in token.
import type { StaffMfa } from '../../core/config/schema.ts';

/** The groups of API.md's Staff section; `admin` has every right `frontdesk` has. */
export const STAFF_GROUPS = ['frontdesk', 'admin'] as const;
export type StaffGroup = (typeof STAFF_GROUPS)[number];

/** Strong enough for accounts that read patient records: NIST 800-63B length, every class required. */
export const STAFF_PASSWORD_POLICY = {
  minLength: 12,
  requireLowercase: true,
  requireUppercase: true,
  requireDigits: true,
  requireSymbols: true,
  /** An invitation's temporary password expires after this many days. */
  tempPasswordValidityDays: 3,
} as const;

/** Token lifetimes of the console's app client. */
export const STAFF_TOKEN_VALIDITY = {
  /** An hour at most: a stolen access token is good for no longer than this. */
  accessTokenMinutes: 60,
  idTokenMinutes: 60,
  /** A working day: the console signs in again after it, idle sign-out comes far sooner. */
  refreshTokenHours: 12,
} as const;

/**
 * Cognito puts this scope in every access token of a user-pool sign-in (SRP or password) and
 * none in ID tokens; requiring it is how the API Gateway JWT authorizer, which reads no
 * `token_use`, refuses an ID token sent in place of an access token.
 */
export const SIGN_IN_SCOPE = 'aws.cognito.signin.user.admin';

/** `staff.mfa` in Cognito's words (`MfaConfiguration`). */
export function cognitoMfaConfiguration(mfa: StaffMfa): 'ON' | 'OPTIONAL' | 'OFF' {
  return ({ required: 'ON', optional: 'OPTIONAL', off: 'OFF' } as const)[mfa];
}

/** The issuer of a deployed pool's tokens (and the base of its JWKS URL). */
export function awsIssuerUrl(region: string, userPoolId: string): string {
  return `https://cognito-idp.${region}.amazonaws.com/${userPoolId}`;
}
