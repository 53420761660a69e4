// Opaque page cursors (API.md "Staff": lists are paged with an opaque `cursor`): where the next
// page starts, as base64url JSON. A cursor that does not decode is the client's mistake: 400.
import { ValidationError } from '../../core/errors.ts';

export function encodeCursor(position: unknown): string {
  return Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
}

export function decodeCursor<T>(cursor: string): T {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (typeof value !== 'object' || value === null) throw new Error('not an object');
    return value as T;
  } catch {
    throw new ValidationError([{ path: 'cursor', message: 'Use the nextCursor of the previous page' }]);
  }
}
