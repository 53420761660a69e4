// Child processes and ports of the local stack: start, wait, stop for good.
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

/** A free TCP port, as the OS hands one out for port 0. */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A port someone else holds; the stack tries another when it chose the port itself. */
export class PortInUseError extends Error {
  constructor(
    readonly port: number,
    what: string,
  ) {
    super(
      `Port ${port} (${what}) is already in use (another npm run dev still running?); choose another one`,
    );
    this.name = 'PortInUseError';
  }
}

/**
 * Fails with a clear message when a port is taken: DynamoDB Local and the SES emulator would
 * otherwise die with a stack trace.
 */
export function assertPortFree(port: number, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new PortInUseError(port, what)
          : new Error(`Cannot use port ${port} (${what}): ${error.code ?? error.message}`),
      ),
    );
    // The wildcard address, as DynamoDB Local binds it: a server on any interface counts as taken.
    server.listen(port, () => server.close(() => resolve()));
  });
}

/**
 * Runs `start` on ports from `pickPort` until one is not taken meanwhile (a PortInUseError), for
 * a child that cannot be handed a bound socket nor asked for port 0: between picking a free port
 * and the child binding it, another stack may take it.
 */
export async function onFreePort<T>(
  start: (port: number) => Promise<T>,
  pickPort: () => Promise<number> = freePort,
  attempts = 5,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start(await pickPort());
    } catch (error) {
      if (!(error instanceof PortInUseError) || attempt >= attempts) throw error;
    }
  }
}

/**
 * Resolves with the first match of `pattern` in what the child prints (stdout or stderr), as a
 * sign from the child itself — a probe of its port could be answered by someone else's server.
 * Rejects with `onExit(output)` when the child exits first, and after `timeoutMs`. Call it right
 * after spawning, so no output is missed.
 */
export function waitForOutput(
  child: ChildProcess,
  pattern: RegExp,
  onExit: (output: string) => Error,
  timeoutMs = 60_000,
): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let text = '';
    const finish = (settle: () => void) => {
      clearTimeout(timer);
      child.stdout?.off('data', collect);
      child.stderr?.off('data', collect);
      child.off('close', exited);
      child.off('error', exited);
      settle();
    };
    const collect = (chunk: Buffer) => {
      text += chunk.toString('utf8');
      const match = text.match(pattern);
      if (match) finish(() => resolve(match));
    };
    // 'close', not 'exit': it comes once the child's pipes are drained, so `text` is complete.
    const exited = () => finish(() => reject(onExit(text)));
    const timer = setTimeout(
      () => finish(() => reject(new Error(`no sign of readiness within ${timeoutMs / 1000} s:\n${text}`))),
      timeoutMs,
    );
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    child.once('close', exited);
    child.once('error', exited);
  });
}

/** Keeps the last lines a child printed, to show when it fails; reading also keeps its pipes from filling up. */
export function captureOutput(child: ChildProcess, keep = 40): () => string {
  const lines: string[] = [];
  // A child that cannot be spawned (ENOENT) emits 'error'; unheard, that would crash this process.
  child.on('error', (error) => lines.push(`cannot run it: ${error.message}`));
  const collect = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    if (lines.length > keep) lines.splice(0, lines.length - keep);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  return () => lines.join('\n');
}

export function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
export async function stopChild(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (hasExited(child)) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => {
    if (!hasExited(child)) child.kill('SIGKILL');
  }, graceMs);
  await exited;
  clearTimeout(timer);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `probe` until it resolves true; fails early when `child` dies, with its last output. */
export async function waitUntilReady(
  what: string,
  probe: () => Promise<boolean>,
  child: ChildProcess,
  output: () => string,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (hasExited(child) || child.pid === undefined) {
      throw new Error(
        `${what} exited (code ${child.exitCode ?? child.signalCode}) before it was ready:\n${output()}`,
      );
    }
    if (await probe().catch(() => false)) return;
    await sleep(150);
  }
  throw new Error(`${what} was not ready after ${timeoutMs / 1000} s:\n${output()}`);
}

export interface Reaper {
  /** Have `pid` stopped should this process die without stopping it. */
  guard(pid: number | undefined): void;
  release(pid: number | undefined): void;
  close(): void;
}

/** Starts local/reaper.mjs, which stops the guarded children if this process dies abruptly. */
export function startReaper(): Reaper {
  const script = fileURLToPath(new URL('./reaper.mjs', import.meta.url));
  const reaper = spawn(process.execPath, [script], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  // Neither the process nor its channel may keep this process alive.
  reaper.unref();
  reaper.channel?.unref();
  reaper.on('error', () => {});
  const send = (message: object) => {
    if (reaper.connected) reaper.send(message);
  };
  return {
    guard: (pid) => pid !== undefined && send({ guard: pid }),
    release: (pid) => pid !== undefined && send({ release: pid }),
    close: () => {
      if (reaper.connected) reaper.disconnect();
    },
  };
}
