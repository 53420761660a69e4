// DELETE /v1/staff/blocks/{id}: the block's locks released and the block removed; audited.
import { blockDeps } from '../shared/adapters/http/block-requests.ts';
import { presentDeletedBlock } from '../shared/adapters/http/presenters/blocks.ts';
import { staffDeleteBlockRoute } from '../shared/adapters/http/routes/staff-delete-block.ts';
import { callerOf } from '../shared/adapters/http/staff-audit.ts';
import { staffRoute } from '../shared/adapters/http/staff-route.ts';
import { deleteBlock } from '../shared/app/staff/blocks.ts';
import { clinicConfig } from '../shared/config/runtime.ts';

const deps = blockDeps(clinicConfig());

export const handler = staffRoute(staffDeleteBlockRoute, async (request) => {
  await deleteBlock(deps, request.params.id, await callerOf(request));
  return presentDeletedBlock();
});
