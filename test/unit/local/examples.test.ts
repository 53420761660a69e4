// The example pages as a clinic's site serves them (local/examples.ts): the Turnstile widget only
// when the config has `captcha`, with its site key and action.
import { describe, expect, it } from 'vitest';
import { EXAMPLE_PAGES, examplePage } from '../../../local/examples.ts';
import { REPOSITORY_ROOT } from '../../../local/stack.ts';

const rootDir = REPOSITORY_ROOT;
const captcha = {
  provider: 'turnstile' as const,
  siteKey: '0x4AAAAAAAExampleKey',
  secretParameterName: '/clinic/turnstile',
  routes: ['inquiries' as const, 'bookings' as const],
};

describe.each(EXAMPLE_PAGES)('examples/%s', (name) => {
  it('carries no widget and no Cloudflare script when the clinic has no CAPTCHA', () => {
    const page = examplePage(name, { config: {}, rootDir });
    expect(page).not.toContain('cf-turnstile');
    expect(page).not.toContain('challenges.cloudflare.com');
    expect(page).not.toContain('YOUR_TURNSTILE');
  });

  it('carries the script and the widget with the site key when it has one, outside any comment', () => {
    const page = examplePage(name, { config: { captcha }, rootDir });
    const withoutComments = page.replace(/<!--[\s\S]*?-->/g, '');
    expect(withoutComments).toContain(
      '<script src="https://challenges.cloudflare.com/turnstile/v0/api.js" async defer></script>',
    );
    expect(withoutComments).toContain('<div class="cf-turnstile" data-sitekey="0x4AAAAAAAExampleKey"></div>');
    // Inside the form, so the token is posted with it.
    const form = withoutComments.slice(withoutComments.indexOf('<form'), withoutComments.indexOf('</form>'));
    expect(form).toContain('class="cf-turnstile"');
    expect(page).not.toContain('YOUR_TURNSTILE');
  });

  it('names the configured action on the widget', () => {
    const page = examplePage(name, { config: { captcha: { ...captcha, action: 'book' } }, rootDir });
    expect(page).toContain(
      '<div class="cf-turnstile" data-sitekey="0x4AAAAAAAExampleKey" data-action="book"></div>',
    );
  });

  it('puts the API’s address in the form', () => {
    expect(examplePage(name, { config: {}, rootDir, apiUrl: 'http://127.0.0.1:3000' })).toContain(
      'action="http://127.0.0.1:3000/v1/',
    );
  });
});
