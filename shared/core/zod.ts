// zod/mini, as the request schemas use it: the same validation as classic zod at a fraction of
// its weight in a bundle (no method chains on every schema), so the routes' cold starts stay small.
// Classic zod configures its English messages when it loads; zod/mini does not, so this module
// does, once. Every schema imports it as `import * as z from '…/zod.ts'` (a namespace import that
// esbuild tree-shakes: re-exporting zod's namespace object would keep every locale and helper).
import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

config(en());

export * from 'zod/mini';
