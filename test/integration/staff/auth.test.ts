// Every staff route is behind the pool's tokens, as API Gateway's JWT authorizer has it: no token,
// an expired, tampered, foreign-pool or foreign-key one is 401 with API Gateway's own body; a user
// in neither group is 403 `forbidden` (a problem document, from the function).
import { afterAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../../shared/adapters/http/routes/index.ts';
import { api } from '../support/index.ts';
import { staffApi, staffOfStack } from './support.ts';

const withToken = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

afterAll(() => staffOfStack().tokens.close());

describe('GET /v1/staff/me', () => {
  it('answers the signed-in member: sub, the email from the pool, and groups', async () => {
    const { users } = staffOfStack();
    const frontdesk = await staffApi('/v1/staff/me');
    expect(frontdesk.status).toBe(200);
    expect(frontdesk.json()).toEqual({
      sub: expect.any(String),
      email: users.frontdesk,
      groups: ['frontdesk'],
    });
    const admin = await staffApi('/v1/staff/me', {}, 'admin');
    expect(admin.json()).toMatchObject({ email: users.admin, groups: ['admin'] });
  });

  it('answers 403 forbidden to a member of neither group', async () => {
    const response = await staffApi('/v1/staff/me', {}, 'nobody');
    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.json()).toMatchObject({ code: 'forbidden', status: 403 });
  });

  it('answers 401 as API Gateway does to no token, and to an expired, tampered, foreign-pool or foreign-key one', async () => {
    const { tokens, users } = staffOfStack();
    const attempts = {
      none: await api('/v1/staff/me'),
      garbage: await api('/v1/staff/me', withToken('not-a-jwt')),
      expired: await api('/v1/staff/me', withToken(await tokens.expiredToken(users.frontdesk))),
      tampered: await api('/v1/staff/me', withToken(await tokens.tamperedToken(users.frontdesk))),
      foreignPool: await api('/v1/staff/me', withToken(await tokens.foreignPoolToken(users.admin))),
      foreignKey: await api('/v1/staff/me', withToken(await tokens.foreignKeyToken(users.frontdesk))),
      otherClient: await api('/v1/staff/me', withToken(await tokens.otherClientToken(users.frontdesk))),
    };
    for (const [name, response] of Object.entries(attempts)) {
      expect(response.status, name).toBe(401);
      expect(response.json(), name).toEqual({ message: 'Unauthorized' });
      expect(response.headers.get('www-authenticate'), name).toMatch(/^Bearer error="invalid_token"/);
    }
  });

  it('refuses an ID token (it lacks the sign-in scope the routes require), as the authorizer would', async () => {
    const { tokens, users } = staffOfStack();
    const response = await api('/v1/staff/me', withToken(await tokens.idToken(users.frontdesk)));
    expect(response.status).toBe(403);
    expect(response.json()).toEqual({ message: 'Forbidden' });
  });
});

describe('every staff route', () => {
  const staffRoutes = ROUTES.filter((route) => route.auth !== 'public');

  it('exists in the route table', () => {
    expect(staffRoutes.length).toBeGreaterThan(0);
  });

  it.each(staffRoutes.map((route) => [route.id, route] as const))(
    '%s answers 401 without a token, before the function runs',
    async (_id, route) => {
      const path = route.path.replace(/\{[^}]+\}/g, '01J00000000000000000000000');
      const response = await api(path, {
        method: route.method,
        ...(route.method === 'GET' ? {} : { json: {} }),
      });
      expect(response.status).toBe(401);
      expect(response.json()).toEqual({ message: 'Unauthorized' });
    },
  );
});
