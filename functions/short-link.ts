// GET /s/{code}: a reminder text's short link, redirected to the booking's confirm page.

import { manageLinkProblemPages } from '../shared/adapters/http/presenters/bookings.ts';
import { presentShortLink, shortLinkStore } from '../shared/adapters/http/presenters/short-links.ts';
import { httpRoute } from '../shared/adapters/http/route.ts';
import { shortLinkRoute } from '../shared/adapters/http/routes/short-link.ts';
import { resolveShortLink } from '../shared/app/reminders/run-reminders.ts';
import { clinicConfig } from '../shared/config/runtime.ts';

const config = clinicConfig();
const store = shortLinkStore();

export const handler = httpRoute(
  shortLinkRoute,
  async (request) =>
    presentShortLink(config, request, await resolveShortLink(store, request.params.code, request.now)),
  manageLinkProblemPages,
);
