// Limits the clinic config schema enforces and the adapters that rely on them share.

/**
 * DynamoDB caps an update expression at 4 KB; each slot of the limiter
 * (shared/adapters/dynamodb/rate-limit.ts) costs about 35 characters of it, so the design holds up
 * to a few more than this. A clinic form has no reason to allow more per hour.
 */
export const MAX_RATE_LIMIT_PER_HOUR = 100;

/**
 * Each booking a patient holds is counted from one item per booking (shared/core/scheduling/
 * patients.ts), read in one query per key; this keeps that read to one page and the cap a cap.
 */
export const MAX_ACTIVE_BOOKINGS_PER_PATIENT = 50;
