// Writes config/clinic-config.schema.json from the zod schema, so editors complete and check the
// clinic config files (`"$schema": "./clinic-config.schema.json"`). Run: npm run gen:schema
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as z from 'zod';
import { clinicConfigSchema } from '../shared/core/config/schema.ts';

export const CLINIC_CONFIG_SCHEMA_PATH = fileURLToPath(
  new URL('../config/clinic-config.schema.json', import.meta.url),
);

/** The JSON Schema text, exactly as committed. */
export function renderClinicConfigJsonSchema(): string {
  const schema = z.toJSONSchema(clinicConfigSchema, {
    // The file as written: keys with defaults are optional.
    io: 'input',
    // Draft-07 is the draft editors (VS Code, JetBrains) support most completely.
    target: 'draft-7',
    // Cross-key checks (overlapping hours, duplicate ids, …) have no JSON Schema form; the zod
    // schema still enforces them at deploy and in `npm run dev`.
    unrepresentable: 'any',
  });
  return `${JSON.stringify(schema, null, 2)}\n`;
}

if (import.meta.main) {
  writeFileSync(CLINIC_CONFIG_SCHEMA_PATH, renderClinicConfigJsonSchema());
  console.info(`wrote ${CLINIC_CONFIG_SCHEMA_PATH}`);
}
