// Staff access tokens checked as API Gateway's HTTP API JWT authorizer checks them (signature from
// the pool's JWKS, kid, RSA, issuer, aud-or-client_id, exp, nbf, iat, the route's scope), plus
// `token_use: access`; the local gateway uses it in place of the authorizer.

import {
  CognitoJwtInvalidClientIdError,
  CognitoJwtInvalidTokenUseError,
  FetchError,
  JwtBaseError,
  JwtExpiredError,
  JwtInvalidAudienceError,
  JwtInvalidIssuerError,
  JwtInvalidScopeError,
  JwtInvalidSignatureAlgorithmError,
  JwtInvalidSignatureError,
  JwtNotBeforeError,
  KidNotFoundInJwksError,
  WaitPeriodNotYetEndedJwkError,
} from 'aws-jwt-verify/error';
import type { Fetcher } from 'aws-jwt-verify/https';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import type { JwtPayload } from 'aws-jwt-verify/jwt-model';
import { JwtVerifier } from 'aws-jwt-verify/jwt-verifier';
import type { StaffIdentity } from './claims.ts';
import { awsIssuerUrl, SIGN_IN_SCOPE } from './pool.ts';

export type { StaffIdentity } from './claims.ts';

/** Why a token was refused, in the authorizer's terms. */
export type TokenRefusal =
  | 'missing'
  | 'malformed'
  | 'signature'
  | 'issuer'
  | 'client'
  | 'expired'
  | 'not_yet_valid'
  | 'token_use'
  | 'scope';

export type TokenCheck =
  | {
      readonly ok: true;
      readonly identity: StaffIdentity;
      /** The verified token's claims, for the event as the authorizer hands it on. */
      readonly claims: Readonly<Record<string, unknown>>;
    }
  | {
      readonly ok: false;
      readonly reason: TokenRefusal;
      /** What API Gateway answers: 401, except 403 for a valid token without the route's scope. */
      readonly status: 401 | 403;
      /** For logs and the `www-authenticate` header; never contains the token or its claims. */
      readonly description: string;
    };

export interface StaffTokenVerifierOptions {
  /** The pool's issuer: `https://cognito-idp.<region>.amazonaws.com/<poolId>`, or cognito-local's `<endpoint>/<poolId>`. */
  readonly issuerUrl: string;
  /** The console's app client id (the authorizer's audience). */
  readonly clientId: string;
  /** Scopes the route requires (the authorizer's `authorizationScopes`). @default [SIGN_IN_SCOPE] */
  readonly scopes?: readonly string[];
}

/** The issuer of a pool, deployed (no endpoint) or local (cognito-local's endpoint). */
export function poolIssuerUrl(pool: { region: string; userPoolId: string; endpoint?: string }): string {
  return pool.endpoint
    ? `${pool.endpoint.replace(/\/$/, '')}/${pool.userPoolId}`
    : awsIssuerUrl(pool.region, pool.userPoolId);
}

/**
 * The JWKS over plain HTTP, for cognito-local only: aws-jwt-verify's own fetcher speaks HTTPS
 * alone, which is right for a deployed pool and stays in use there.
 */
const plainHttpFetcher: Fetcher = {
  async fetch(uri) {
    const response = await fetch(uri, { signal: AbortSignal.timeout(3_000) });
    if (!response.ok) throw new Error(`GET ${uri} answered ${response.status}`);
    return response.arrayBuffer();
  },
};

/** Raised from the custom check for what aws-jwt-verify leaves to the caller; mapped like its own errors. */
class AuthorizerRuleError extends Error {
  constructor(readonly reason: TokenRefusal) {
    super(DESCRIPTIONS[reason]);
  }
}

function isLocalIssuer(issuerUrl: string): boolean {
  return new URL(issuerUrl).protocol === 'http:';
}

/** The parts of API Gateway's evaluation that aws-jwt-verify's JwtVerifier does not do itself. */
function authorizerRules(clientId: string) {
  return ({ payload, jwk }: { payload: JwtPayload; jwk: { kty?: string } }) => {
    const nowSeconds = Date.now() / 1000;
    // "Currently, only RSA-based algorithms are supported."
    if (jwk.kty !== 'RSA') throw new AuthorizerRuleError('signature');
    // aws-jwt-verify checks exp only when present; the authorizer requires it.
    if (typeof payload.exp !== 'number') throw new AuthorizerRuleError('expired');
    if (typeof payload.iat !== 'number' || payload.iat > nowSeconds) {
      throw new AuthorizerRuleError('not_yet_valid');
    }
    // The authorizer reads `client_id` only when there is no `aud` (an access token has none).
    const audience = payload.aud ?? payload.client_id;
    const audiences = Array.isArray(audience) ? audience : [audience];
    if (!audiences.includes(clientId)) throw new AuthorizerRuleError('client');
    if (payload.token_use !== 'access') throw new AuthorizerRuleError('token_use');
    if (typeof payload.sub !== 'string' || payload.sub === '') {
      throw new AuthorizerRuleError('malformed');
    }
  };
}

