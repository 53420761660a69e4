// POST /v1/inquiries: the website's contact form.
import { inquiryFieldLabels } from '../../../core/inquiries/fields.ts';
import {
  inquiryBodySchema,
  inquiryReceivedSchema,
  inquirySchemaOptions,
} from '../../../core/inquiries/schema.ts';
import { problemPageFor } from '../problem-pages.ts';
import { defineRoute } from '../route-record.ts';

export const createInquiryRoute = defineRoute({
  id: 'CreateInquiry',
  method: 'POST',
  path: '/v1/inquiries',
  entry: 'functions/inquiries.ts',
  table: 'readWrite',
  auth: 'public',
  request: (config) => ({ body: inquiryBodySchema(inquirySchemaOptions(config)) }),
  fieldLabels: (config) => inquiryFieldLabels(config.forms.customFields),
  html: { to: 'form-posts', errorPage: problemPageFor },
  responses: {
    201: {
      description: 'Stored (or a duplicate of a lead stored in the last 10 minutes)',
      schema: inquiryReceivedSchema,
    },
    200: {
      description: 'HTML form post without `_next` or `forms.thankYouUrl`: a thank-you page',
      contentType: 'text/html',
    },
    303: {
      description: 'HTML form post: go to `_next` or `forms.thankYouUrl`',
      headers: { Location: { description: 'The thank-you page', schema: { type: 'string' } } },
    },
  },
  docs: {
    operationId: 'createInquiry',
    summary: 'Send a contact-form inquiry (a lead)',
    description: [
      'Takes JSON, a plain HTML form (urlencoded) or multipart form data without files.',
      'The clinic’s own fields (`forms.customFields`) are listed in the body; other unknown fields are ignored and never stored.',
      'A filled honeypot field gets the normal answer and is never emailed.',
      'Answers: `201` JSON when the request asks for JSON (`Accept: application/json`) or sends a JSON body;',
      'for an HTML form post, `303` to `_next` (when on an allowed origin) or `forms.thankYouUrl`, else `200` with a thank-you page,',
      'and a `400` HTML page listing the problems when a field is invalid.',
      'The same name, email and message again within 10 minutes answers with the first id and sends nothing new.',
      'More than `forms.rateLimitPerHour` submissions from one client address in a rolling hour: `429` with `Retry-After`.',
      'With `captcha` in the clinic config, the body carries the Turnstile token in `cf-turnstile-response`;',
      'a missing, invalid, expired or spent one is `400 captcha_failed`, and a Turnstile outage lets the lead',
      'through, marked `captcha: "unverified"`.',
    ].join(' '),
    tags: ['Lead capture'],
    headers: {
      Accept: { description: 'Send `application/json` to get JSON answers to a form-encoded post' },
    },
    problems: ['rate_limited', 'captcha_failed'],
  },
});
