// The contact form's field names, with no dependencies: the config schema reads them (a custom
// field may not take one) without pulling the field rules' libraries in.

/** Attribution the website may pass along with a lead, stored with it and shown to staff. */
export const ATTRIBUTION_FIELDS = [
  'pageUrl',
  'referrer',
  'utm_source',
  'utm_medium',
  'utm_campaign',
  'utm_term',
  'utm_content',
  'gclid',
  'fbclid',
] as const;

/**
 * The field Cloudflare Turnstile's widget adds to the form it sits in (and a JSON client sends):
 * the token, which is checked and never stored.
 */
export const CAPTCHA_FIELD = 'cf-turnstile-response';

/** Every field the inquiry form defines itself (the honeypot's name comes from the config). */
export const INQUIRY_FIELD_NAMES = [
  'name',
  'email',
  'phone',
  'message',
  'topic',
  'preferredContact',
  'consent',
  ...ATTRIBUTION_FIELDS,
  '_next',
  CAPTCHA_FIELD,
] as const;

/** The longest token Turnstile issues; anything longer is not one. */
export const CAPTCHA_TOKEN_MAX = 2048;
