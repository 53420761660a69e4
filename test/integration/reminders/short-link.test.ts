// GET /s/{code} on the shared stack: every code that leads nowhere (unknown, malformed, expired)
// gets the same 404, as a problem document or, for a browser, a page; a known one redirects to the
// confirm page without being cached. (The journey test follows a real text's link.)
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { shortLinkItem } from '../../../shared/core/scheduling/short-links.ts';
import { api, clinicConfigInUse, testDynamoDb, testTableName } from '../support/index.ts';

const db = testDynamoDb();
afterAll(() => db.destroy());

async function seed(code: string, expiresAt: Date): Promise<void> {
  await db.send(
    new PutItemCommand({
      TableName: testTableName(),
      Item: marshall(
        shortLinkItem({ code, bookingId: '01KSHORTLINK00000000000000', token: 'tok en', expiresAt }),
      ),
    }),
  );
}

describe('GET /s/{code}', () => {
  it('redirects a known code to the confirm page, never cached and without a referrer', async () => {
    await seed('KnownCode001', new Date(Date.now() + 86_400_000));
    const response = await api('/s/KnownCode001');
    expect(response.status).toBe(303);
    // The shared stack's clinic has its own manage page: the confirm link is that page's, asked to confirm.
    const managePage = clinicConfigInUse().scheduling.manageBookingUrl?.split('?')[0];
    expect(response.headers.get('location')).toBe(
      `${managePage}?id=01KSHORTLINK00000000000000&token=tok%20en&action=confirm`,
    );
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('answers the same 404 to an unknown, an expired and a malformed code', async () => {
    await seed('ExpiredCode1', new Date(Date.now() - 1000));
    for (const path of ['/s/UnknownCode1', '/s/ExpiredCode1', '/s/short', '/s/%3Cscript%3E12345']) {
      const response = await api(path, { headers: { accept: 'application/json' } });
      expect(response.status, path).toBe(404);
      expect(response.json()).toMatchObject({ code: 'not_found', status: 404 });
      expect(response.text).not.toContain('script');
    }
    const page = await api('/s/UnknownCode1', { headers: { accept: 'text/html' } });
    expect(page.status).toBe(404);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
  });
});
