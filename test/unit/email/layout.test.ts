import { describe, expect, it } from 'vitest';
import { loadClinicConfigFile } from '../../../shared/config/load.ts';
import { html as markup } from '../../../shared/core/messages/html.ts';
import { renderHtmlEmail, renderTextEmail } from '../../../shared/core/messages/layout.ts';

const { clinic } = loadClinicConfigFile('config/dev.json');

describe('the email frame', () => {
  it('signs with the clinic, its phone as people write it, escaped', () => {
    const html = renderHtmlEmail(clinic, {
      preheader: 'Pre <b>',
      heading: 'Hello & welcome',
      bodyHtml: markup`<p>Body</p>`,
    });
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html).toContain(
      'Riverside Spine &amp; Sports Medicine<br>12 Main Street, Ramsey, NJ 07446<br>(201) 555-0143',
    );
    expect(html).toContain(
      '<h1 style="font-size:20px;line-height:1.3;margin:0 0 16px;">Hello &amp; welcome</h1>',
    );
    expect(html).toContain('Pre &lt;b&gt;');
    expect(html).toContain('<p>Body</p>');
  });

  it('gives the same signature in the text part', () => {
    expect(renderTextEmail(clinic, 'Hello', '  Body  \n')).toBe(
      'Hello\n\nBody\n\n--\nRiverside Spine & Sports Medicine\n12 Main Street, Ramsey, NJ 07446\n(201) 555-0143\nhttp://localhost:8080\n',
    );
  });
});
