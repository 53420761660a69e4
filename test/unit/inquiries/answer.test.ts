import { describe, expect, it } from 'vitest';
import { inquiryAnswer, thankYouPage } from '../../../shared/adapters/http/pages/inquiry-answer.ts';
import { clinic } from './fixtures.ts';

const id = '01KBDJ5Z8Q6V0000000000000A';

describe('the answer to an inquiry', () => {
  it('is 201 JSON {id, status} for a JSON client', () => {
    const answer = inquiryAnswer(id, {
      wantsHtml: false,
      config: clinic(),
      next: 'https://www.riverside.example/x',
    });
    expect(answer.statusCode).toBe(201);
    expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(JSON.parse(answer.body as string)).toStrictEqual({ id, status: 'received' });
  });

  it('is 303 to _next for a form post that gave an allowed one', () => {
    const answer = inquiryAnswer(id, {
      wantsHtml: true,
      config: clinic(),
      next: 'https://www.riverside.example/done',
    });
    expect(answer.statusCode).toBe(303);
    expect(answer.headers.location).toBe('https://www.riverside.example/done');
  });

  it('is 303 to forms.thankYouUrl for a form post without _next', () => {
    const answer = inquiryAnswer(id, { wantsHtml: true, config: clinic() });
    expect(answer.statusCode).toBe(303);
    expect(answer.headers.location).toBe('https://www.riverside.example/thank-you');
  });

  it('is a 200 HTML thank-you page for a form post with neither', () => {
    const config = clinic({ forms: { thankYouUrl: undefined } });
    const answer = inquiryAnswer(id, {
      wantsHtml: true,
      config,
      backLink: 'https://www.riverside.example/contact',
    });
    expect(answer.statusCode).toBe(200);
    expect(answer.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(answer.body).toContain('<a href="https://www.riverside.example/contact">');
  });
});

describe('the thank-you page', () => {
  const page = thankYouPage(clinic().clinic, undefined);

  it('is a small accessible page: language, title, one heading, a status message', () => {
    expect(page).toMatch(/^<!doctype html>/);
    expect(page).toContain('<html lang="en">');
    expect(page).toMatch(/<title>Thank you for your message – [^<]+<\/title>/);
    expect(page.match(/<h1>/g)).toHaveLength(1);
    expect(page).toContain('role="status"');
    expect(page).toContain('name="viewport"');
  });

  it("links back to the clinic's website when the form page is unknown, and escapes the clinic's name", () => {
    expect(page).toContain(
      '<a href="https://www.riverside.example">Back to the Riverside Spine &amp; Sports website</a>',
    );
    expect(page).toContain('href="tel:+12015550143">(201) 555-0143</a>');
  });

  it('has no script', () => {
    expect(page).not.toContain('<script');
  });

  it('works for a clinic with no website or phone', () => {
    const bare = thankYouPage(clinic({ clinic: { website: undefined, phone: undefined } }).clinic, undefined);
    expect(bare).toContain('You can close this page now.');
    expect(bare).not.toContain('tel:');
  });
});
