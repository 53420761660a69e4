// Every operation of the public API, in the order the OpenAPI document lists them. Each feature
// keeps its docs beside its schemas and adds them here.
import * as z from 'zod';
import { bookingOperations } from './bookings.ts';
import { createInquiryOperation } from './inquiries.ts';
import type { OperationDoc } from './operation.ts';
import { getAvailabilityOperation, listAppointmentTypesOperation } from './scheduling.ts';

const platformOperations: OperationDoc[] = [
  {
    method: 'get',
    path: '/v1/health',
    operationId: 'getHealth',
    summary: 'Liveness check (calls no dependency)',
    tags: ['Platform'],
    responses: { 200: { description: 'The API is up', schema: z.object({ status: z.literal('ok') }) } },
    problems: [],
  },
  {
    method: 'get',
    path: '/v1/openapi.json',
    operationId: 'getOpenApi',
    summary: 'This OpenAPI 3.1 document',
    tags: ['Platform'],
    responses: {
      200: { description: 'The OpenAPI document', schema: z.looseObject({ openapi: z.string() }) },
    },
    problems: [],
  },
];

export const OPERATIONS: readonly OperationDoc[] = [
  ...platformOperations,
  createInquiryOperation,
  listAppointmentTypesOperation,
  getAvailabilityOperation,
  ...bookingOperations,
];
