// Escaping is the default: whatever a patient, the clinic's config or a URL puts in an email or a
// page comes out as text, in element content and in attributes alike, and markup made by the
// template helper is never escaped twice.
import { describe, expect, it } from 'vitest';
import { bookingPage, managePage } from '../../../shared/adapters/http/pages/booking-pages.ts';
import { thankYouPage } from '../../../shared/adapters/http/pages/inquiry-answer.ts';
import { problemPageFor } from '../../../shared/adapters/http/problem-pages.ts';
import { buildLeadItem } from '../../../shared/core/inquiries/lead.ts';
import { planBookingNoticeEmails } from '../../../shared/core/messages/booking-emails.ts';
import { html, joinHtml, trustedHtml } from '../../../shared/core/messages/html.ts';
import {
  renderAcknowledgement,
  renderStaffNotification,
} from '../../../shared/core/messages/inquiry-emails.ts';
import { renderHtmlEmail } from '../../../shared/core/messages/layout.ts';
import { noticeItem, snapshotOf } from '../../../shared/core/scheduling/notice.ts';
import { clinic, submission } from '../inquiries/fixtures.ts';
import { booking, configWith } from '../scheduling/bookings/fixtures.ts';

const HOSTILE = `<script>alert("x")</script> & 'y'`;
const ESCAPED = '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;';
/** A link whose value tries to close the attribute it is written into. */
const HOSTILE_URL = 'https://clinic.example/manage?id=1&token="><script>x</script>';
const ESCAPED_URL = 'https://clinic.example/manage?id=1&amp;token=&quot;&gt;&lt;script&gt;x&lt;/script&gt;';

