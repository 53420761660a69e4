// The phone metadata a function bundle carries: the numbering plans of the clinic's calling code
// only (for a US clinic the 25 countries of +1, 15 KB instead of 150 KB), in the shape
// libphonenumber-js reads (what its metadata generator writes for a list of countries). The
// bundle aliases `libphonenumber-js/metadata.max` to the file written here (clinic-function.ts).
import { type CountryCode, getCountryCallingCode, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import full from 'libphonenumber-js/metadata.max';
import { writeCacheModule } from './cache-file.ts';

/** The import shared/core/inquiries/phone-metadata.ts reads the plans from. */
export const PHONE_METADATA_IMPORT = 'libphonenumber-js/metadata.max';

interface Metadata {
  version: number;
  country_calling_codes: Record<string, string[]>;
  countries: Record<string, unknown>;
  nonGeographic?: Record<string, unknown>;
}

/**
 * The plans of the calling codes a bundle can meet: the clinic's country's (every number a patient
 * or the front desk gives is checked to have it) and the clinic's own phone's, should that differ.
 */
export function phoneMetadataFor(clinic: {
  readonly country: string;
  readonly phone?: string | undefined;
}): Metadata {
  const source = full as unknown as Metadata;
  const codes = new Set([getCountryCallingCode(clinic.country as CountryCode) as string]);
  const own = clinic.phone ? parsePhoneNumberFromString(clinic.phone) : undefined;
  if (own) codes.add(own.countryCallingCode);
  const callingCodes: Record<string, string[]> = {};
  const countries: Record<string, unknown> = {};
  const nonGeographic: Record<string, unknown> = {};
  for (const code of codes) {
    const members = source.country_calling_codes[code] ?? [];
    callingCodes[code] = members;
    for (const member of members) countries[member] = source.countries[member];
    const plan = source.nonGeographic?.[code];
    if (plan) nonGeographic[code] = plan;
  }
  return {
    version: source.version,
    country_calling_codes: callingCodes,
    countries,
    ...(Object.keys(nonGeographic).length > 0 ? { nonGeographic } : {}),
  };
}

/** Writes the module once per content and returns its path (under node_modules/.cache). */
export function phoneMetadataModule(clinic: Parameters<typeof phoneMetadataFor>[0]): string {
  const text = `export default ${JSON.stringify(phoneMetadataFor(clinic))};\n`;
  return writeCacheModule('phone-metadata', text);
}
