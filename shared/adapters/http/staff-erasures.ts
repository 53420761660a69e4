// What the erasure route shares with `npm run erase`: the use case's dependencies for a table.

import type { ErasureDeps } from '../../app/staff/erasure.ts';
import type { ClinicConfig } from '../../core/config/schema.ts';
import { DynamoAuditLog } from '../dynamodb/audit-log.ts';
import { DynamoErasureStore } from '../dynamodb/erasure-store.ts';
import type { DynamoDBClient } from '../dynamodb/wire-client.ts';

export function erasureDeps(config: ClinicConfig, client: DynamoDBClient, tableName: string): ErasureDeps {
  return {
    erasures: new DynamoErasureStore(client, tableName, {
      timeZone: config.clinic.timeZone,
      inquiryDays: config.retention.inquiryDays,
      bookingDaysAfterVisit: config.retention.bookingDaysAfterVisit,
      maxAdvanceDays: config.scheduling.maxAdvanceDays,
    }),
    audit: new DynamoAuditLog(client, tableName, config.retention.auditDays),
  };
}
