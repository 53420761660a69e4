// What POST /v1/inquiries answers for a received inquiry, with its one metric and log line.
import type { ReceivedInquiry } from '../../../app/inquiries/receive-inquiry.ts';
import type { ClinicConfig } from '../../../core/config/schema.ts';
import type { InquirySubmission } from '../../../core/inquiries/schema.ts';
import { logger } from '../../../platform/logger.ts';
import { METRICS, recordMetric } from '../../../platform/metrics.ts';
import { inquiryAnswer } from '../pages/inquiry-answer.ts';
import type { HttpResponse } from '../responses.ts';
import { allowedReferer, type RequestFacts } from '../route.ts';

export function presentInquiry(
  config: ClinicConfig,
  request: RequestFacts & { readonly body: InquirySubmission },
  received: ReceivedInquiry,
): HttpResponse {
  // Only a new lead a person sent is counted: not a repeat, not the honeypot's.
  if (received.status === 'received' && !received.duplicate) recordMetric(METRICS.names.inquiryReceived);
  // Ids and outcomes only: nothing the patient typed.
  logger.info('inquiry', { inquiryId: received.id, status: received.status, duplicate: received.duplicate });
  const { next } = request.body;
  return inquiryAnswer(received.id, {
    wantsHtml: request.wantsHtml,
    ...(next === undefined ? {} : { next }),
    config,
    backLink: allowedReferer(request.event),
  });
}
