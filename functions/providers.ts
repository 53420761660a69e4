// GET /v1/providers: the clinicians patients can choose, straight from the clinic config.

import { httpRoute } from '../shared/adapters/http/read-route.ts';
import { json } from '../shared/adapters/http/responses.ts';
import { listProvidersRoute } from '../shared/adapters/http/routes/providers.ts';
import { clinicConfig } from '../shared/config/runtime.ts';
import { providerList } from '../shared/core/scheduling/provider-list.ts';

// The config only changes with a deploy, so the answer is built once per container and may be cached.
const providers = providerList(clinicConfig());

export const handler = httpRoute(listProvidersRoute, async () =>
  json(200, providers, { 'cache-control': 'public, max-age=300' }),
);
