// DELETE /v1/staff/blocks/{id}: give blocked time back to the schedule.
import { BLOCK_NOT_FOUND } from '../../../app/staff/blocks.ts';
import { blockIdParams } from '../../../core/scheduling/block-schemas.ts';
import { defineRoute } from '../route-record.ts';

export const staffDeleteBlockRoute = defineRoute({
  id: 'StaffDeleteBlock',
  method: 'DELETE',
  path: '/v1/staff/blocks/{id}',
  entry: 'functions/staff-delete-block.ts',
  table: 'readWrite',
  auth: 'staff',
  timeoutSeconds: 60,
  request: () => ({ params: blockIdParams }),
  notFound: BLOCK_NOT_FOUND,
  responses: { 204: { description: 'Deleted: the time is open again' } },
  docs: {
    operationId: 'deleteStaffBlock',
    summary: 'Delete a block',
    description: [
      'Releases exactly the block’s own locks (a time another block also holds stays held) and removes',
      'it: the time is offered again at once. An unknown or malformed id is `404`. Recorded in the audit',
      'trail (`block.deleted`).',
    ].join(' '),
    tags: ['Staff'],
    problems: ['not_found'],
  },
});
