// The aws-ses-v2-local SES emulator, run as its own process: it takes SES v1 (the query API on
// `POST /`) and v2 calls, keeps every email in memory and shows them at `/` and as JSON at `/store`.
import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { captureOutput, PortInUseError, stopChild, waitForOutput, waitUntilReady } from './processes.ts';

export interface SesEmulatorOptions {
  /** 0: the port the OS hands the emulator (read back from what it prints). */
  readonly port: number;
  readonly host?: string;
  /** Told the emulator's pid as soon as it is spawned (see startReaper). */
  readonly onSpawn?: (pid: number | undefined) => void;
}

export interface RunningSesEmulator {
  readonly url: string;
  /** The port it listens on (the OS's pick when asked for 0). */
  readonly port: number;
  readonly pid: number | undefined;
  stop(): Promise<void>;
}

function emulatorCli(): string {
  return createRequire(import.meta.url).resolve('aws-ses-v2-local/dist/cli.js');
}

export async function startSesEmulator(options: SesEmulatorOptions): Promise<RunningSesEmulator> {
  const host = options.host ?? '127.0.0.1';
  // The same Node that runs the stack (the project's pinned one), not whatever `node` is on the PATH.
  const child: ChildProcess = spawn(
    process.execPath,
    [emulatorCli(), '--port', String(options.port), '--host', host],
    // SMTP_TRANSPORT would forward every email to a real SMTP server; the local stack never does.
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, SMTP_TRANSPORT: '' } },
  );
  options.onSpawn?.(child.pid);
  const output = captureOutput(child);
  let url: string;
  let port: number;
  try {
    // Printed by the emulator's CLI once it listens: the port is then its own, and when it was
    // asked for 0 this is the only place that says which one the OS gave.
    const [, printedPort] = await waitForOutput(child, /server running at \S*:(\d+)/, (printed) =>
      // The emulator's CLI loses the listen error (its Express passes it to the listen callback,
      // which then finds no address); a port that fails to bind here is one someone holds.
      /EADDRINUSE|Server does not have an address/.test(printed)
        ? new PortInUseError(options.port, 'SES_PORT, the SES emulator')
        : new Error(
            `SES emulator exited (code ${child.exitCode ?? child.signalCode}) before it was ready:\n${output()}`,
          ),
    );
    port = Number(printedPort);
    url = `http://${host}:${port}`;
    await waitUntilReady(
      'SES emulator',
      async () => (await fetch(`${url}/health-check`, { signal: AbortSignal.timeout(2_000) })).ok,
      child,
      output,
      30_000,
    );
  } catch (error) {
    await stopChild(child);
    throw error;
  }
  return { url, port, pid: child.pid, stop: () => stopChild(child) };
}
