// The console's sign-in: Cognito's user-pool API called straight from the browser with fetch
// (no SDK: five JSON calls do not justify ~100 KB of client). USER_PASSWORD_AUTH with the
// new-password, TOTP and TOTP-setup challenges, refresh, and revocation at sign-out.

/** What `GET /staff/config.json` answers. */
export interface ConsoleConfig {
  readonly region: string;
  readonly userPoolId: string;
  readonly clientId: string;
  /** The user-pool API's URL: `https://cognito-idp.<region>.amazonaws.com` or cognito-local's. */
  readonly endpoint: string;
}

export interface Tokens {
  readonly accessToken: string;
  readonly idToken: string;
  readonly refreshToken: string;
  /** When the access token expires (ms since the epoch, by this browser's clock). */
  readonly expiresAt: number;
}

/** Where a sign-in stands: done, or waiting for the person's answer to a challenge. */
export type SignInStep =
  | { readonly kind: 'signedIn'; readonly tokens: Tokens }
  | { readonly kind: 'newPassword'; readonly username: string; readonly session: string }
  | { readonly kind: 'totp'; readonly username: string; readonly session: string }
  | { readonly kind: 'totpSetup'; readonly username: string; readonly session: string };

/** A refusal from Cognito, with words fit to show next to the sign-in form. */
export class CognitoError extends Error {
  override readonly name = 'CognitoError';
  constructor(
    /** Cognito's error type without its namespace, e.g. `NotAuthorizedException`. */
    readonly type: string,
    message: string,
    /** Cognito's own message (for the console's developer, not the person). */
    readonly original: string,
  ) {
    super(message);
  }
}

const PLAIN_MESSAGES: Readonly<Record<string, string>> = {
  NotAuthorizedException: 'The email or password is not right.',
  UserNotFoundException: 'The email or password is not right.',
  CodeMismatchException:
    'That code is not right. Enter the current 6-digit code from your authenticator app.',
  ExpiredCodeException: 'That code has expired. Enter the current one from your authenticator app.',
  EnableSoftwareTokenMFAException:
    'That code is not right. Enter the current code from your authenticator app.',
  PasswordResetRequiredException: 'Your password has to be reset. Ask an admin of the clinic to reset it.',
  UserNotConfirmedException: 'Your account is not set up yet. Ask an admin of the clinic.',
  TooManyRequestsException: 'Too many attempts. Wait a minute, then try again.',
  TooManyFailedAttemptsException: 'Too many attempts. Wait a minute, then try again.',
  LimitExceededException: 'Too many attempts. Wait a minute, then try again.',
};

/** Messages Cognito words for the person already (the password policy's refusals). */
const OWN_WORDS = new Set(['InvalidPasswordException']);

function plainMessage(type: string, original: string, operation = ''): string {
  // Signing in, a refused password is a wrong one (cognito-local says so with this type);
  // choosing a new one, it is the policy's refusal, in Cognito's own words.
  if (type === 'InvalidPasswordException' && operation === 'InitiateAuth')
    return PLAIN_MESSAGES.NotAuthorizedException as string;
  if (OWN_WORDS.has(type)) return original.replace(/^Password does not conform to policy: /, '');
  if (type === 'NotAuthorizedException' && /session/i.test(original)) {
    return 'The sign-in took too long. Start again with your email and password.';
  }
  return PLAIN_MESSAGES[type] ?? 'Signing in did not work. Try again, or ask an admin of the clinic.';
}

type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

interface AuthenticationResult {
  readonly AccessToken?: string;
  readonly IdToken?: string;
  readonly RefreshToken?: string;
  readonly ExpiresIn?: number;
}

interface ChallengeAnswer {
  readonly ChallengeName?: string;
  readonly Session?: string;
  readonly ChallengeParameters?: Readonly<Record<string, string>>;
  readonly AuthenticationResult?: AuthenticationResult;
}

export interface CognitoClientOptions {
  readonly fetch?: FetchLike;
  /** @default Date.now */
  readonly now?: () => number;
}

