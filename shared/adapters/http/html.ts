// Small, accessible HTML pages for plain form posts (no JavaScript, no external assets).

import { html, type SafeHtml, trustedHtml } from '../../core/messages/html.ts';

/** The only styles the pages use (inline; the CSP allows inline styles and nothing else). */
const STYLE =
  'body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}' +
  'h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem}a{color:#0b57d0}li{margin:.25rem 0}' +
  'dt{font-weight:600}dd{margin:0 0 .75rem}' +
  'fieldset{border:1px solid #c4c7c5;border-radius:8px;padding:.75rem 1rem}' +
  // A choice and its label side by side, the label wrapping beside the radio, not under it.
  'fieldset div{display:flex;gap:.6rem;align-items:baseline;padding:.4rem 0}fieldset input{width:1.2rem;height:1.2rem;flex:none}' +
  'textarea{width:100%;box-sizing:border-box;font:inherit}' +
  // Comfortable tap targets on a phone.
  'button{font:inherit;padding:.65rem 1.2rem;margin-top:.5rem;border-radius:8px;border:1px solid #0b57d0;background:#0b57d0;color:#fff}';

/** Strict CSP for every HTML page: no scripts, no external loads, inline styles of this page only. */
export const HTML_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * The same policy for a page whose forms post back to this API (the booking manage page): only
 * `form-action` is loosened, to the page's own origin. A route sets it on its response; every
 * other HTML page keeps HTML_CSP.
 */
export const HTML_CSP_WITH_FORMS = HTML_CSP.replace("form-action 'none'", "form-action 'self'");

/**
 * The whole page around `body` (made with html`…`), as the string a response carries. The style
 * sheet is our own constant, and a <style> element's text is not HTML (entities stay literal).
 */
export function htmlPage(title: string, body: SafeHtml, lang = 'en'): string {
  return String(html`<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${title}</title>
<style>${trustedHtml(STYLE)}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`);
}
