// POST /v1/inquiries: the website's contact form. Parse, store the lead, answer; the emails go
// out from the table's stream (shared/inquiries/notifications.ts).
import { dynamoDb } from '../shared/aws/dynamodb.ts';
import { clinicConfig } from '../shared/config/runtime.ts';
import { requireEnv } from '../shared/env.ts';
import { allowedReferer, httpRoute } from '../shared/http/route.ts';
import { inquiryAnswer } from '../shared/inquiries/answer.ts';
import { inquiryFieldLabels } from '../shared/inquiries/fields.ts';
import { receiveInquiry } from '../shared/inquiries/receive.ts';
import { inquiryBodySchema, inquirySchemaOptions } from '../shared/inquiries/schema.ts';
import { dynamoInquiryStore } from '../shared/inquiries/store.ts';
import { logger } from '../shared/logger.ts';
import { METRICS, recordMetric } from '../shared/metrics.ts';

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
