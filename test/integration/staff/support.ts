// What every staff integration test needs: the shared stack's user pool, a signed-in token per
// demo user, and `staffApi()` — `api()` with `Authorization: Bearer <that user's access token>`.
import { QueryCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { auditMonthPartition } from '../../../shared/core/staff/audit.ts';
import {
  type ApiRequest,
  type ApiResponse,
  api,
  localStack,
  testDynamoDb,
  testTableName,
} from '../support/index.ts';
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

const DAY_MS = 86_400_000;

/**
 * The audit entries about a record, read straight from the table (this month's partition, and the
 * last one near a month's turn), each once, newest first.
 */
export async function auditEntriesAbout(recordId: string): Promise<Record<string, unknown>[]> {
  const entries: Record<string, unknown>[] = [];
  for (const at of [new Date(), new Date(Date.now() - 2 * DAY_MS)]) {
    const answer = await testDynamoDb().send(
      new QueryCommand({
        TableName: testTableName(),
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :month',
        FilterExpression: 'recordId = :record',
        ExpressionAttributeValues: { ':month': { S: auditMonthPartition(at) }, ':record': { S: recordId } },
        ScanIndexForward: false,
      }),
    );
    entries.push(...(answer.Items ?? []).map((item) => unmarshall(item)));
  }
  return [...new Map(entries.map((entry) => [entry.id, entry])).values()];
}
