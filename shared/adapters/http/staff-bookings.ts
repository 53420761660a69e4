// What the staff bookings handlers share: their dependencies, created once per container, and the
// patient's manage link for a new booking (who a request comes from is staff-audit.ts's callerOf).
import type { RequestContext } from '../../app/scheduling/bookings.ts';
import type { StaffBookingDeps } from '../../app/staff/bookings.ts';
import type { ClinicConfig } from '../../core/config/schema.ts';
import { requireEnv } from '../../platform/env.ts';
import { DynamoAgenda } from '../dynamodb/agenda.ts';
import { DynamoAuditLog } from '../dynamodb/audit-log.ts';
import { dynamoDb } from '../dynamodb/client.ts';
import { bookingDeps, requestContext } from './booking-requests.ts';
import type { RequestFacts } from './route.ts';

export function staffBookingDeps(config: ClinicConfig): StaffBookingDeps {
  const tableName = requireEnv('TABLE_NAME');
  return {
    ...bookingDeps(config),
    reader: new DynamoAgenda(dynamoDb, tableName),
    audit: new DynamoAuditLog(dynamoDb, tableName, config.retention.auditDays),
  };
}

/** The patient's manage link of a booking made now (it goes in their confirmation email). */
export function manageLinkOf(config: ClinicConfig, request: RequestFacts): RequestContext['manageUrl'] {
  return requestContext(config, request).manageUrl;
}
