// The answer to a stored (or deduplicated, or honeypotted) inquiry, by kind of client (API.md
// "Answer"): 201 JSON for scripts, 303 to a thank-you page or a small HTML page for plain forms.
import { clinicPhoneDisplay } from '#clinic-phone';
import type { ClinicConfig } from '../../../core/config/schema.ts';
import type { InquiryReceived } from '../../../core/inquiries/schema.ts';
import { html } from '../../../core/messages/html.ts';
import { htmlPage } from '../html.ts';
import { type HttpResponse, html as htmlResponse, json, redirect } from '../responses.ts';

export const THANK_YOU_TITLE = 'Thank you for your message';

/** The built-in thank-you page, for a form post with neither `_next` nor `forms.thankYouUrl`. */
export function thankYouPage(clinic: ClinicConfig['clinic'], backLink: string | undefined): string {
  const call = clinic.phone
    ? html`<p>If your question is urgent, please call us at <a href="tel:${clinic.phone}">${clinicPhoneDisplay(clinic)}</a>.</p>\n`
    : null;
  const back = backLink ?? clinic.website;
  const link = back
    ? html`<p><a href="${back}">Back to the ${clinic.name} website</a></p>`
    : html`<p>You can close this page now.</p>`;
  return htmlPage(
    THANK_YOU_TITLE,
    html`<h1>${THANK_YOU_TITLE}</h1>
<p role="status">${clinic.name} has received your message. We will get back to you as soon as we can.</p>
${call}<p>If you need emergency medical help, call your local emergency number.</p>
${link}`,
    clinic,
  );
}

export interface AnswerContext {
  readonly wantsHtml: boolean;
  /** An allowed `_next` from the form. */
  readonly next?: string;
  readonly config: Pick<ClinicConfig, 'clinic' | 'forms'>;
  /** The page the form was on, when it is one of the clinic's own. */
  readonly backLink?: string;
}

export function inquiryAnswer(id: string, context: AnswerContext): HttpResponse {
  if (!context.wantsHtml) {
    return json(201, { id, status: 'received' } satisfies InquiryReceived);
  }
  const target = context.next ?? context.config.forms.thankYouUrl;
  if (target) return redirect(target, 303);
  return htmlResponse(200, thankYouPage(context.config.clinic, context.backLink));
}
