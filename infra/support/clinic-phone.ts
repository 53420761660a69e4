// The clinic's own phone as a function bundle shows it, formatted here at synth: the bundle aliases
// `#clinic-phone` (shared/core/inquiries/clinic-phone.ts) to the module written here, so the routes that only
// show the clinic's number carry no phone library (clinic-function.ts). The module answers exactly
// what the source does for the configured clinic; any other phone (no bundle is given one) reads as
// written.
import { type ClinicPhone, clinicPhoneDisplay } from '../../shared/core/inquiries/clinic-phone.ts';
import { writeCacheModule } from './cache-file.ts';

/** The import the shared code reads the clinic's phone through (package.json `imports`). */
export const CLINIC_PHONE_IMPORT = '#clinic-phone';

export function clinicPhoneSource(clinic: ClinicPhone): string {
  const display = clinicPhoneDisplay(clinic);
  return [
    "// Written by infra/support/clinic-phone.ts: the configured clinic's phone, formatted at synth.",
    `const PHONE = ${JSON.stringify(clinic.phone ?? null)};`,
    `const DISPLAY = ${JSON.stringify(display ?? null)};`,
    'export function clinicPhoneDisplay(clinic) {',
    '  if (!clinic.phone) return undefined;',
    '  return clinic.phone === PHONE ? DISPLAY : clinic.phone;',
    '}',
    '',
  ].join('\n');
}

/** Writes the module once per content and returns its path (under node_modules/.cache). */
export function clinicPhoneModule(clinic: ClinicPhone): string {
  return writeCacheModule('clinic-phone', clinicPhoneSource(clinic));
}
