// A local stack of a test file's own, for tests that must stop its parts (the SES emulator) or
// read everything its functions log, which the shared stack (in vitest's main process) cannot offer.
import { afterAll, beforeAll } from 'vitest';
import type { LocalStack, LocalStackOptions } from '../../../local/stack.ts';

/**
 * Starts the stack before the file's tests, on ports the OS hands out, and stops it after them.
 * startLocalStack points this process's environment at its stack; that is put back as it was,
 * so the next file in this worker starts clean. Hooks the file registers before this call run
 * before the stack starts (say, to capture output). Returns the running stack (inside tests).
 */
export function ownLocalStack(
  options: Omit<
    LocalStackOptions,
    'apiPort' | 'dynamoDbPort' | 'sesPort' | 'smsPort' | 'turnstilePort' | 'sitePort'
  >,
) {
  let stack: LocalStack | undefined;
  const savedEnv = { ...process.env };
  beforeAll(async () => {
    // Loaded here, not at the top: the functions' modules read the environment the file's own
    // hooks have just set (a log level, say) when they load.
    const { EPHEMERAL_PORTS, startLocalStack } = await import('../../../local/stack.ts');
    stack = await startLocalStack({
      ...options,
      ...EPHEMERAL_PORTS,
    });
  }, 90_000);
  afterAll(async () => {
    await stack?.stop();
    for (const key of Object.keys(process.env)) if (!(key in savedEnv)) delete process.env[key];
    Object.assign(process.env, savedEnv);
  });
  return (): LocalStack => {
    if (!stack) throw new Error('The own local stack is not running (used outside a test?)');
    return stack;
  };
}
