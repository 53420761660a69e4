// The dependencies POST /v1/bookings is composed of (shared/adapters/http/booking-requests.ts), built
// as the function builds them, against the local table: the booking store and the attempt allowance
// share one read of the pseudonyms' key, so a cold container makes that read once.
import { afterAll, describe, expect, it, vi } from 'vitest';
import { clinicConfigInUse, randomClientIp, stubFunctionEnv, uniqueEmail } from '../support/index.ts';

describe('onlineBookingDeps', () => {
  afterAll(() => {
    vi.unstubAllEnvs();
  });

  it('reads the pseudonyms’ key once for the allowance and the patient’s ledger together', async () => {
    stubFunctionEnv();
    // Imported after the environment is set, as a function's modules are loaded in its container.
    const { dynamoDb } = await import('../../../shared/adapters/dynamodb/client.ts');
    const { onlineBookingDeps } = await import('../../../shared/adapters/http/booking-requests.ts');
    const operations: string[] = [];
    dynamoDb.onAttempt((operation) => operations.push(operation));
    const deps = onlineBookingDeps(clinicConfigInUse());
    const patient = { name: 'Ana', email: uniqueEmail(), phone: '+12015550123' };
    const [attempt, held] = await Promise.all([
      deps.attempts.take(randomClientIp(), 5, new Date()),
      deps.store.patientBookings(patient),
    ]);
    expect(attempt.allowed).toBe(true);
    expect(held.email.version).toBeUndefined();
    // The allowance is an UpdateItem and the ledger two Querys: the one GetItem is the key's.
    expect(operations.filter((operation) => operation === 'GetItem')).toEqual(['GetItem']);
    expect(operations).toContain('UpdateItem');
  });
});
