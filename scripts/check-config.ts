// Validates clinic config files without deploying: npx tsx scripts/check-config.ts config/prod.json …
import { ClinicConfigError, loadClinicConfigFile } from '../shared/config/load.ts';

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: npx tsx scripts/check-config.ts <config.json> [more.json …]');
  process.exit(2);
}
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
