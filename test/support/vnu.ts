// The W3C Nu HTML Checker (the `vnu-jar` package; Java 17 runs it) over any number of HTML
// documents in one JVM: start-up is most of its cost, so every document a test file wants
// checked goes in one call. Used by the email tests and reusable by any page test:
//   const problems = await nuCheck([{ name: 'confirmation', html }]);
//   expect(problems).toEqual({ confirmation: [] });
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface NuDocument {
  /** Unique among the documents of one call; it names the document in the answer. */
  readonly name: string;
  readonly html: string;
}

/** One message of the checker, as `"line:column type: message"` — what a failing test should show. */
export type NuProblem = string;

interface NuMessage {
  readonly type: string;
  readonly subType?: string;
  readonly url?: string;
  readonly lastLine?: number;
  readonly firstColumn?: number;
  readonly message: string;
}

/** Where npm put the checker's jar. */
export function vnuJarPath(): string {
  // The package exports the jar's path as a String object.
  return String(createRequire(import.meta.url)('vnu-jar'));
}

/**
 * Each document's errors (and, with `warnings`, its warnings), keyed by name; a clean document
 * maps to []. Throws when the checker itself cannot run (no Java, no jar).
 */
export async function nuCheck(
  documents: readonly NuDocument[],
  options: { readonly warnings?: boolean } = {},
): Promise<Record<string, NuProblem[]>> {
  const dir = await mkdtemp(join(tmpdir(), 'vnu-'));
  try {
    const files = await Promise.all(
      documents.map(async (doc, i) => {
        const path = join(dir, `${i}-${doc.name.replace(/[^A-Za-z0-9_-]/g, '_')}.html`);
        await writeFile(path, doc.html, 'utf8');
        return { path, name: doc.name };
      }),
    );
    const args = ['-jar', vnuJarPath(), '--format', 'json', '--stdout', '--exit-zero-always'];
    if (!options.warnings) args.push('--errors-only');
    const { stdout } = await run('java', [...args, ...files.map((f) => f.path)], {
      maxBuffer: 64 * 1024 * 1024,
    });
    const { messages } = JSON.parse(stdout) as { messages: NuMessage[] };
    const byFile = new Map(files.map((f) => [basename(f.path), f.name]));
    const result: Record<string, NuProblem[]> = Object.fromEntries(documents.map((d) => [d.name, []]));
    for (const m of messages) {
      const file = m.url ? decodeURIComponent(basename(new URL(m.url).pathname)) : '';
      const name = byFile.get(file);
      const text = `${m.lastLine ?? '?'}:${m.firstColumn ?? '?'} ${m.subType ?? m.type}: ${m.message}`;
      if (name === undefined) throw new Error(`The Nu checker reported on something unknown: ${text}`);
      result[name]?.push(text);
    }
    return result;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
