// The W3C Nu HTML checker (vnu-jar's vnu.jar, run with the machine's Java) over many pages at
// once: one Java start for a whole batch, since each start takes seconds on a loaded machine.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const vnuJar = String(createRequire(import.meta.url)('vnu-jar'));

export interface NuMessage {
  readonly page: string;
  readonly type: string;
  readonly message: string;
  readonly extract?: string;
}

/** Every error and warning the checker reports, by page name; [] when every page is valid. */
export async function nuCheckPages(pages: Readonly<Record<string, string>>): Promise<NuMessage[]> {
  const dir = mkdtempSync(join(tmpdir(), 'vnu-pages-'));
  try {
    const files = Object.entries(pages).map(([name, markup], index) => {
      const file = join(dir, `${index}.html`);
      writeFileSync(file, markup);
      return [file, name] as const;
    });
    const names = new Map(files.map(([file, name]) => [`file:${file}`, name]));
    // The checker exits 1 when it finds anything; its JSON report is on stderr either way.
    const { stderr } = await run(
      'java',
      ['-jar', vnuJar, '--format', 'json', '--also-check-css', ...files.map(([f]) => f)],
      {
        maxBuffer: 16 * 1024 * 1024,
      },
    ).catch((error: { stderr?: string }) => ({ stderr: error.stderr ?? '' }));
    const report = JSON.parse(stderr || '{"messages":[]}') as {
      messages: { url?: string; type: string; subType?: string; message: string; extract?: string }[];
    };
    return report.messages.map((m) => ({
      page: names.get(m.url ?? '') ?? m.url ?? '?',
      type: m.subType ? `${m.type}/${m.subType}` : m.type,
      message: m.message,
      ...(m.extract ? { extract: m.extract } : {}),
    }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
