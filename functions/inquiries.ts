// POST /v1/inquiries: the website's contact form. Parse, store the lead, answer; the emails go
// out from the table's stream (shared/core/messages/inquiry-plan.ts).
import { dynamoDb } from '../shared/adapters/dynamodb/client.ts';
import { dynamoInquiryStore } from '../shared/adapters/dynamodb/inquiry-store.ts';
import { inquiryAnswer } from '../shared/adapters/http/pages/inquiry-answer.ts';
import { allowedReferer, httpRoute } from '../shared/adapters/http/route.ts';
import { receiveInquiry } from '../shared/app/inquiries/receive-inquiry.ts';
import { clinicConfig } from '../shared/config/runtime.ts';
import { inquiryFieldLabels } from '../shared/core/inquiries/fields.ts';
import { inquiryBodySchema, inquirySchemaOptions } from '../shared/core/inquiries/schema.ts';
import { requireEnv } from '../shared/platform/env.ts';
import { logger } from '../shared/platform/logger.ts';
import { METRICS, recordMetric } from '../shared/platform/metrics.ts';

const config = clinicConfig();
const store = dynamoInquiryStore({ client: dynamoDb, tableName: requireEnv('TABLE_NAME') });
const settings = { timeZone: config.clinic.timeZone, rateLimitPerHour: config.forms.rateLimitPerHour };

export const handler = httpRoute({
  body: inquiryBodySchema(inquirySchemaOptions(config)),
  idempotent: true,
  fieldLabels: inquiryFieldLabels(config.forms.customFields),
  handler: async (request) => {
    const submission = request.body;
    const received = await receiveInquiry(store, settings, submission, request);
    if (received.status === 'received' && !received.duplicate) recordMetric(METRICS.names.inquiryReceived);
    // Ids and outcomes only: nothing the patient typed.
    logger.info('inquiry', {
      inquiryId: received.id,
      status: received.status,
      duplicate: received.duplicate,
    });
    return inquiryAnswer(received.id, {
      wantsHtml: request.wantsHtml,
      ...(submission.next === undefined ? {} : { next: submission.next }),
      config,
      backLink: allowedReferer(request.event),
    });
  },
});
