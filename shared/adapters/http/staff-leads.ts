// What the leads and audit handlers share: their dependencies, created once per container, and
// who a request comes from as the use cases record it.
import type { LeadDeps } from '../../app/staff/leads.ts';
import type { ClinicConfig } from '../../core/config/schema.ts';
import { requireEnv } from '../../platform/env.ts';
import { DynamoAuditLog } from '../dynamodb/audit-log.ts';
import { dynamoDb } from '../dynamodb/client.ts';
import { DynamoLeadStore } from '../dynamodb/lead-store.ts';
import type { StaffRequest } from './staff-route.ts';

export function leadDeps(config: ClinicConfig): LeadDeps {
  const tableName = requireEnv('TABLE_NAME');
  const { timeZone } = config.clinic;
  return {
    leads: new DynamoLeadStore(dynamoDb, tableName, timeZone),
    audit: new DynamoAuditLog(dynamoDb, tableName, config.retention.auditDays),
    timeZone,
  };
}
