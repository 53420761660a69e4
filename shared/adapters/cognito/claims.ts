// The staff identity in a verified token's claims. Apart from tokens.ts so the functions, which
// read the claims API Gateway's authorizer already verified, carry no JWT verifier in their bundle.

/** Who a verified access token speaks for. */
export interface StaffIdentity {
  readonly sub: string;
  /** `cognito:groups`; empty for a user in no group. */
  readonly groups: readonly string[];
  readonly clientId: string;
}

/**
 * The identity from the claims the deployed authorizer hands a function
 * (`requestContext.authorizer.jwt.claims`), where API Gateway writes an array claim such as
 * `cognito:groups` as one string, `[admin frontdesk]`.
 */
export function identityFromAuthorizerClaims(claims: Record<string, unknown>): StaffIdentity | undefined {
  const { sub, client_id: clientId, token_use: tokenUse } = claims;
  if (typeof sub !== 'string' || typeof clientId !== 'string' || tokenUse !== 'access') return undefined;
  const raw = claims['cognito:groups'];
  const groups = Array.isArray(raw)
    ? raw.filter((g): g is string => typeof g === 'string')
    : typeof raw === 'string'
      ? raw
          .replace(/^\[|\]$/g, '')
          .split(/[\s,]+/)
          .filter(Boolean)
      : [];
  return { sub, groups, clientId };
}
