// The console's session: tokens refreshed before they expire, sign-out after 15 minutes idle,
// revocation at sign-out. Time is a hand-driven clock, so nothing here waits.
import { describe, expect, it } from 'vitest';
import type { Tokens } from '../../../console/src/cognito.ts';
import {
  createSession,
  IDLE_LIMIT_MS,
  REFRESH_MARGIN_MS,
  type SignOutReason,
  type Timers,
} from '../../../console/src/session.ts';

/** Timers run by hand: advance(ms) fires, in order, whatever falls due. */
function manualTimers() {
  let now = 1_000_000;
  let next = 0;
  const pending = new Map<number, { at: number; run: () => void }>();
  const timers: Timers = {
    now: () => now,
    setTimeout: (run, ms) => {
      next += 1;
      pending.set(next, { at: now + ms, run });
      return next;
    },
    clearTimeout: (handle) => {
      pending.delete(handle as number);
    },
  };
  return {
    timers,
    async advance(ms: number) {
      const until = now + ms;
      for (;;) {
        const due = [...pending].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        pending.delete(due[0]);
        now = due[1].at;
        due[1].run();
        await Promise.resolve();
        await Promise.resolve();
      }
      now = until;
    },
  };
}

function tokens(at: number, n: number, lifetimeMs = 60 * 60_000): Tokens {
  return {
    accessToken: `access-${n}`,
    idToken: `id-${n}`,
    refreshToken: 'refresh',
    expiresAt: at + lifetimeMs,
  };
}

function setUp() {
  const clock = manualTimers();
  const signedOut: SignOutReason[] = [];
  const revoked: string[] = [];
  let refreshes = 0;
  let refuseRefresh = false;
  const session = createSession({
    timers: clock.timers,
    onSignedOut: (reason) => signedOut.push(reason),
    cognito: {
      refresh: async () => {
        if (refuseRefresh) throw new Error('refresh token revoked');
        refreshes += 1;
        return tokens(clock.timers.now(), refreshes + 1);
      },
      revoke: async (token) => {
        revoked.push(token);
      },
    },
  });
  return {
    clock,
    session,
    signedOut,
    revoked,
    refreshes: () => refreshes,
    refuseRefresh: () => {
      refuseRefresh = true;
    },
  };
}

describe('the console session', () => {
  it('refreshes the access token before it expires, and again before the new one does', async () => {
    const t = setUp();
    t.session.start(tokens(t.clock.timers.now(), 1));
    // Kept busy, so the idle limit never strikes.
    for (let minute = 0; minute < 57; minute++) {
      await t.clock.advance(60_000);
      t.session.noteActivity();
    }
    expect(t.refreshes()).toBe(0);
    await t.clock.advance(60 * 60_000 - REFRESH_MARGIN_MS - 57 * 60_000);
    expect(t.refreshes()).toBe(1);
    expect(await t.session.accessToken()).toBe('access-2');
    for (let minute = 0; minute < 60; minute++) {
      await t.clock.advance(60_000);
      t.session.noteActivity();
    }
    expect(t.refreshes()).toBe(2);
    expect(t.signedOut).toEqual([]);
  });

  it('signs out after 15 minutes without input, and revokes the refresh token', async () => {
    const t = setUp();
    t.session.start(tokens(t.clock.timers.now(), 1));
    await t.clock.advance(IDLE_LIMIT_MS - 1);
    expect(t.session.signedIn).toBe(true);
    await t.clock.advance(1);
    expect(t.session.signedIn).toBe(false);
    expect(t.signedOut).toEqual(['idle']);
    expect(t.revoked).toEqual(['refresh']);
    expect(await t.session.accessToken()).toBeUndefined();
  });

  it('starts the idle clock again at every input', async () => {
    const t = setUp();
    t.session.start(tokens(t.clock.timers.now(), 1));
    await t.clock.advance(IDLE_LIMIT_MS - 1000);
    t.session.noteActivity();
    await t.clock.advance(IDLE_LIMIT_MS - 1000);
    expect(t.session.signedIn).toBe(true);
    await t.clock.advance(1000);
    expect(t.signedOut).toEqual(['idle']);
  });

  it('signs out when the refresh is refused (a revoked or expired refresh token)', async () => {
    const t = setUp();
    t.refuseRefresh();
    t.session.start(tokens(t.clock.timers.now(), 1, 5 * 60_000));
    await t.clock.advance(5 * 60_000 - REFRESH_MARGIN_MS);
    expect(t.signedOut).toEqual(['expired']);
  });

  it('refreshes first when asked for a token that is about to expire', async () => {
    const t = setUp();
    t.session.start(tokens(t.clock.timers.now(), 1, REFRESH_MARGIN_MS / 2 - 1));
    expect(await t.session.accessToken()).toBe('access-2');
  });

  it('says "signed out" once for the sign-out button', () => {
    const t = setUp();
    t.session.start(tokens(t.clock.timers.now(), 1));
    t.session.signOut();
    t.session.signOut();
    expect(t.signedOut).toEqual(['user']);
    expect(t.revoked).toEqual(['refresh']);
  });
});
