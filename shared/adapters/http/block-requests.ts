// What the block handlers share: their dependencies, created once per container.
import { type BlockDeps, cancelForBlock } from '../../app/staff/blocks.ts';
import type { ClinicConfig } from '../../core/config/schema.ts';
import { requireEnv } from '../../platform/env.ts';
import { DynamoAuditLog } from '../dynamodb/audit-log.ts';
import { DynamoBlockStore } from '../dynamodb/block-store.ts';
import { dynamoDb } from '../dynamodb/client.ts';
import { bookingDeps } from './booking-requests.ts';

export function blockDeps(config: ClinicConfig): BlockDeps {
  const tableName = requireEnv('TABLE_NAME');
  return {
    config,
    store: new DynamoBlockStore(dynamoDb, tableName, config),
    audit: new DynamoAuditLog(dynamoDb, tableName, config.retention.auditDays),
    cancelBooking: cancelForBlock(bookingDeps(config)),
  };
}
