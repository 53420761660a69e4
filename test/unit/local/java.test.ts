import { describe, expect, it } from 'vitest';
import { checkJava, JavaUnavailableError, parseJavaMajor } from '../../../local/java.ts';

describe('the Java check for DynamoDB Local', () => {
  it('reads the major version of modern and legacy version strings', () => {
    expect(parseJavaMajor('openjdk version "17.0.15" 2025-04-15\nOpenJDK Runtime Environment')).toBe(17);
    expect(parseJavaMajor('openjdk version "21" 2023-09-19')).toBe(21);
    expect(parseJavaMajor('java version "1.8.0_402"')).toBe(8);
    expect(parseJavaMajor('openjdk version "25-ea" 2025-09-16')).toBe(25);
    expect(parseJavaMajor('command not found')).toBeUndefined();
  });

  it('says what to install when there is no java command', () => {
    expect(() => checkJava('java-that-does-not-exist-here')).toThrow(JavaUnavailableError);
    expect(() => checkJava('java-that-does-not-exist-here')).toThrow(
      /apt-get install -y openjdk-17-jre-headless/,
    );
  });

  it('accepts the Java runtime this machine has (17 or newer)', () => {
    expect(checkJava()).toBeGreaterThanOrEqual(17);
  });
});
