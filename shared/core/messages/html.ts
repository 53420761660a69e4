// HTML that escapes by default, for the emails (core) and the pages (adapters/http): every value
// interpolated into html`…` is escaped (& < > " '), unless it is itself markup made by html`…`,
// so nested templates compose without double escaping and forgetting to escape is not possible.
import { html, type SafeHtml } from '@remix-run/html-template';

export { html, type SafeHtml };

/**
 * Marks markup built elsewhere as already safe (a route's extra problem HTML, made with html`…`
 * and handed over as a string). Never for input: whatever it is given reaches the page as is.
 */
export function trustedHtml(markup: string): SafeHtml {
  return html.raw`${markup}`;
}

/** The fragments (text is escaped) with `separator` (markup) between them, as Array#join does for strings. */
export function joinHtml(fragments: readonly (SafeHtml | string)[], separator: SafeHtml): SafeHtml {
  return html`${fragments.flatMap((fragment, i) => (i === 0 ? [fragment] : [separator, fragment]))}`;
}
