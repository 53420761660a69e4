import { describe, expect, it } from 'vitest';
import { errorFacts } from '../../../shared/platform/logger.ts';

describe('errorFacts', () => {
  it('keeps the kind and the frames of an error, never its message, even one running over several lines', () => {
    const error = new Error('Could not deliver\nto: jane.doe@example.com\nphone +12015550143');
    const facts = errorFacts(error);
    const logged = JSON.stringify(facts);
    expect(facts.errorType).toBe('Error');
    expect((facts.stack as string[]).length).toBeGreaterThan(0);
    expect((facts.stack as string[]).every((line) => line.startsWith('at '))).toBe(true);
    expect(logged).not.toContain('jane.doe@example.com');
    expect(logged).not.toContain('+12015550143');
    expect(logged).not.toContain('Could not deliver');
  });

  it('keeps an AWS error code, which names a condition rather than data', () => {
    const error = Object.assign(new Error('Email address is not verified: jane@example.com'), {
      name: 'MessageRejected',
      code: 'MessageRejected',
    });
    expect(errorFacts(error)).toMatchObject({ errorType: 'MessageRejected', errorCode: 'MessageRejected' });
    expect(JSON.stringify(errorFacts(error))).not.toContain('jane@example.com');
  });
});
