// Clinic configs and bookings for the slot engine's tests.
import { fileURLToPath } from 'node:url';
import { loadClinicConfigFile, parseClinicConfig } from '../../../shared/config/load.ts';
import type { ClinicConfig, ClinicConfigInput } from '../../../shared/core/config/schema.ts';
import type { BusyBooking } from '../../../shared/core/scheduling/slots.ts';

type SchedulingInput = ClinicConfigInput['scheduling'];

/** The example clinic of config/dev.json (America/New_York). */
export function exampleClinic(): ClinicConfig {
  return loadClinicConfigFile(fileURLToPath(new URL('../../../config/dev.json', import.meta.url)));
}

/**
 * A clinic with only what a test says; no notice and a two-year window unless the test is
 * about them, so each test sees the one rule it is about.
 */
export function clinic(
  scheduling: Partial<SchedulingInput> & Pick<SchedulingInput, 'weeklyHours'>,
  timeZone = 'America/New_York',
): ClinicConfig {
  return parseClinicConfig({
    clinic: { name: 'Test Clinic', timeZone },
    email: { from: 'desk@clinic.example', staff: ['staff@clinic.example'] },
    cors: { allowedOrigins: ['https://www.clinic.example'] },
    scheduling: {
      minNoticeMinutes: 0,
      maxAdvanceDays: 730,
      appointmentTypes: [{ id: 'hour', name: 'One hour', durationMinutes: 60 }],
      providers: [{ id: 'dr-a', name: 'Dr. A' }],
      ...scheduling,
    },
  });
}

export function booking(
  providerId: string,
  start: string,
  minutes: number,
  buffers: { before?: number; after?: number } = {},
): BusyBooking {
  const startDate = new Date(start);
  return {
    providerId,
    start: startDate,
    end: new Date(startDate.getTime() + minutes * 60_000),
    bufferBeforeMinutes: buffers.before ?? 0,
    bufferAfterMinutes: buffers.after ?? 0,
  };
}
