// Reading and validating a clinic config file, with messages that name each key path and reason
// in plain English, for the people who edit the file rather than for developers.
import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { type ClinicConfig, clinicConfigSchema } from '../core/config/schema.ts';
import { lockCapacityProblems } from '../core/scheduling/locks.ts';

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
function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => {
    if (typeof key === 'number') return `${out}[${key}]`;
    const name = String(key);
    return out === '' ? name : `${out}.${name}`;
  }, '');
}

const KINDS: Record<string, string> = {
  string: 'text (a string in quotes)',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list [ … ]',
  tuple: 'a list [ … ]',
  object: 'an object { … }',
};

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'number') return Number.isInteger(value) ? 'a whole number' : 'a number';
  if (typeof value === 'string') return 'text';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

function plural(count: number | bigint, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/**
 * Plain-English messages for zod's built-in issues. Messages written in the schema win over
 * these (zod gives a schema's own `error` precedence over a per-parse map).
 */
const plainEnglishErrors: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type': {
      if (issue.input === undefined) return 'is required';
      const expected = KINDS[issue.expected] ?? issue.expected;
      return `must be ${expected}, not ${kindOf(issue.input)}`;
    }
    case 'too_small': {
      const min = issue.minimum;
      if (issue.origin === 'string')
        return min === 1 ? 'must not be empty' : `must be at least ${min} characters`;
      if (issue.origin === 'array' || issue.origin === 'set')
        return `needs at least ${plural(min, 'item', 'items')}`;
      return issue.inclusive ? `must be at least ${min}` : `must be greater than ${min}`;
    }
    case 'too_big': {
      const max = issue.maximum;
      if (issue.origin === 'string') return `must be at most ${plural(max, 'character', 'characters')}`;
      if (issue.origin === 'array' || issue.origin === 'set')
        return `takes at most ${plural(max, 'item', 'items')}`;
      return issue.inclusive ? `must be at most ${max}` : `must be less than ${max}`;
    }
    case 'invalid_format':
      if (issue.format === 'email') return 'must be an email address';
      if (issue.format === 'url') return 'must be a web address';
      return `is not a valid ${issue.format}`;
    case 'not_multiple_of':
      return `must be a multiple of ${issue.divisor}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'unrecognized_keys':
      return issue.keys.length > 1 ? 'unknown keys' : 'unknown key';
    case 'invalid_union':
      return 'does not match any of the allowed forms';
    default:
      return 'is not valid';
  }
};

/**
 * For a value that matched no branch of a union (a closure is a date or a range), the branch
 * that knows every key the value has is the one its author meant: report that branch's own
 * problems. When no single branch does, the union's message says what the allowed forms are.
 */
function intendedBranch(issue: z.core.$ZodIssueInvalidUnion): z.core.$ZodIssue[] | undefined {
  const fitting = issue.errors.filter((branch) =>
    branch.every(
      (inner) => !(inner.path.length === 0 && ['unrecognized_keys', 'invalid_type'].includes(inner.code)),
    ),
  );
  return fitting.length === 1 ? fitting[0] : undefined;
}

/** One `path: reason` line per problem, e.g. `clinic.timeZone: is required`. */
function describeIssues(issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[] = []): string[] {
  return issues.flatMap((issue) => {
    const fullPath = [...prefix, ...issue.path];
    const path = formatPath(fullPath);
    if (issue.code === 'unrecognized_keys') {
      const keys = issue.keys.map((key) => (path ? `${path}.${key}` : key));
      return [`${keys.join(', ')}: unknown key${keys.length > 1 ? 's' : ''}`];
    }
    if (issue.code === 'invalid_union') {
      const branch = intendedBranch(issue);
      if (branch) return describeIssues(branch, fullPath);
    }
    return [`${path || '(the whole file)'}: ${issue.message}`];
  });
}

export interface ParseOptions {
  /**
   * Also refuse appointment types the booking store cannot hold: a booking claims its time with
   * one lock item per block in one transaction of at most 100 items (see
   * shared/core/scheduling/locks.ts). On by default; only tests of the slot engine on
   * arbitrary clinics turn it off.
   * @default true
   */
  readonly checkBookability?: boolean;
}

/** Validates a parsed document; throws ClinicConfigError listing every problem. */
export function parseClinicConfig(
  document: unknown,
  source = 'config',
  options: ParseOptions = {},
): ClinicConfig {
  const result = clinicConfigSchema.safeParse(document, { error: plainEnglishErrors });
  if (!result.success) throw new ClinicConfigError(source, describeIssues(result.error.issues));
  if (options.checkBookability ?? true) {
    const problems = lockCapacityProblems(result.data.scheduling).map(
      (problem) => `${formatPath(['scheduling', ...problem.path])}: ${problem.message}`,
    );
    if (problems.length > 0) throw new ClinicConfigError(source, problems);
  }
  return result.data;
}

export function loadClinicConfigFile(path: string): ClinicConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ClinicConfigError(path, [
      `cannot read the file (${(error as NodeJS.ErrnoException).code ?? error})`,
    ]);
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new ClinicConfigError(path, [`not valid JSON: ${(error as Error).message}`]);
  }
  return parseClinicConfig(document, path);
}
