// The aws-ses-v2-local SES emulator, run as its own process: it takes SES v1 (the query API on
// `POST /`) and v2 calls, keeps every email in memory and shows them at `/` and as JSON at `/store`.
import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { captureOutput, stopChild, waitUntilReady } from './processes.ts';

export interface SesEmulatorOptions {
  readonly port: number;
  readonly host?: string;
  /** Told the emulator's pid as soon as it is spawned (see startReaper). */
  readonly onSpawn?: (pid: number | undefined) => void;
}

export interface RunningSesEmulator {
  readonly url: string;
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
  const url = `http://${host}:${options.port}`;
  try {
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
  return { url, pid: child.pid, stop: () => stopChild(child) };
}
