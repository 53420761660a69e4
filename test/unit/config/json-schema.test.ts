// The JSON Schema beside the config files is what editors check them with: it must be current,
// and it must agree with the zod schema on the shipped files.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import {
  CLINIC_CONFIG_SCHEMA_PATH,
  renderClinicConfigJsonSchema,
} from '../../../scripts/gen-config-schema.ts';
import { edited, minimalConfig } from './fixtures.ts';

const configFile = (name: string) => fileURLToPath(new URL(`../../../config/${name}`, import.meta.url));
const readJson = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'));

const ajv = new Ajv({ strict: true, allErrors: true });
addFormats.default(ajv);
const validate = ajv.compile(readJson(CLINIC_CONFIG_SCHEMA_PATH) as object);

describe('config/clinic-config.schema.json', () => {
  it('is up to date with shared/core/config/schema.ts (run `npm run gen:schema` if not)', () => {
    expect(readFileSync(CLINIC_CONFIG_SCHEMA_PATH, 'utf8')).toBe(renderClinicConfigJsonSchema());
  });

  it('has a title and describes the keys, so editors can show help', () => {
    const schema = readJson(CLINIC_CONFIG_SCHEMA_PATH) as {
      title?: string;
      properties: { clinic: { properties: { timeZone: { description?: string } } } };
    };
    expect(schema.title).toBe('Clinic configuration');
    expect(schema.properties.clinic.properties.timeZone.description).toMatch(/IANA/);
  });

  it.each(['dev.json', 'prod.json'])('is the $schema of config/%s, and accepts it', (name) => {
    const document = readJson(configFile(name)) as { $schema?: string };
    expect(document.$schema).toBe('./clinic-config.schema.json');
    expect(existsSync(resolve(dirname(configFile(name)), document.$schema as string))).toBe(true);
    expect(validate(document), ajv.errorsText(validate.errors)).toBe(true);
  });

  it('accepts a file with only the required keys', () => {
    expect(validate(minimalConfig()), ajv.errorsText(validate.errors)).toBe(true);
  });

  it('flags an unknown key and a missing required key, as the zod schema does', () => {
    expect(validate(edited({ 'scheduling.providers[0].email': 'x' }))).toBe(false);
    expect(validate.errors?.map((e) => [e.instancePath, e.keyword])).toEqual([
      ['/scheduling/providers/0', 'additionalProperties'],
    ]);
    expect(validate(edited({ 'clinic.timeZone': undefined }))).toBe(false);
    expect(validate.errors?.map((e) => [e.instancePath, e.message])).toEqual([
      ['/clinic', "must have required property 'timeZone'"],
    ]);
  });

  it('flags a malformed wall-clock time and a closure that is neither a date nor a range', () => {
    expect(validate(edited({ 'scheduling.weeklyHours.mon': [['9:00', '17:00']] }))).toBe(false);
    expect(validate.errors?.map((e) => e.instancePath)).toEqual(['/scheduling/weeklyHours/mon/0/0']);
    expect(validate(edited({ 'scheduling.closures': [{ day: '2026-12-25' }] }))).toBe(false);
  });
});
