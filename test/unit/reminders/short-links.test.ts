import { describe, expect, it } from 'vitest';
import { newShortCode } from '../../../shared/adapters/reminders/job.ts';
import { resolveShortLink } from '../../../shared/app/reminders/run-reminders.ts';
import {
  isShortCode,
  type ShortLink,
  shortLinkFromItem,
  shortLinkItem,
} from '../../../shared/core/scheduling/short-links.ts';

const link: ShortLink = {
  code: 'AbCdEfGh1234',
  bookingId: '01KBOOKING000000000000000A',
  token: 'raw-token',
  expiresAt: new Date('2026-12-02T15:00:00Z'),
};

describe('short links', () => {
  it('draws 12 characters of [A-Za-z0-9], a different code each time', () => {
    const codes = new Set(Array.from({ length: 2000 }, newShortCode));
    expect(codes.size).toBe(2000);
    for (const code of codes) expect(isShortCode(code)).toBe(true);
    // Every character of the alphabet turns up: the draw is not biased to a part of it.
    expect(new Set([...codes].join('')).size).toBe(62);
  });

  it('recognises only a 12-character alphanumeric code', () => {
    for (const bad of ['', 'short', 'AbCdEfGh123!', 'AbCdEfGh12345', '../../etc/pa', 'AbCdEfGh123 ']) {
      expect(isShortCode(bad)).toBe(false);
    }
  });

  it('reads back the item it writes, whose TTL is its expiry', () => {
    const item = shortLinkItem(link);
    expect(item).toMatchObject({ pk: 'SHORT#AbCdEfGh1234', sk: 'LINK', expiresAt: 1796223600 });
    expect(shortLinkFromItem(item)).toEqual(link);
    expect(shortLinkFromItem({ ...item, kind: 'booking' })).toBeUndefined();
  });

  it('leads to the booking until it expires, then nowhere (as an unknown code)', async () => {
    const store = { find: async (code: string) => (code === link.code ? link : undefined) };
    expect(await resolveShortLink(store, link.code, new Date('2026-12-02T14:59:59Z'))).toEqual({
      bookingId: link.bookingId,
      token: 'raw-token',
    });
    expect(await resolveShortLink(store, link.code, new Date('2026-12-02T15:00:00Z'))).toBeUndefined();
    expect(await resolveShortLink(store, 'ZZZZZZZZZZZZ', new Date('2026-12-01T00:00:00Z'))).toBeUndefined();
  });
});
