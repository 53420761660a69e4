// Turning zod results into the API's field errors, without echoing what the client sent.
import { type FieldError, ValidationError } from '../../core/errors.ts';
import * as z from '../../core/zod.ts';

const MISSING = 'This field is required';

function fieldPath(path: readonly PropertyKey[]): string {
  return path.map(String).join('.') || '(body)';
}

export function toFieldErrors(issues: readonly z.core.$ZodIssue[]): FieldError[] {
  const seen = new Set<string>();
  const errors: FieldError[] = [];
  for (const issue of issues) {
    const path = fieldPath(issue.path);
    if (seen.has(path)) continue; // one message per field is what a form can show
    seen.add(path);
    errors.push({ path, message: issue.message });
  }
  return errors;
}

/** Parses `input` with `schema` or throws a 400 ValidationError listing each bad field. */
export function parseInput<T extends z.core.$ZodType>(schema: T, input: unknown): z.output<T> {
  // zod's functional parse: the same for classic and zod/mini schemas.
  const result = z.safeParse(schema, input, {
    error: (issue) => (issue.input === undefined && issue.code === 'invalid_type' ? MISSING : undefined),
  });
  if (!result.success) throw new ValidationError(toFieldErrors(result.error.issues));
  return result.data;
}
