import { describe, expect, it } from 'vitest';
import {
  checkJava,
  JavaUnavailableError,
  javaMajorOf,
  MIN_JAVA_MAJOR,
  parseJavaMajor,
} from '../../../local/java.ts';

/** `java -version` as a given runtime prints it (on stderr, as the JDK does). */
const printed = (stderr: string, status = 0) => ({ status, stderr, stdout: '' });

describe('the Java check for DynamoDB Local', () => {
  it('reads the major version of modern and legacy version strings', () => {
    expect(parseJavaMajor('openjdk version "17.0.15" 2025-04-15\nOpenJDK Runtime Environment')).toBe(17);
    expect(parseJavaMajor('openjdk version "21" 2023-09-19')).toBe(21);
    expect(parseJavaMajor('java version "1.8.0_402"')).toBe(8);
    expect(parseJavaMajor('openjdk version "25-ea" 2025-09-16')).toBe(25);
    expect(parseJavaMajor('command not found')).toBeUndefined();
  });

  it.each([
    ['openjdk version "17.0.15" 2025-04-15', 17],
    ['openjdk version "21.0.2" 2024-01-16 LTS', 21],
    ['Picked up JAVA_TOOL_OPTIONS: -Xmx1g\nopenjdk version "25-ea" 2025-09-16', 25],
  ])('accepts %j as Java %i', (output, major) => {
    expect(javaMajorOf(printed(output))).toBe(major);
  });

  it('reads a version printed on stdout too', () => {
    expect(javaMajorOf({ status: 0, stdout: 'openjdk version "17.0.1"', stderr: '' })).toBe(17);
  });

  it.each([
    ['java version "1.8.0_402"', 8],
    ['openjdk version "11.0.22" 2024-01-16', 11],
    ['openjdk version "16.0.2" 2021-07-20', 16],
  ])(`refuses %j (Java %i, older than ${MIN_JAVA_MAJOR}), saying what to install`, (output, major) => {
    expect(() => javaMajorOf(printed(output))).toThrow(JavaUnavailableError);
    expect(() => javaMajorOf(printed(output))).toThrow(`Java ${major} was found.`);
    expect(() => javaMajorOf(printed(output))).toThrow(/apt-get install -y openjdk-17-jre-headless/);
  });

  it('refuses a run that prints no version, or fails, naming its exit status', () => {
    expect(() => javaMajorOf(printed('Error: could not find libjava.so', 1))).toThrow(
      '"java -version" did not report a version (exit 1).',
    );
    expect(() => javaMajorOf(printed('openjdk version "21"', 1))).toThrow(JavaUnavailableError);
    expect(() => javaMajorOf(printed('something else entirely'))).toThrow(
      'did not report a version (exit 0)',
    );
  });

  it('tells a missing command from one that could not run', () => {
    const enoent = Object.assign(new Error('spawnSync java ENOENT'), { code: 'ENOENT' });
    expect(() => javaMajorOf({ error: enoent, status: null })).toThrow('No "java" command was found.');
    const timedOut = Object.assign(new Error('spawnSync java ETIMEDOUT'), { code: 'ETIMEDOUT' });
    expect(() => javaMajorOf({ error: timedOut, status: null })).toThrow(
      '"java -version" failed (ETIMEDOUT).',
    );
  });

  it('says what to install when there is no java command', () => {
    expect(() => checkJava('java-that-does-not-exist-here')).toThrow(JavaUnavailableError);
    expect(() => checkJava('java-that-does-not-exist-here')).toThrow(
      /No "java-that-does-not-exist-here" command was found[\s\S]*apt-get install -y openjdk-17-jre-headless/,
    );
  });
});
