// The clinic's own phone as people read it (`(201) 555-0100`), for the pages, the emails, the invite
// and the refusals that tell a patient to call. Imported as `#clinic-phone`: a deployed bundle
// aliases it to a module holding the text, formatted at synth from the config it carries
// (infra/support/clinic-phone.ts), so a route that shows the clinic's number but reads no phone
// bundles no phone library (GetBooking 264 → 212 KB).
import { displayPhone } from './format.ts';

export interface ClinicPhone {
  readonly phone?: string | undefined;
  readonly country: string;
}

/** The clinic's phone in its own country's format; undefined when the config has none. */
export function clinicPhoneDisplay(clinic: ClinicPhone): string | undefined {
  return clinic.phone ? displayPhone(clinic.phone, clinic.country) : undefined;
}
