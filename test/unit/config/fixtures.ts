// Builders for clinic config tests: the smallest valid file, and edits addressed by key path.
import { ClinicConfigError, parseClinicConfig } from '../../../shared/config/load.ts';
import type { ClinicConfig, ClinicConfigInput } from '../../../shared/core/config/schema.ts';

/** Only the keys CONFIG.md requires. */
export function minimalConfig(): ClinicConfigInput {
  return {
    clinic: { name: 'Test Clinic', timeZone: 'America/New_York' },
    email: { from: 'Test Clinic <desk@clinic.example>', staff: ['staff@clinic.example'] },
    cors: { allowedOrigins: ['https://www.clinic.example'] },
    scheduling: {
      weeklyHours: { mon: [['09:00', '17:00']] },
      appointmentTypes: [{ id: 'consult', name: 'Consultation', durationMinutes: 30 }],
      providers: [{ id: 'dr-a', name: 'Dr. A' }],
    },
  };
}

/** `scheduling.providers[1].weeklyHours.tue` → ['scheduling', 'providers', 1, 'weeklyHours', 'tue']. */
function keysOf(path: string): (string | number)[] {
  return [...path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map(
    ([, key, index]) => (index === undefined ? key : Number(index)) as string | number,
  );
}

type Node = Record<string | number, unknown>;

/**
 * A copy of `base` with each path set to its value; `undefined` removes the key. Missing
 * objects and arrays on the way are created, so `providers[1].id` adds a second provider.
 */
export function edited(edits: Record<string, unknown>, base: unknown = minimalConfig()): unknown {
  const document = structuredClone(base) as Node;
  for (const [path, value] of Object.entries(edits)) {
    const keys = keysOf(path);
    let node = document;
    keys.slice(0, -1).forEach((key, i) => {
      node[key] ??= typeof keys[i + 1] === 'number' ? [] : {};
      node = node[key] as Node;
    });
    const last = keys.at(-1) as string | number;
    if (value === undefined) delete node[last];
    else node[last] = value;
  }
  return document;
}

/** The problems reported for a document, or [] when it is valid. */
export function problemsOf(document: unknown): readonly string[] {
  try {
    parseClinicConfig(document);
    return [];
  } catch (error) {
    if (error instanceof ClinicConfigError) return error.problems;
    throw error;
  }
}

/** The problems reported for the minimal config with these edits. */
export function problemsWith(edits: Record<string, unknown>): readonly string[] {
  return problemsOf(edited(edits));
}

export function parsedWith(edits: Record<string, unknown> = {}): ClinicConfig {
  return parseClinicConfig(edited(edits));
}
