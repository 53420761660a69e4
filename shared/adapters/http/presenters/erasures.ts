// What POST /v1/staff/erasures answers: the erasure's report as it is (ids and counts only).
import type { ErasureReport } from '../../../core/privacy/erasure.ts';
import { type HttpResponse, json } from '../responses.ts';

export function presentErasure(report: ErasureReport): HttpResponse {
  return json(200, report);
}
