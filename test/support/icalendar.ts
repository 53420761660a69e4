// Outside checks of iCalendar objects: Python's `icalendar` library (the Debian package
// python3-icalendar; .ci/run installs it) reads each file as a calendar app's import would, and a
// CRLF check holds every line, the last one included, to RFC 5545 3.1. One Python process checks
// any number of files.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** What Python's icalendar read from one file. */
export interface IcalendarReport {
  readonly method: string | null;
  readonly version: string | null;
  readonly prodid: string | null;
  /** Problems the parser collected (component.errors), or the exception it raised. */
  readonly errors: readonly string[];
  readonly events: readonly {
    readonly uid: string | null;
    readonly summary: string | null;
    readonly status: string | null;
    readonly sequence: string | null;
    readonly dtstart: string | null;
    readonly dtstamp: string | null;
    readonly organizer: string | null;
    readonly attendees: readonly { readonly address: string; readonly params: Record<string, string> }[];
  }[];
}

const SCRIPT = `
import json, sys
from icalendar import Calendar

def text(value):
    return None if value is None else str(value)

def when(prop):
    return None if prop is None else prop.dt.isoformat()

reports = []
for path in sys.argv[1:]:
    with open(path, 'rb') as f:
        data = f.read()
    try:
        cal = Calendar.from_ical(data)
    except Exception as e:
        reports.append({'method': None, 'version': None, 'prodid': None, 'errors': [repr(e)], 'events': []})
        continue
    errors = []
    for component in cal.walk():
        errors.extend('%s: %s' % (component.name, e) for e in getattr(component, 'errors', []))
    events = []
    for ev in cal.walk('VEVENT'):
        attendees = ev.get('ATTENDEE')
        if attendees is None:
            attendees = []
        elif not isinstance(attendees, list):
            attendees = [attendees]
        events.append({
            'uid': text(ev.get('UID')),
            'summary': text(ev.get('SUMMARY')),
            'status': text(ev.get('STATUS')),
            'sequence': text(ev.get('SEQUENCE')),
            'dtstart': when(ev.get('DTSTART')),
            'dtstamp': when(ev.get('DTSTAMP')),
            'organizer': text(ev.get('ORGANIZER')),
            'attendees': [{'address': str(a), 'params': {k: str(v) for k, v in a.params.items()}} for a in attendees],
        })
    reports.append({
        'method': text(cal.get('METHOD')),
        'version': text(cal.get('VERSION')),
        'prodid': text(cal.get('PRODID')),
        'errors': errors,
        'events': events,
    })
print(json.dumps(reports))
`;

/** The system Python, where apt installs python3-icalendar (a pyenv shim may shadow it on PATH). */
const PYTHON = process.env.ICALENDAR_PYTHON ?? '/usr/bin/python3';

/** Reads every object with Python's icalendar, in one process; one report per object, in order. */
export async function readWithPythonIcalendar(objects: readonly string[]): Promise<IcalendarReport[]> {
  const dir = await mkdtemp(join(tmpdir(), 'ics-check-'));
  try {
    const paths = await Promise.all(
      objects.map(async (ics, i) => {
        const path = join(dir, `${i}.ics`);
        await writeFile(path, ics, 'utf8');
        return path;
      }),
    );
    const { stdout } = await run(PYTHON, ['-c', SCRIPT, ...paths], { maxBuffer: 16 * 1024 * 1024 });
    return JSON.parse(stdout) as IcalendarReport[];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Where `text` breaks the CRLF rule: the 1-based numbers of lines ending in a bare LF or CR, and
 * whether the text fails to end in CRLF. Empty when every line, the last one too, ends in CRLF.
 */
export function crlfProblems(text: string): string[] {
  const problems: string[] = [];
  if (!text.endsWith('\r\n')) problems.push('does not end in CRLF');
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') {
      if (text[i - 1] !== '\r') problems.push(`line ${line} ends in a bare LF`);
      line += 1;
    } else if (c === '\r' && text[i + 1] !== '\n') {
      problems.push(`line ${line} has a bare CR`);
    }
  }
  return problems;
}
