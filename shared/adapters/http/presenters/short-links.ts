// The short link's answer: a redirect to the confirm page it stands for, or the 404 every unknown
// or expired code gets.
import type { ClinicConfig } from '../../../core/config/schema.ts';
import { NotFoundError } from '../../../core/errors.ts';
import { SHORT_LINK_NOT_FOUND } from '../../../core/scheduling/short-links.ts';
import { apiOrigin } from '../booking-requests.ts';
import { confirmUrlFor } from '../booking-views.ts';
import { type HttpResponse, redirect } from '../responses.ts';
import type { RequestFacts } from '../route.ts';

export function presentShortLink(
  config: ClinicConfig,
  request: RequestFacts,
  target: { bookingId: string; token: string } | undefined,
): HttpResponse {
  if (!target) throw new NotFoundError(SHORT_LINK_NOT_FOUND);
  const response = redirect(confirmUrlFor(config, apiOrigin(request), target.bookingId, target.token), 303);
  // The target carries the manage token: no cache keeps it, no page it leads to is told where from.
  response.headers['cache-control'] = 'no-store';
  response.headers['referrer-policy'] = 'no-referrer';
  return response;
}
