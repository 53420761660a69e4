// The engine must answer the same whatever the machine's time zone: it works in the clinic's zone
// only. Node reads TZ at start-up, so each zone gets its own child process running the same probe.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const probe = fileURLToPath(new URL('./slots-tz-probe.ts', import.meta.url));
// Machine zones on both sides of UTC, with half-hour, 45-minute and 30-minute-DST offsets.
const MACHINE_ZONES = ['UTC', 'America/New_York', 'Asia/Kolkata', 'Pacific/Chatham', 'Australia/Lord_Howe'];

interface ProbeOutput {
  machine: { zone: string; localMidnight: number };
  answers: unknown;
  text: unknown;
}

async function probeUnder(zone: string): Promise<ProbeOutput> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', probe], {
    env: { ...process.env, TZ: zone },
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(stdout) as ProbeOutput;
}

describe('the slot engine and the machine time zone', () => {
  it('answers identically under every TZ, while local-time APIs really differ', async () => {
    const outputs = await Promise.all(MACHINE_ZONES.map(probeUnder));
    // The children did run in different zones: local midnight of the same date differs in each.
    expect(new Set(outputs.map((o) => o.machine.localMidnight)).size).toBe(MACHINE_ZONES.length);
    const [first, ...rest] = outputs.map((o) => JSON.stringify({ answers: o.answers, text: o.text }));
    expect(first).toContain('"providers"');
    for (const other of rest) expect(other).toBe(first);
  }, 60_000);
});
