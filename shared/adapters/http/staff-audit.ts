// Who a staff request's use case acts for: the member (their email looked up in the pool), the
// client's address and the request's time — what history and audit trail both record.
import type { StaffCaller } from '../../app/staff/caller.ts';
import type { StaffRequest } from './staff-route.ts';

export async function callerOf(
  request: Pick<StaffRequest, 'staff' | 'clientIp' | 'now'>,
): Promise<StaffCaller> {
  return {
    actor: { sub: request.staff.sub, email: await request.staff.email() },
    ip: request.clientIp,
    now: request.now,
  };
}
