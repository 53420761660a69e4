// A signed-in person's tokens, kept in this module's memory only (never localStorage or
// sessionStorage: a reload signs out, which is the point), refreshed before they expire, and
// dropped after 15 minutes without input.
import type { CognitoClient, Tokens } from './cognito.ts';

export const IDLE_LIMIT_MS = 15 * 60_000;
/** Refresh this long before the access token expires, so no request carries a dying token. */
export const REFRESH_MARGIN_MS = 2 * 60_000;

export type SignOutReason = 'user' | 'idle' | 'expired';

export interface Timers {
  readonly now: () => number;
  readonly setTimeout: (run: () => void, ms: number) => unknown;
  readonly clearTimeout: (handle: unknown) => void;
}

const realTimers: Timers = {
  now: () => Date.now(),
  setTimeout: (run, ms) => globalThis.setTimeout(run, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface SessionOptions {
  readonly cognito: Pick<CognitoClient, 'refresh' | 'revoke'>;
  readonly onSignedOut: (reason: SignOutReason) => void;
  readonly timers?: Timers;
  readonly idleLimitMs?: number;
}

export function createSession(options: SessionOptions) {
  const timers = options.timers ?? realTimers;
  const idleLimit = options.idleLimitMs ?? IDLE_LIMIT_MS;
  let tokens: Tokens | undefined;
  let refreshTimer: unknown;
  let idleTimer: unknown;
  let refreshing: Promise<Tokens | undefined> | undefined;

  function clearTimers() {
    if (refreshTimer !== undefined) timers.clearTimeout(refreshTimer);
    if (idleTimer !== undefined) timers.clearTimeout(idleTimer);
    refreshTimer = idleTimer = undefined;
  }

  function end(reason: SignOutReason) {
    const ending = tokens;
    tokens = undefined;
    refreshing = undefined;
    clearTimers();
    // Revocation is best effort: the person is signed out here whatever Cognito answers.
    if (ending) options.cognito.revoke(ending.refreshToken).catch(() => {});
    if (ending || reason !== 'user') options.onSignedOut(reason);
  }

  function scheduleRefresh() {
    if (!tokens) return;
    if (refreshTimer !== undefined) timers.clearTimeout(refreshTimer);
    const wait = Math.max(0, tokens.expiresAt - REFRESH_MARGIN_MS - timers.now());
    refreshTimer = timers.setTimeout(() => {
      refreshTimer = undefined;
      void refresh();
    }, wait);
  }

  function refresh(): Promise<Tokens | undefined> {
    const current = tokens;
    if (!current) return Promise.resolve(undefined);
    refreshing ??= options.cognito.refresh(current.refreshToken).then(
      (fresh) => {
        refreshing = undefined;
        if (tokens !== current) return tokens; // signed out (or in again) meanwhile
        tokens = fresh;
        scheduleRefresh();
        return fresh;
      },
      () => {
        refreshing = undefined;
        if (tokens === current) end('expired');
        return undefined;
      },
    );
    return refreshing;
  }

  function noteActivity() {
    if (!tokens) return;
    if (idleTimer !== undefined) timers.clearTimeout(idleTimer);
    idleTimer = timers.setTimeout(() => {
      idleTimer = undefined;
      end('idle');
    }, idleLimit);
  }

  return {
    start(signedIn: Tokens) {
      clearTimers();
      tokens = signedIn;
      scheduleRefresh();
      noteActivity();
    },
    get signedIn(): boolean {
      return tokens !== undefined;
    },
    /** The access token to send now; refreshed first if it is (nearly) expired. */
    async accessToken(): Promise<string | undefined> {
      if (!tokens) return undefined;
      if (tokens.expiresAt - timers.now() <= REFRESH_MARGIN_MS / 2) return (await refresh())?.accessToken;
      return tokens.accessToken;
    },
    /** Any key press, click or touch: the idle clock starts again. */
    noteActivity,
    signOut(reason: SignOutReason = 'user') {
      end(reason);
    },
  };
}

export type Session = ReturnType<typeof createSession>;
