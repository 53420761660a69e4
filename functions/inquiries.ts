// POST /v1/inquiries: the website's contact form. Parse, check the CAPTCHA, store the lead, answer;
// the emails go out from the table's stream (shared/core/messages/inquiry-plan.ts).
import { dynamoDb } from '../shared/adapters/dynamodb/client.ts';
import { dynamoInquiryStore } from '../shared/adapters/dynamodb/inquiry-store.ts';
import { presentInquiry } from '../shared/adapters/http/presenters/inquiries.ts';
import { httpRoute } from '../shared/adapters/http/route.ts';
import { createInquiryRoute } from '../shared/adapters/http/routes/create-inquiry.ts';
import { captchaVerifierFor } from '../shared/adapters/turnstile/siteverify.ts';
import { receiveInquiry } from '../shared/app/inquiries/receive-inquiry.ts';
import { clinicConfig } from '../shared/config/runtime.ts';
import { requireEnv } from '../shared/platform/env.ts';

const config = clinicConfig();
const store = dynamoInquiryStore({ client: dynamoDb, tableName: requireEnv('TABLE_NAME') });
const settings = {
  timeZone: config.clinic.timeZone,
  rateLimitPerHour: config.forms.rateLimitPerHour,
  inquiryDays: config.retention.inquiryDays,
};
const captcha = captchaVerifierFor(config, 'inquiries');

export const handler = httpRoute(createInquiryRoute, async (request) =>
  presentInquiry(config, request, await receiveInquiry(store, settings, request.body, request, captcha)),
);
