// What the leads and audit handlers share: their dependencies, created once per container (who a
// request comes from is staff-audit.ts's callerOf).
import type { LeadDeps } from '../../app/staff/leads.ts';
import type { ClinicConfig } from '../../core/config/schema.ts';
import { requireEnv } from '../../platform/env.ts';
import { DynamoAuditLog } from '../dynamodb/audit-log.ts';
import { dynamoDb } from '../dynamodb/client.ts';
import { DynamoLeadStore } from '../dynamodb/lead-store.ts';

export function leadDeps(config: ClinicConfig): LeadDeps {
  const tableName = requireEnv('TABLE_NAME');
  const { timeZone } = config.clinic;
  return {
    leads: new DynamoLeadStore(dynamoDb, tableName, timeZone, config.retention.inquiryDays),
    audit: new DynamoAuditLog(dynamoDb, tableName, config.retention.auditDays),
    timeZone,
  };
}
