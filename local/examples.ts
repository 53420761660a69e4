// The example pages (examples/*.html) as a clinic's site serves them: their `captcha` blocks —
// the Turnstile script and widget, shipped inside comments because a static file cannot know the
// clinic's config — taken out of their comments with the site key (and action) filled in when the
// config has `captcha`, or removed when it has none; and the API's address put in the form.
// The browser tests serve the pages through it, and so can anyone:
//   npm run examples -- [--api URL] [--out DIR]   (CLINIC_CONFIG picks the config; default dev.json)
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadClinicConfigFile } from '../shared/config/load.ts';
import type { ClinicConfig } from '../shared/core/config/schema.ts';

export const EXAMPLE_PAGES = ['contact.html', 'booking.html'] as const;
export type ExamplePage = (typeof EXAMPLE_PAGES)[number];

/** The address the examples are written with, in the form's `action` and nowhere else. */
export const EXAMPLE_API_BASE = 'https://api.example.com';

const SITE_KEY_PLACEHOLDER = 'YOUR_TURNSTILE_SITE_KEY';
const ACTION_ATTRIBUTE = / data-action="YOUR_TURNSTILE_ACTION"/;

/**
 * The page with its `captcha` blocks resolved for `config`: each block is a comment whose first
 * line starts `<!-- captcha`, whose markup lines start with `<`, and which ends on a `-->` line.
 */
export function withCaptchaBlocks(html: string, config: Pick<ClinicConfig, 'captcha'>): string {
  const lines = html.split('\n');
  const out: string[] = [];
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] as string;
    if (!line.trimStart().startsWith('<!-- captcha')) {
      out.push(line);
      continue;
    }
    const end = lines.findIndex((candidate, at) => at > index && candidate.trim() === '-->');
    if (end < 0) throw new Error('An example page has a captcha block without its closing -->');
    const markup = lines.slice(index + 1, end).filter((inner) => inner.trimStart().startsWith('<'));
    const { captcha } = config;
    if (captcha) {
      // The schema keeps both to letters, digits, '-' and '_': nothing to escape in an attribute.
      const action = captcha.action ? ` data-action="${captcha.action}"` : '';
      for (const element of markup) {
        out.push(element.replace(SITE_KEY_PLACEHOLDER, captcha.siteKey).replace(ACTION_ATTRIBUTE, action));
      }
    } else if (lines[end + 1]?.trim() === '') {
      // The blank line that set the block apart goes with it.
      index = end + 1;
      continue;
    }
    index = end;
  }
  return out.join('\n');
}

/** An example page as a clinic's site would serve it: its CAPTCHA resolved, the API's address in place. */
export function examplePage(
  name: ExamplePage,
  options: {
    readonly config: Pick<ClinicConfig, 'captcha'>;
    readonly apiUrl?: string;
    readonly rootDir: string;
  },
): string {
  const html = readFileSync(resolve(options.rootDir, 'examples', name), 'utf8');
  // A copy-paste example must name the API in exactly one place (the form's action).
  const places = html.split(EXAMPLE_API_BASE).length - 1;
  if (places !== 1) throw new Error(`examples/${name} names ${EXAMPLE_API_BASE} ${places} times, not once`);
  const page = withCaptchaBlocks(html, options.config);
  return options.apiUrl ? page.replace(EXAMPLE_API_BASE, options.apiUrl) : page;
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: { api: { type: 'string' }, out: { type: 'string', default: 'examples-out' } },
    strict: true,
  });
  const config = loadClinicConfigFile(resolve(process.env.CLINIC_CONFIG || 'config/dev.json'));
  const out = resolve(values.out as string);
  mkdirSync(out, { recursive: true });
  for (const name of EXAMPLE_PAGES) {
    const page = examplePage(name, {
      config,
      rootDir: resolve(import.meta.dirname, '..'),
      ...(values.api ? { apiUrl: values.api } : {}),
    });
    writeFileSync(join(out, name), page);
    console.info(`wrote ${join(out, name)}${config.captcha ? ' (with the Turnstile widget)' : ''}`);
  }
}