export function cognitoClient(config: ConsoleConfig, options: CognitoClientOptions = {}) {
  const send: FetchLike = options.fetch ?? ((url, init) => fetch(url, init));
  const now = options.now ?? Date.now;
  const url = `${config.endpoint.replace(/\/+$/, '')}/`;

  async function call<T>(operation: string, body: Record<string, unknown>): Promise<T> {
    let response: Response;
    try {
      response = await send(url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-amz-json-1.1',
          'X-Amz-Target': `AWSCognitoIdentityProviderService.${operation}`,
        },
        body: JSON.stringify(body),
      });
    } catch {
      throw new CognitoError(
        'NetworkError',
        'The sign-in service cannot be reached. Check the connection and try again.',
        '',
      );
    }
    const text = await response.text();
    const parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    if (!response.ok) {
      const rawType = String(parsed.__type ?? parsed.code ?? 'UnknownError');
      const type = rawType.slice(rawType.lastIndexOf('#') + 1);
      const original = String(parsed.message ?? parsed.Message ?? '');
      throw new CognitoError(type, plainMessage(type, original, operation), original);
    }
    return parsed as T;
  }

  function tokensFrom(result: AuthenticationResult, keepRefreshToken?: string): Tokens {
    const refreshToken = result.RefreshToken ?? keepRefreshToken;
    if (!result.AccessToken || !result.IdToken || !refreshToken) {
      throw new CognitoError('IncompleteAnswer', 'Signing in did not work. Try again.', 'tokens missing');
    }
    return {
      accessToken: result.AccessToken,
      idToken: result.IdToken,
      refreshToken,
      expiresAt: now() + (result.ExpiresIn ?? 3600) * 1000,
    };
  }

  function stepFrom(answer: ChallengeAnswer, username: string): SignInStep {
    if (answer.AuthenticationResult)
      return { kind: 'signedIn', tokens: tokensFrom(answer.AuthenticationResult) };
    const session = answer.Session ?? '';
    // Cognito names the user by its own id in challenges; answers must use it.
    const user = answer.ChallengeParameters?.USER_ID_FOR_SRP ?? username;
    switch (answer.ChallengeName) {
      case 'NEW_PASSWORD_REQUIRED':
        return { kind: 'newPassword', username: user, session };
      case 'SOFTWARE_TOKEN_MFA':
        return { kind: 'totp', username: user, session };
      case 'MFA_SETUP':
        return { kind: 'totpSetup', username: user, session };
      case 'SELECT_MFA_TYPE':
        // The console offers TOTP only; choosing it answers with the TOTP challenge.
        return { kind: 'totp', username: user, session: `select:${session}` };
      default:
        throw new CognitoError(
          'UnsupportedChallenge',
          'This account needs a sign-in step the console does not offer. Ask an admin of the clinic.',
          answer.ChallengeName ?? '',
        );
    }
  }

  async function respond(
    challenge: string,
    session: string,
    username: string,
    responses: Record<string, string>,
  ): Promise<SignInStep> {
    const answer = await call<ChallengeAnswer>('RespondToAuthChallenge', {
      ClientId: config.clientId,
      ChallengeName: challenge,
      Session: session,
      ChallengeResponses: { USERNAME: username, ...responses },
    });
    return stepFrom(answer, username);
  }

  return {
    async signIn(email: string, password: string): Promise<SignInStep> {
      const username = email.trim();
      const answer = await call<ChallengeAnswer>('InitiateAuth', {
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: config.clientId,
        AuthParameters: { USERNAME: username, PASSWORD: password },
      });
      return stepFrom(answer, username);
    },

    /** The first sign-in's step: the temporary password is replaced by the person's own. */
    setNewPassword(step: SignInStep & { kind: 'newPassword' }, newPassword: string): Promise<SignInStep> {
      return respond('NEW_PASSWORD_REQUIRED', step.session, step.username, { NEW_PASSWORD: newPassword });
    },

    async answerTotp(step: SignInStep & { kind: 'totp' }, code: string): Promise<SignInStep> {
      let session = step.session;
      if (session.startsWith('select:')) {
        const chosen = await respond('SELECT_MFA_TYPE', session.slice(7), step.username, {
          ANSWER: 'SOFTWARE_TOKEN_MFA',
        });
        if (chosen.kind !== 'totp') return chosen;
        session = chosen.session;
      }
      return respond('SOFTWARE_TOKEN_MFA', session, step.username, { SOFTWARE_TOKEN_MFA_CODE: code.trim() });
    },

    /** MFA is required and this person has no authenticator yet: the secret to add to one. */
    async beginTotpSetup(
      step: SignInStep & { kind: 'totpSetup' },
    ): Promise<{ secret: string; session: string; otpauthUri: string }> {
      const answer = await call<{ SecretCode?: string; Session?: string }>('AssociateSoftwareToken', {
        Session: step.session,
      });
      if (!answer.SecretCode || !answer.Session) {
        throw new CognitoError(
          'IncompleteAnswer',
          'Setting up the authenticator did not work. Try again.',
          '',
        );
      }
      const label = encodeURIComponent(`Clinic staff:${step.username}`);
      return {
        secret: answer.SecretCode,
        session: answer.Session,
        otpauthUri: `otpauth://totp/${label}?secret=${answer.SecretCode}&issuer=${encodeURIComponent('Clinic staff')}`,
      };
    },

    async finishTotpSetup(
      step: SignInStep & { kind: 'totpSetup' },
      setupSession: string,
      code: string,
    ): Promise<SignInStep> {
      const verified = await call<{ Status?: string; Session?: string }>('VerifySoftwareToken', {
        Session: setupSession,
        UserCode: code.trim(),
        FriendlyDeviceName: 'Authenticator',
      });
      if (verified.Status !== 'SUCCESS' || !verified.Session) {
        throw new CognitoError('CodeMismatchException', plainMessage('CodeMismatchException', ''), '');
      }
      return respond('MFA_SETUP', verified.Session, step.username, {});
    },

    /** New access and ID tokens for the refresh token (which Cognito does not rotate here). */
    async refresh(refreshToken: string): Promise<Tokens> {
      const answer = await call<ChallengeAnswer>('InitiateAuth', {
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        ClientId: config.clientId,
        AuthParameters: { REFRESH_TOKEN: refreshToken },
      });
      if (!answer.AuthenticationResult) {
        throw new CognitoError('NotAuthorizedException', 'Your session has ended. Sign in again.', '');
      }
      return tokensFrom(answer.AuthenticationResult, refreshToken);
    },

    /** Ends the refresh token's life at sign-out, so a copy of it is worth nothing. */
    async revoke(refreshToken: string): Promise<void> {
      await call('RevokeToken', { ClientId: config.clientId, Token: refreshToken });
    },
  };
}

export type CognitoClient = ReturnType<typeof cognitoClient>;

/** The claims of a JWT, unverified: the console only reads its own tokens' `exp` and groups. */
export function tokenClaims(token: string): Record<string, unknown> {
  const part = token.split('.')[1];
  if (!part) return {};
  const base64 = part.replace(/-/g, '+').replace(/_/g, '/');
  const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4);
  try {
    const bytes = Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
  } catch {
    return {};
  }
}
