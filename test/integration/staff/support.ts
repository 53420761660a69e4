// What every staff integration test needs: the shared stack's user pool, a signed-in token per
// demo user, and `staffApi()` — `api()` with `Authorization: Bearer <that user's access token>`.
import { type ApiRequest, type ApiResponse, api, localStack } from '../support/index.ts';
import { sharedStaff } from '../support/staff.ts';

export type StaffUser = 'frontdesk' | 'admin' | 'nobody';

let staff: ReturnType<typeof sharedStaff> | undefined;

export function staffOfStack(): ReturnType<typeof sharedStaff> {
  staff ??= sharedStaff(localStack().staffPool);
  return staff;
}

export async function staffApi(
  path: string,
  request: ApiRequest = {},
  as: StaffUser = 'frontdesk',
): Promise<ApiResponse> {
  const token = await staffOfStack().tokenOf(as);
  return api(path, { ...request, headers: { ...request.headers, authorization: `Bearer ${token}` } });
}
