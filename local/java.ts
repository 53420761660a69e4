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

/** What running `java -version` gave: spawnSync's result, or a stand-in for it in a test. */
export interface JavaVersionRun {
  readonly error?: Error;
  readonly status: number | null;
  readonly stdout?: string | null;
  readonly stderr?: string | null;
}

/** The Java major version a run reports, or JavaUnavailableError saying why it will not do. */
export function javaMajorOf(run: JavaVersionRun, command = 'java'): number {
  if (run.error) {
    const code = (run.error as NodeJS.ErrnoException).code;
    throw new JavaUnavailableError(
      code === 'ENOENT'
        ? `No "${command}" command was found.`
        : `"${command} -version" failed (${code ?? run.error.message}).`,
    );
  }
  // Java prints its version on stderr; some builds and wrappers use stdout.
  const major = parseJavaMajor(`${run.stderr ?? ''}\n${run.stdout ?? ''}`);
  if (run.status !== 0 || major === undefined) {
    throw new JavaUnavailableError(`"${command} -version" did not report a version (exit ${run.status}).`);
  }
  if (major < MIN_JAVA_MAJOR) {
    throw new JavaUnavailableError(`Java ${major} was found.`);
  }
  return major;
}

/** Returns the Java major version, or throws JavaUnavailableError saying what to install. */
export function checkJava(command = 'java'): number {
  return javaMajorOf(spawnSync(command, ['-version'], { encoding: 'utf8', timeout: 15_000 }), command);
}
