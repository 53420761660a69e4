// Short links for texts (API.md "Reminders": one short link). A reminder's confirm link embeds the
// booking id and its manage token, over 100 characters, which alone would split a text into two
// segments. The runner gives each text a random 12-character code instead: `GET /s/{code}` answers
// a redirect to the confirm page. A code is as much a key to the booking as its manage link (it
// leads to it), so it is random (71 bits, from crypto), single-purpose, and removed a day after
// the visit; the cancel of its booking does not need to chase it (the page it leads to shows the
// cancellation).
export const SHORT_CODE_LENGTH = 12;
/** The one answer to a code that leads nowhere, unknown or expired. */
export const SHORT_LINK_NOT_FOUND = 'This link is unknown or has expired';
const SHORT_CODE = /^[A-Za-z0-9]{12}$/;
export const SHORT_LINK_KIND = 'short-link';

export interface ShortLink {
  readonly code: string;
  readonly bookingId: string;
  /** The manage token the redirect's target needs. */
  readonly token: string;
  /** After this the code leads nowhere (the TTL removes the item later still). */
  readonly expiresAt: Date;
}

export function isShortCode(value: string): boolean {
  return SHORT_CODE.test(value);
}

export function shortLinkKey(code: string): { pk: string; sk: string } {
  return { pk: `SHORT#${code}`, sk: 'LINK' };
}

export function shortLinkItem(link: ShortLink): Record<string, unknown> {
  return {
    ...shortLinkKey(link.code),
    kind: SHORT_LINK_KIND,
    bookingId: link.bookingId,
    token: link.token,
    expiresAt: Math.floor(link.expiresAt.getTime() / 1000),
  };
}

export function shortLinkFromItem(item: Record<string, unknown>): ShortLink | undefined {
  if (item.kind !== SHORT_LINK_KIND || typeof item.pk !== 'string') return undefined;
  if (typeof item.bookingId !== 'string' || typeof item.token !== 'string') return undefined;
  return {
    code: item.pk.slice('SHORT#'.length),
    bookingId: item.bookingId,
    token: item.token,
    expiresAt: new Date(Number(item.expiresAt) * 1000),
  };
}
