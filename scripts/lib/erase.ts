// `npm run erase`: a person's leads and bookings erased on request, the same use case as
// POST /v1/staff/erasures (docs/privacy.md), for the local table or a deployed stage's.
import { parseArgs } from 'node:util';
import { erasureDeps } from '../../shared/adapters/http/staff-erasures.ts';
import { erasePerson } from '../../shared/app/staff/erasure.ts';
import {
  ERASED_KINDS,
  type ErasedKind,
  type ErasureReport,
  type ErasureSubject,
  erasureBodySchema,
} from '../../shared/core/privacy/erasure.ts';
import { dynamoDbFor, type Target, UsageError, unreachable } from './targets.ts';

export const ERASE_USAGE = `Usage: npm run erase -- --email ADDRESS [--phone E164] [--stage NAME] [--dry-run]

Erases every lead and booking with this email (any case) or this phone, with what belongs to them
(dedupe markers, delivery records, notices, reminders, links, the provider time a booking holds).
The audit trail is kept; the erasure is added to it (ids and counts, never the email or phone).
  --email ADDRESS   the person's email address (required)
  --phone E164      their phone number too, such as +12015550143
  --stage NAME      the deployed stage's table (from its CloudFormation outputs, with your AWS
                    credentials); without it, the local stack's (DYNAMODB_PORT, TABLE_NAME)
  --dry-run         only say what would be erased; writes nothing, not even the audit entry`;

export interface EraseArguments {
  readonly email: string;
  readonly phone?: string;
  readonly stage?: string;
  readonly dryRun: boolean;
}

export function parseEraseArguments(argv: readonly string[]): EraseArguments {
  let values: { email?: string; phone?: string; stage?: string; 'dry-run'?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        email: { type: 'string' },
        phone: { type: 'string' },
        stage: { type: 'string' },
        'dry-run': { type: 'boolean' },
      },
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${ERASE_USAGE}`);
  }
  if (!values.email) throw new UsageError(`--email is required\n\n${ERASE_USAGE}`);
  if (values.phone !== undefined && !/^\+[1-9]\d{6,14}$/.test(values.phone)) {
    throw new UsageError(`--phone must be in E.164, such as +12015550143\n\n${ERASE_USAGE}`);
  }
  return {
    email: values.email,
    ...(values.phone === undefined ? {} : { phone: values.phone }),
    ...(values.stage === undefined ? {} : { stage: values.stage }),
    dryRun: values['dry-run'] ?? false,
  };
}

/** The subject as the route takes it (the same checks, the phone in the clinic's numbering plan). */
export function subjectFor(args: EraseArguments, target: Target): ErasureSubject {
  const parsed = erasureBodySchema(target.config.clinic.country).safeParse({
    email: args.email,
    ...(args.phone === undefined ? {} : { phone: args.phone }),
  });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `--${String(issue.path[0])}: ${issue.message}`);
    throw new UsageError(`${problems.join('\n')}\n\n${ERASE_USAGE}`);
  }
  return parsed.data;
}

export async function runErase(
  args: EraseArguments,
  target: Target,
  now = new Date(),
): Promise<ErasureReport> {
  const subject = subjectFor(args, target);
  const client = dynamoDbFor(target);
  try {
    const actor = await target.actor();
    // Not an HTTP request: the trail's `ip` says where it came from instead.
    const caller = { actor, ip: target.local ? 'npm run erase (local)' : 'npm run erase', now };
    return await erasePerson(erasureDeps(target.config, client, target.tableName), subject, caller, {
      dryRun: args.dryRun,
    });
  } catch (error) {
    throw unreachable(target, error);
  } finally {
    client.destroy();
  }
}

const KIND_NAMES: Record<ErasedKind, [string, string]> = {
  leads: ['lead', 'leads'],
  dedupeMarkers: ['dedupe marker', 'dedupe markers'],
  bookings: ['booking', 'bookings'],
  messages: ['delivery record', 'delivery records'],
  locks: ['provider-time lock', 'provider-time locks'],
  notices: ['pending notice', 'pending notices'],
  reminders: ['pending reminder', 'pending reminders'],
  links: ['link', 'links'],
  other: ['other item', 'other items'],
};

const counted = (count: number, [one, many]: [string, string]) => `${count} ${count === 1 ? one : many}`;

/** What the tool prints: where, what (ids), and the items by kind; never the email or phone. */
export function renderErasureReport(report: ErasureReport, target: Target): string {
  const where = `${target.name === 'local' ? 'the local table' : `stage ${target.name}`} (${target.tableName})`;
  const total = ERASED_KINDS.reduce((sum, kind) => sum + report.removed[kind], 0);
  if (report.leads.length === 0 && report.bookings.length === 0) {
    return `Nothing to erase in ${where}: no lead or booking matches${report.dryRun ? '.' : ', and nothing was removed.'}`;
  }
  const lines = [
    `${report.dryRun ? 'Would erase' : 'Erased'} in ${where}: ${counted(report.leads.length, KIND_NAMES.leads)} and ${counted(report.bookings.length, KIND_NAMES.bookings)}.`,
    ...report.leads.map((id) => `  lead ${id}`),
    ...report.bookings.map(
      (b) =>
        `  booking ${b.id} (${b.status}, ${b.start}${b.upcoming ? '; still ahead: its time is open again and nobody was told' : ''})`,
    ),
    `${report.dryRun ? 'Items that would be removed' : 'Items removed'} (${total}): ${ERASED_KINDS.filter(
      (kind) => report.removed[kind] > 0,
    )
      .map((kind) => counted(report.removed[kind], KIND_NAMES[kind]))
      .join(', ')}.`,
  ];
  if (!report.dryRun) {
    lines.push('The audit trail records the erasure (these ids and counts, not the email or phone).');
  }
  return lines.join('\n');
}
