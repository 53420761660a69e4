// The one logger. It is given operational facts only (route, status, timings, ids we generate);
// request bodies, headers and anything a patient typed never reach it.
import { Logger } from '@aws-lambda-powertools/logger';

export const logger = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'clinic-front-door',
});

/** What may be logged of an unexpected error: its kind and where it came from, never its message. */
export function errorFacts(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { errorType: typeof error };
  // Only the "at …" frames: a message can run over several lines, and it may quote input.
  const frames = (error.stack ?? '')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith('at '))
    .slice(0, 7);
  const code = (error as { code?: unknown }).code;
  return {
    errorType: error.name,
    ...(typeof code === 'string' ? { errorCode: code } : {}),
    ...(error.constructor?.name && error.constructor.name !== error.name
      ? { errorClass: error.constructor.name }
      : {}),
    stack: frames,
  };
}
