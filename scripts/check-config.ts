// Validates clinic config files without deploying: `npm run config:check` checks every stage's
// file in config/; `npm run config:check -- path/to/clinic.json …` checks the files named.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ClinicConfigError, loadClinicConfigFile } from '../shared/config/load.ts';

const named = process.argv.slice(2);
const files =
  named.length > 0
    ? named
    : readdirSync('config')
        .filter((name) => name.endsWith('.json') && !name.endsWith('.schema.json'))
        .map((name) => join('config', name));
let failed = false;
for (const file of files) {
  try {
    loadClinicConfigFile(file);
    console.info(`${file}: valid`);
  } catch (error) {
    if (!(error instanceof ClinicConfigError)) throw error;
    console.error(error.message);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
