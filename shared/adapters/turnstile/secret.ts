// Where the Turnstile secret key comes from. Deployed: SSM Parameter Store (or Secrets Manager
// through its SSM reference path) under captcha.secretParameterName, read once per container —
// never the bundle, never an environment variable. The local stack alone (STAGE=local) takes
// TURNSTILE_SECRET, read at each use so a test can switch between Cloudflare's test secrets.
import { optionalEnv } from '../../platform/env.ts';

export const LOCAL_SECRET_VARIABLE = 'TURNSTILE_SECRET';

/** A cached accessor; a failed read is forgotten, so the next request tries again. */
export function turnstileSecret(parameterName: string): () => Promise<string> {
  let pending: Promise<string> | undefined;
  return () => {
    if (optionalEnv('STAGE') === 'local') {
      const local = optionalEnv(LOCAL_SECRET_VARIABLE);
      if (local) return Promise.resolve(local);
    }
    // Imported when first needed: a function whose clinic has no CAPTCHA never loads the client.
    pending ??= import('../ssm/client.ts')
      .then(({ secureParameter }) => secureParameter(parameterName))
      .catch((error: unknown) => {
        pending = undefined;
        throw error;
      });
    return pending;
  };
}
