// The Content-Security-Policy of the API's HTML pages. A module of its own, without the page
// templates: every route's security headers name the strict policy, and only routes with pages
// carry ./html.ts.
import type { ClinicConfig } from '../../core/config/schema.ts';

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
 * For a page whose forms post back to this API when the answer may be a redirect to the clinic's
 * site (a re-sent contact form goes to the thank-you page): Chromium checks `form-action` against
 * every redirect of the submission too, so the clinic's own origins are allowed as well.
 */
export function formPageCsp(config: Pick<ClinicConfig, 'cors' | 'forms'>): string {
  const origins = new Set(config.cors.allowedOrigins);
  const thankYou = config.forms.thankYouUrl;
  if (thankYou) origins.add(new URL(thankYou).origin);
  return HTML_CSP.replace("form-action 'none'", `form-action 'self' ${[...origins].join(' ')}`);
}
