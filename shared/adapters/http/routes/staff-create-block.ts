// POST /v1/staff/blocks: take time out of the schedule, live (docs/scheduling.md "Blocks").
import { blockViewSchema, createBlockBody } from '../../../core/scheduling/block-schemas.ts';
import { MAX_BLOCK_DAYS } from '../../../core/scheduling/blocks.ts';
import { defineRoute } from '../route-record.ts';

export const staffCreateBlockRoute = defineRoute({
  id: 'StaffCreateBlock',
  method: 'POST',
  path: '/v1/staff/blocks',
  entry: 'functions/staff-create-block.ts',
  table: 'readWrite',
  auth: 'staff',
  // A month-long clinic-wide block claims thousands of lock items, 100 per transaction.
  timeoutSeconds: 60,
  request: () => ({ body: createBlockBody }),
  responses: { 201: { description: 'The block; its time is no longer offered', schema: blockViewSchema } },
  docs: {
    operationId: 'createStaffBlock',
    summary: 'Block time',
    description: [
      'Takes [start, end) out of the schedule of one provider (`providerId`) or, without it, of every',
      `provider (at most ${MAX_BLOCK_DAYS} days; \`end\` in the future). The time leaves public availability at`,
      'once and no booking can take it: the block claims the providers’ time with the lock items bookings',
      'claim. When confirmed bookings are in the way (their time, buffers included, meets the block),',
      'the answer is `409 conflicts_with_bookings` with `bookings: [{id, start, providerId}]` and nothing',
      'is blocked; with `cancelAffected: true` they are cancelled first, as staff cancellations (each',
      'patient is emailed; each booking’s history names who), and the block is made. Overlapping blocks',
      'are allowed. Recorded in the audit trail (`block.created`, and `booking.cancelled` per booking).',
    ].join(' '),
    tags: ['Staff'],
    problems: ['conflicts_with_bookings'],
  },
});
