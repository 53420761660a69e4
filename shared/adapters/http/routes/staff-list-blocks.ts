// GET /v1/staff/blocks: the time taken out of the schedule in a range of days.
import {
  blockListSchema,
  listBlocksQuery,
  MAX_BLOCK_LIST_DAYS,
} from '../../../core/scheduling/block-schemas.ts';
import { defineRoute } from '../route-record.ts';

export const staffListBlocksRoute = defineRoute({
  id: 'StaffListBlocks',
  method: 'GET',
  path: '/v1/staff/blocks',
  entry: 'functions/staff-list-blocks.ts',
  // Reads blocks, and appends the read to the audit trail.
  table: 'readAndAudit',
  auth: 'staff',
  request: () => ({ query: listBlocksQuery }),
  responses: {
    200: { description: 'Every block that meets the range, sorted by start', schema: blockListSchema },
  },
  docs: {
    operationId: 'listStaffBlocks',
    summary: 'List blocked time',
    description: [
      'The blocks that meet the local dates `from`..`to` (the clinic’s time zone, both included, at most',
      `${MAX_BLOCK_LIST_DAYS} days), whole and sorted by start. \`providerId: null\` is a clinic-wide block.`,
      'With `provider`, only the blocks that hold that provider: its own and the clinic-wide ones (an',
      'unknown provider is `400`). A block’s reason may be personal, so each call is recorded in the audit',
      'trail (`block.listed`, with the range asked).',
    ].join(' '),
    tags: ['Staff'],
    problems: [],
  },
});
