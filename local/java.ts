// DynamoDB Local is a Java program: check for a usable runtime before anything starts, so a
// missing or old Java is one clear message instead of a stack trace from a child process.
import { spawnSync } from 'node:child_process';

export const MIN_JAVA_MAJOR = 17;

export class JavaUnavailableError extends Error {
  constructor(reason: string) {
    super(
      `${reason}\nDynamoDB Local needs a Java runtime, version ${MIN_JAVA_MAJOR} or newer, on the PATH.\n` +
        'Install one, e.g. on Debian/Ubuntu: apt-get install -y openjdk-17-jre-headless ' +
        '(macOS: brew install openjdk@17), then run npm run dev again.',
    );
    this.name = 'JavaUnavailableError';
  }
}

/** The major version from `java -version` output: `"17.0.15"` → 17, `"1.8.0_402"` → 8. */
export function parseJavaMajor(versionOutput: string): number | undefined {
  const quoted = /version "([^"]+)"/.exec(versionOutput)?.[1];
  if (!quoted) return undefined;
  const parts = quoted.split(/[._-]/).map((part) => Number.parseInt(part, 10));
  const major = parts[0] === 1 ? parts[1] : parts[0];
  return major !== undefined && Number.isFinite(major) ? major : undefined;
}

/** Returns the Java major version, or throws JavaUnavailableError saying what to install. */
export function checkJava(command = 'java'): number {
  const result = spawnSync(command, ['-version'], { encoding: 'utf8', timeout: 15_000 });
  if (result.error) {
    const code = (result.error as NodeJS.ErrnoException).code;
    throw new JavaUnavailableError(
      code === 'ENOENT'
        ? `No "${command}" command was found.`
        : `"${command} -version" failed (${code ?? result.error.message}).`,
    );
  }
  const output = `${result.stderr ?? ''}\n${result.stdout ?? ''}`;
  const major = parseJavaMajor(output);
  if (result.status !== 0 || major === undefined) {
    throw new JavaUnavailableError(`"${command} -version" did not report a version (exit ${result.status}).`);
  }
  if (major < MIN_JAVA_MAJOR) {
    throw new JavaUnavailableError(`Java ${major} was found.`);
  }
  return major;
}
