// How a lead's values read to people: phone numbers in the clinic's usual format, times in the
// clinic's time zone. Shared by the emails and the thank-you page.
// The same metadata set as validation (fields.ts): the route bundles one set, not two.
import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js/core';
import { PHONE_METADATA } from './phone-metadata.ts';

/** `(201) 555-0143` for a number of the clinic's country, `+44 20 7946 0958` for any other. */
export function displayPhone(phone: string, country: string): string {
  const number = parsePhoneNumberFromString(phone, country as CountryCode, PHONE_METADATA);
  if (!number) return phone;
  return number.country === country ? number.formatNational() : number.formatInternational();
}

/** `Tue, Dec 1, 2026, 11:04 PM EST`: the instant as the clinic's front desk reads a clock. */
export function formatLocalTime(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-US', {
    timeZone,
    weekday: 'short',
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(at);
}