/** Fixed words per reason: a library's message may quote claims, and these reach logs and headers. */
const DESCRIPTIONS: Record<TokenRefusal, string> = {
  missing: 'no bearer token',
  malformed: 'the token is not a well-formed JWT',
  signature: 'the token signature is not valid for the user pool',
  issuer: 'the token has an invalid issuer',
  client: 'the token does not have a valid audience',
  expired: 'the token has expired',
  not_yet_valid: 'the token is not valid yet',
  token_use: 'the token is not an access token',
  scope: 'the token does not have the required scope',
};

function refusal(reason: TokenRefusal): TokenCheck {
  return { ok: false, reason, status: reason === 'scope' ? 403 : 401, description: DESCRIPTIONS[reason] };
}

/** aws-jwt-verify's error classes, in the authorizer's reasons. */
function reasonOf(error: JwtBaseError): TokenRefusal {
  if (error instanceof JwtExpiredError) return 'expired';
  if (error instanceof JwtNotBeforeError) return 'not_yet_valid';
  if (error instanceof JwtInvalidIssuerError) return 'issuer';
  if (error instanceof JwtInvalidAudienceError || error instanceof CognitoJwtInvalidClientIdError)
    return 'client';
  if (error instanceof CognitoJwtInvalidTokenUseError) return 'token_use';
  if (error instanceof JwtInvalidScopeError) return 'scope';
  if (
    error instanceof JwtInvalidSignatureError ||
    error instanceof JwtInvalidSignatureAlgorithmError ||
    error instanceof KidNotFoundInJwksError ||
    error instanceof WaitPeriodNotYetEndedJwkError
  ) {
    return 'signature';
  }
  // JwtParseError, JwtWithoutValidKidError and any check added later: not a token this pool made.
  return 'malformed';
}

/** The token of an `Authorization` header: the token alone, or prefixed with `Bearer`, as the authorizer takes it. */
export function bearerToken(header: string | undefined): string | undefined {
  const value = header?.trim();
  if (!value) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(value);
  if (match) return match[1];
  // The scheme alone is no token; a bare value with spaces is not one either.
  return /\s/.test(value) || /^bearer$/i.test(value) ? undefined : value;
}

export interface StaffTokenVerifier {
  /** Checks an `Authorization` header's token. Rejects only when the JWKS cannot be fetched (a fault, not a refusal). */
  verify(authorization: string | undefined): Promise<TokenCheck>;
}

/** One per container: it caches the pool's JWKS (and fetches it again for an unknown `kid`). */
export function staffTokenVerifier(options: StaffTokenVerifierOptions): StaffTokenVerifier {
  const { issuerUrl, clientId } = options;
  const scopes = options.scopes ?? [SIGN_IN_SCOPE];
  const verifier = JwtVerifier.create(
    {
      issuer: issuerUrl,
      jwksUri: `${issuerUrl}/.well-known/jwks.json`,
      // Checked in authorizerRules, the authorizer's way (aud, else client_id).
      audience: null,
      // An empty list is a route without scopes, as the authorizer has it: no scope check.
      ...(scopes.length > 0 ? { scope: [...scopes] } : {}),
      graceSeconds: 0,
      customJwtCheck: authorizerRules(clientId),
    },
    isLocalIssuer(issuerUrl) ? { jwksCache: new SimpleJwksCache({ fetcher: plainHttpFetcher }) } : undefined,
  );
  return {
    async verify(authorization) {
      const token = bearerToken(authorization);
      if (token === undefined) return refusal('missing');
      try {
        const payload = await verifier.verify(token);
        const groups = payload['cognito:groups'];
        return {
          ok: true,
          identity: {
            sub: payload.sub as string,
            groups: Array.isArray(groups) ? groups.filter((g): g is string => typeof g === 'string') : [],
            clientId: payload.client_id as string,
          },
          claims: payload,
        };
      } catch (error) {
        if (error instanceof AuthorizerRuleError) return refusal(error.reason);
        // A JWKS that cannot be fetched is the pool's outage, not the caller's fault: let it be a 5xx.
        if (error instanceof JwtBaseError && !(error instanceof FetchError)) return refusal(reasonOf(error));
        throw error;
      }
    },
  };
}
