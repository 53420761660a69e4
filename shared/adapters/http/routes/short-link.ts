// GET /s/{code}: a text's short link (core/scheduling/short-links.ts). It answers a redirect to
// the booking's confirm page, which itself changes nothing; an unknown or expired code is the
// same 404 page.
import { SHORT_CODE_LENGTH, SHORT_LINK_NOT_FOUND } from '../../../core/scheduling/short-links.ts';
import * as z from '../../../core/zod.ts';
import { problemPageFor } from '../problem-pages.ts';
import { defineRoute } from '../route-record.ts';

export const shortLinkRoute = defineRoute({
  id: 'FollowShortLink',
  method: 'GET',
  path: '/s/{code}',
  entry: 'functions/short-link.ts',
  table: 'read',
  auth: 'public',
  request: () => ({
    params: z.object({
      code: z
        .string()
        .check(
          z.regex(new RegExp(`^[A-Za-z0-9]{${SHORT_CODE_LENGTH}}$`)),
          z.describe('The short code a reminder text carries'),
        ),
    }),
  }),
  notFound: SHORT_LINK_NOT_FOUND,
  html: { to: 'browsers', problems: ['not_found'], errorPage: problemPageFor },
  responses: {
    303: {
      description: 'The booking’s confirm page (the clinic’s own manage page when it has one)',
      headers: { Location: { description: 'The confirm page', schema: { type: 'string' } } },
    },
  },
  docs: {
    operationId: 'followShortLink',
    summary: 'A reminder text’s short link',
    description: [
      'Texts carry one short link so they fit one segment. It redirects (`303`, never cached) to',
      '`GET /v1/bookings/{id}/confirm?token=…`, a page with one button; following the link changes nothing.',
      'A code is random (12 of 62 characters), leads to one booking, and stops working a day after the visit;',
      'an unknown or expired code is `404` (an HTML page for a browser).',
    ].join(' '),
    tags: ['Scheduling'],
    problems: [],
  },
});
