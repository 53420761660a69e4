// The numbering plans the phone rules read (libphonenumber-js "max" metadata, 150 KB). Deployed
// bundles alias this import to the plans of the clinic's calling code alone (built at synth by
// infra/support/phone-metadata.ts): every number the rules accept has that calling code, so the
// other plans could only ever turn a number down that is turned down anyway.
import metadata from 'libphonenumber-js/metadata.max';

export const PHONE_METADATA = metadata;
