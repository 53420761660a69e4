// GET /v1/staff/blocks: the blocks of a range of days, whole and by start; audited.
import { blockDeps } from '../shared/adapters/http/block-requests.ts';
import { presentBlocks } from '../shared/adapters/http/presenters/blocks.ts';
import { staffListBlocksRoute } from '../shared/adapters/http/routes/staff-list-blocks.ts';
import { callerOf } from '../shared/adapters/http/staff-audit.ts';
import { staffRoute } from '../shared/adapters/http/staff-route.ts';
import { listBlocks } from '../shared/app/staff/blocks.ts';
import { clinicConfig } from '../shared/config/runtime.ts';

const config = clinicConfig();
const deps = blockDeps(config);

export const handler = staffRoute(staffListBlocksRoute, async (request) =>
  presentBlocks(await listBlocks(deps, request.query, await callerOf(request)), config.clinic.timeZone),
);
