// Bookings and configs for the booking unit tests.
import { loadClinicConfigFile, parseClinicConfig } from '../../../../shared/config/load.ts';
import type { ClinicConfig, ClinicConfigInput } from '../../../../shared/core/config/schema.ts';
import type { Booking } from '../../../../shared/core/scheduling/booking.ts';
import { hashManageToken } from '../../../../shared/core/scheduling/tokens.ts';

/** The example clinic (config/dev.json): 5-minute lock blocks, America/New_York. */
export const devConfig: ClinicConfig = loadClinicConfigFile('config/dev.json');

/** The example clinic edited; bookability is not checked, so tests can build clinics the store refuses. */
export function configWith(edit: (input: ClinicConfigInput) => void): ClinicConfig {
  const input = structuredClone(JSON.parse(JSON.stringify(devConfig))) as ClinicConfigInput;
  edit(input);
  return parseClinicConfig(input, 'test clinic', { checkBookability: false });
}

export const TOKEN = 'test-token-with-plenty-of-entropy-aaaaaaaaaa';

/** A confirmed new-patient booking with Dr. Lee, Tue Dec 1 2026 09:00–09:45 New York time. */
export function booking(overrides: Partial<Booking> = {}): Booking {
  return {
    id: '01KBOOKING000000000000000A',
    status: 'confirmed',
    typeId: 'new-patient',
    providerId: 'dr-lee',
    start: new Date('2026-12-01T14:00:00.000Z'),
    end: new Date('2026-12-01T14:45:00.000Z'),
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 15,
    lockBlockMinutes: 5,
    patient: { name: 'Ana Díaz', email: 'ana@example.com', phone: '+12015550123' },
    reason: 'Lower back pain',
    attribution: { utm_source: 'google' },
    tokenHash: hashManageToken(TOKEN),
    sequence: 0,
    createdAt: new Date('2026-11-20T15:00:00.000Z'),
    updatedAt: new Date('2026-11-20T15:00:00.000Z'),
    ...overrides,
  };
}
