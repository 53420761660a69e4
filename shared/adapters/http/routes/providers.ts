// GET /v1/providers: the clinicians patients can choose, from the clinic config.
import { providerListSchema } from '../../../core/scheduling/provider-list.ts';
import { defineRoute } from '../route-record.ts';

export const listProvidersRoute = defineRoute({
  id: 'ListProviders',
  method: 'GET',
  path: '/v1/providers',
  entry: 'functions/providers.ts',
  table: 'none',
  auth: 'public',
  request: () => ({}),
  responses: {
    200: {
      description: 'The providers, each with the appointment types they offer',
      schema: providerListSchema,
      headers: {
        'Cache-Control': {
          description: '`public, max-age=300`: the list changes only with a deploy',
          schema: { type: 'string' },
        },
      },
    },
  },
  docs: {
    operationId: 'listProviders',
    summary: 'The clinicians patients can choose when booking',
    description:
      'In the clinic’s order, each with the ids of the appointment types they offer (all of them when the clinic lists none). A booking widget offers these by name, or "first available".',
    tags: ['Scheduling'],
    problems: [],
  },
});