/** Nothing hostile got through as markup, and nothing was escaped twice. */
function expectNoMarkupFrom(markup: string) {
  expect(markup).not.toContain('<script');
  expect(markup).not.toMatch(/&amp;(amp|lt|gt|quot|#39);/);
}

describe('the template helper', () => {
  it('escapes & < > " and \' in every interpolated value', () => {
    expect(String(html`<p title="${HOSTILE}">${HOSTILE}</p>`)).toBe(`<p title="${ESCAPED}">${ESCAPED}</p>`);
  });

  it('composes nested templates, arrays and joins without escaping twice', () => {
    const item = (text: string) => html`<li>${text}</li>`;
    const list = html`<ul>${['a & b', '<c>'].map(item)}</ul>`;
    const page = html`<main>${list}${joinHtml([html`<b>${'1 < 2'}</b>`, '3 & 4'], html`<br>`)}</main>`;
    expect(String(page)).toBe(
      '<main><ul><li>a &amp; b</li><li>&lt;c&gt;</li></ul><b>1 &lt; 2</b><br>3 &amp; 4</main>',
    );
  });

  it('leaves out null and undefined, and passes markup through only when marked trusted', () => {
    expect(String(html`<p>${null}${undefined}${trustedHtml('<em>ok</em>')}${'<em>no</em>'}</p>`)).toBe(
      '<p><em>ok</em>&lt;em&gt;no&lt;/em&gt;</p>',
    );
  });

  it('escapes a body given to the email frame as a plain string rather than trusting it', () => {
    const body = '<p>typed</p>' as unknown as Parameters<typeof renderHtmlEmail>[1]['bodyHtml'];
    const email = renderHtmlEmail(clinic().clinic, { preheader: 'p', heading: 'h', bodyHtml: body });
    expect(email).toContain('&lt;p&gt;typed&lt;/p&gt;');
  });
});

describe('inquiry emails', () => {
  const hostileClinic = clinic({ clinic: { name: `Clinic ${HOSTILE}`, website: HOSTILE_URL } });
  const lead = buildLeadItem(
    submission({
      name: `Ada ${HOSTILE}`,
      email: 'ada@example.com',
      phone: '+12015550199',
      message: `Line one ${HOSTILE}\nLine two`,
      topic: HOSTILE,
      custom: { insurance: HOSTILE },
      attribution: { pageUrl: HOSTILE_URL, gclid: HOSTILE },
    }),
    {
      id: '01KBDJ5Z8Q6V0000000000000A',
      now: new Date('2026-12-01T04:04:00Z'),
      timeZone: 'America/New_York',
      inquiryDays: 730,
    },
  );

  it("the staff notification shows every hostile field as text, the message's lines kept", () => {
    const { html: markup } = renderStaffNotification(hostileClinic, lead);
    expectNoMarkupFrom(markup);
    expect(markup).toContain(`Ada ${ESCAPED}</td>`);
    expect(markup).toContain(`Line one ${ESCAPED}<br>\nLine two</div>`);
    expect(markup).toContain(`>${ESCAPED_URL}</td>`);
    expect(markup).toContain(`Clinic ${ESCAPED}<br>`);
    expect(markup).toContain(`<br>${ESCAPED_URL}</p>`);
  });

  it("the acknowledgement escapes the clinic's name and links the phone once", () => {
    const { html: markup } = renderAcknowledgement(hostileClinic, lead);
    expectNoMarkupFrom(markup);
    expect(markup).toContain(`Thank you for contacting Clinic ${ESCAPED}.`);
    expect(markup).toContain('<a href="tel:+12015550143" style="color:#0b57d0;">(201) 555-0143</a>.</p>');
  });
});

describe('booking emails', () => {
  const config = configWith((input) => {
    input.clinic.name = `Clinic ${HOSTILE}`;
    (input.scheduling.providers[0] as { name: string }).name = `Dr. ${HOSTILE}`;
  });
  const hostile = booking({
    patient: { name: `Ana ${HOSTILE}`, email: 'ana@example.com', phone: '+12015550123' },
    reason: HOSTILE,
    notes: HOSTILE,
  });
  const now = new Date('2026-11-20T15:00:00Z');
  const cancelled = { ...hostile, status: 'cancelled' as const, cancelReason: HOSTILE, cancelledAt: now };

  it.each([
    ['confirmed', { event: 'confirmed' as const, booking: snapshotOf(hostile), manageUrl: HOSTILE_URL }],
    [
      'rescheduled',
      {
        event: 'rescheduled' as const,
        booking: snapshotOf(hostile),
        previous: snapshotOf(hostile),
        manageUrl: HOSTILE_URL,
      },
    ],
    ['cancelled', { event: 'cancelled' as const, booking: snapshotOf(cancelled) }],
  ])('the %s emails, to the patient and to staff, show hostile values as text', (event, notice) => {
    const emails = planBookingNoticeEmails(config, { eventName: 'INSERT', newItem: noticeItem(notice, now) });
    expect(emails).toHaveLength(2);
    for (const email of emails) {
      expectNoMarkupFrom(email.html);
      expect(email.html).toContain(`Dr. ${ESCAPED}`);
    }
    const [patient, staff] = emails as [(typeof emails)[0], (typeof emails)[0]];
    expect(patient.html).toContain(`Hello Ana ${ESCAPED},`);
    expect(staff.html).toContain(`>Ana ${ESCAPED}</td>`);
    expect(staff.html).toContain(`>${ESCAPED}</td>`);
    if (event !== 'cancelled') {
      expect(patient.html).toContain(`<a href="${ESCAPED_URL}" style="color:#0b57d0;">${ESCAPED_URL}</a>`);
    }
  });
});

describe('pages', () => {
  const config = configWith((input) => {
    input.clinic.name = `Clinic ${HOSTILE}`;
    input.clinic.website = HOSTILE_URL;
    (input.scheduling.providers[0] as { name: string }).name = `Dr. ${HOSTILE}`;
  });

  it('the thank-you page escapes the clinic and the back link', () => {
    const page = thankYouPage(config.clinic, HOSTILE_URL);
    expectNoMarkupFrom(page);
    expect(page).toContain(`<a href="${ESCAPED_URL}">Back to the Clinic ${ESCAPED} website</a>`);
    expect(page).toContain(`<p role="status">Clinic ${ESCAPED} has received your message.`);
  });

  it('the booking page escapes the heading, the provider and the links', () => {
    const page = bookingPage(config, {
      heading: `Booked ${HOSTILE}`,
      booking: booking(),
      manageUrl: HOSTILE_URL,
      calendarUrl: HOSTILE_URL,
      window: { moveUntil: booking().start, cancelUntil: booking().start },
    });
    expectNoMarkupFrom(page);
    expect(page).toContain(`<title>Booked ${ESCAPED} – Clinic ${ESCAPED}</title>`);
    expect(page).toContain(`<h1>Booked ${ESCAPED}</h1>`);
    expect(page).toContain(`<dd>Dr. ${ESCAPED}</dd>`);
    expect(page).toContain(`<a href="${ESCAPED_URL}">manage your appointment</a>`);
  });

  it('the manage page keeps a hostile token inside its hidden field', () => {
    const page = managePage(config, {
      booking: booking(),
      token: HOSTILE,
      apiOrigin: 'https://api.example',
      calendarUrl: HOSTILE_URL,
      changeable: true,
      cancellable: true,
      window: {},
      choices: [
        { start: '2026-12-01T09:45:00-05:00', end: '2026-12-01T10:30:00-05:00', providers: ['dr-lee'] },
      ],
    });
    expectNoMarkupFrom(page);
    expect(page.split(`<input type="hidden" name="token" value="${ESCAPED}">`)).toHaveLength(3);
    expect(page).toContain(`<a href="${ESCAPED_URL}">Add to calendar</a>`);
    expect(page).toContain(`EST, with Dr. ${ESCAPED}</span></label>`);
  });

  it("a 409's alternatives and the error page around them escape each value once", () => {
    const problem = {
      type: 'about:blank',
      title: `Taken ${HOSTILE}`,
      status: 409,
      code: 'slot_unavailable' as const,
      detail: HOSTILE,
      alternatives: [
        { start: '2026-12-01T09:45:00-05:00', end: '2026-12-01T10:30:00-05:00', providers: ['dr-lee'] },
      ],
    };
    const { body: page } = problemPageFor(problem, {
      config,
      backLink: HOSTILE_URL,
      fieldLabels: { name: `Your name ${HOSTILE}` },
      fields: { name: HOSTILE, start: '2026-12-01T09:00:00-05:00' },
      action: '/v1/bookings',
    });
    expectNoMarkupFrom(page);
    // Each typed value goes back in a hidden field, escaped once; the button names the clinician.
    expect(page).toContain(`<input type="hidden" name="name" value="${ESCAPED}">`);
    expect(page).toContain(`with Dr. ${ESCAPED}</button>`);
    expect(page).toContain(`<a href="${ESCAPED_URL}">Choose another day or time</a>`);
  });

  it('the validation page shows what was typed again, escaped once, beside its problem', () => {
    const problem = {
      type: 'about:blank',
      title: 'Invalid request',
      status: 400,
      code: 'validation_failed' as const,
      errors: [{ path: 'name', message: HOSTILE }],
    };
    const { body: page } = problemPageFor(problem, {
      config,
      fieldLabels: { name: `Your name ${HOSTILE}`, message: 'Message' },
      fields: { name: HOSTILE, message: `</textarea>${HOSTILE}` },
      action: '/v1/inquiries',
    });
    expectNoMarkupFrom(page);
    expect(page).toContain(
      `value="${ESCAPED}" autocomplete="name" aria-invalid="true" aria-describedby="error-name">`,
    );
    expect(page).toContain(`<p class="error" id="error-name">${ESCAPED}</p>`);
    expect(page).toContain(`&lt;/textarea&gt;${ESCAPED}</textarea>`);
  });
});
