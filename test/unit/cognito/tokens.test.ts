// The pure parts of the staff token check: the Authorization header as the authorizer reads it,
// and the identity from the claims the deployed authorizer hands a function.
import { describe, expect, it } from 'vitest';
import { identityFromAuthorizerClaims } from '../../../shared/adapters/cognito/claims.ts';
import { awsIssuerUrl } from '../../../shared/adapters/cognito/pool.ts';
import { bearerToken, poolIssuerUrl } from '../../../shared/adapters/cognito/tokens.ts';

describe('bearerToken', () => {
  it.each([
    ['Bearer abc.def.ghi', 'abc.def.ghi'],
    ['bearer abc.def.ghi', 'abc.def.ghi'],
    ['  Bearer   abc.def.ghi  ', 'abc.def.ghi'],
    ['abc.def.ghi', 'abc.def.ghi'],
  ])('takes %j as the token %j', (header, token) => {
    expect(bearerToken(header)).toBe(token);
  });

  it.each([undefined, '', '   ', 'Bearer', 'Bearer a b', 'Basic dXNlcjpwdw=='])(
    'finds no token in %j',
    (header) => {
      expect(bearerToken(header)).toBeUndefined();
    },
  );
});

describe('poolIssuerUrl', () => {
  it("is Cognito's regional issuer for a deployed pool", () => {
    expect(poolIssuerUrl({ region: 'us-east-1', userPoolId: 'us-east-1_AbC123' })).toBe(
      'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123',
    );
    expect(awsIssuerUrl('eu-west-1', 'eu-west-1_X')).toBe(
      'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_X',
    );
  });

  it("is the emulator's endpoint and the pool id locally", () => {
    expect(
      poolIssuerUrl({ region: 'us-east-1', userPoolId: 'local_abc', endpoint: 'http://127.0.0.1:9229/' }),
    ).toBe('http://127.0.0.1:9229/local_abc');
  });
});

describe('identityFromAuthorizerClaims', () => {
  const claims = { sub: 'u-1', client_id: 'c-1', token_use: 'access' };

  it('reads groups written as one string, as API Gateway passes an array claim', () => {
    expect(identityFromAuthorizerClaims({ ...claims, 'cognito:groups': '[admin frontdesk]' })).toStrictEqual({
      sub: 'u-1',
      groups: ['admin', 'frontdesk'],
      clientId: 'c-1',
    });
  });

  it('reads groups given as an array, and none when the claim is absent', () => {
    expect(identityFromAuthorizerClaims({ ...claims, 'cognito:groups': ['frontdesk'] })?.groups).toEqual([
      'frontdesk',
    ]);
    expect(identityFromAuthorizerClaims(claims)?.groups).toEqual([]);
  });

  it('is undefined for an ID token, or claims without a subject or client', () => {
    expect(identityFromAuthorizerClaims({ ...claims, token_use: 'id' })).toBeUndefined();
    expect(identityFromAuthorizerClaims({ client_id: 'c-1', token_use: 'access' })).toBeUndefined();
    expect(identityFromAuthorizerClaims({ sub: 'u-1', token_use: 'access' })).toBeUndefined();
  });
});
