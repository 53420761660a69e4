// Reading and validating a clinic config file, with messages that name each key path and reason.
import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { type ClinicConfig, clinicConfigSchema } from './schema.ts';

export class ClinicConfigError extends Error {
  constructor(
    readonly source: string,
    readonly problems: readonly string[],
  ) {
    super(`Invalid clinic config ${source}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ClinicConfigError';
  }
}

/** `scheduling.providers[1].weeklyHours.tue[0]` from a zod issue path. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => {
    if (typeof key === 'number') return `${out}[${key}]`;
    const name = String(key);
    return out === '' ? name : `${out}.${name}`;
  }, '');
}

export function describeIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => {
    const path = formatPath(issue.path);
    if (issue.code === 'unrecognized_keys') {
      const keys = issue.keys.map((key) => (path ? `${path}.${key}` : key));
      return `${keys.join(', ')}: unknown key${keys.length > 1 ? 's' : ''}`;
    }
    return `${path || '(root)'}: ${issue.message}`;
  });
}

/** Validates a parsed document; throws ClinicConfigError listing every problem. */
export function parseClinicConfig(document: unknown, source = 'config'): ClinicConfig {
  const result = clinicConfigSchema.safeParse(document);
  if (!result.success) throw new ClinicConfigError(source, describeIssues(result.error.issues));
  return result.data;
}

export function loadClinicConfigFile(path: string): ClinicConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ClinicConfigError(path, [`cannot read the file (${(error as NodeJS.ErrnoException).code ?? error})`]);
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new ClinicConfigError(path, [`not valid JSON: ${(error as Error).message}`]);
  }
  return parseClinicConfig(document, path);
}
