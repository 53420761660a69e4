// The reminder runner on this machine, as EventBridge runs it in AWS: the same handler, given a
// scheduled event whose `time` is the run's "now". `npm run dev` runs it at the start of every
// minute; `npm run reminders:run -- --at ISO` once, as of any instant (scripts/reminders-run.ts).
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ScheduledEvent } from 'aws-lambda';
import { REMINDER_RUNNER } from '../shared/adapters/http/routes/index.ts';
import type { ReminderRun } from '../shared/app/reminders/run-reminders.ts';

const REPOSITORY_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const REMINDER_RUNNER_ENTRY = REMINDER_RUNNER.entry;
const MINUTE_MS = 60_000;

type RunnerHandler = (event: ScheduledEvent) => Promise<ReminderRun>;

/** The event EventBridge Scheduler / a rule sends on its schedule, as of `at`. */
export function scheduledEvent(at: Date): ScheduledEvent {
  return {
    version: '0',
    id: `local-${at.getTime()}`,
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: '000000000000',
    time: at.toISOString(),
    region: process.env.AWS_REGION ?? 'us-east-1',
    resources: ['arn:aws:events:local:000000000000:rule/clinic-local-reminders'],
    detail: {},
  };
}

/** Runs the runner once as of `at`, in this process (whose environment points at the local stack). */
export async function runRemindersOnce(at: Date, rootDir = REPOSITORY_ROOT): Promise<ReminderRun> {
  const module = await import(pathToFileURL(join(rootDir, REMINDER_RUNNER_ENTRY)).href);
  return (module.handler as RunnerHandler)(scheduledEvent(at));
}

/** Runs it at the start of every minute until stopped; a failed run is reported and the next goes on. */
export function startReminderTimer(log: (line: string) => void): { stop(): void } {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const schedule = () => {
    if (stopped) return;
    const now = Date.now();
    timer = setTimeout(tick, MINUTE_MS - (now % MINUTE_MS));
    timer.unref();
  };
  const tick = () => {
    runRemindersOnce(new Date(Math.floor(Date.now() / MINUTE_MS) * MINUTE_MS))
      .then((run) => {
        if (run.released > 0 || run.agendaFor) {
          log(`reminders: ${run.released} sent to the outbox${run.agendaFor ? ', daily agenda sent' : ''}`);
        }
      })
      .catch((error: unknown) =>
        log(`reminder run failed: ${error instanceof Error ? error.message : String(error)}`),
      )
      .finally(schedule);
  };
  schedule();
  return {
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
