// POST /v1/staff/blocks: block time, or 409 with the bookings in the way (cancelled on request).
import { blockDeps } from '../shared/adapters/http/block-requests.ts';
import { presentCreatedBlock } from '../shared/adapters/http/presenters/blocks.ts';
import { staffCreateBlockRoute } from '../shared/adapters/http/routes/staff-create-block.ts';
import { callerOf } from '../shared/adapters/http/staff-audit.ts';
import { staffRoute } from '../shared/adapters/http/staff-route.ts';
import { createBlock } from '../shared/app/staff/blocks.ts';
import { clinicConfig } from '../shared/config/runtime.ts';

const config = clinicConfig();
const deps = blockDeps(config);

export const handler = staffRoute(staffCreateBlockRoute, async (request) => {
  const { block } = await createBlock(deps, request.body, await callerOf(request));
  return presentCreatedBlock(block, config.clinic.timeZone);
});
