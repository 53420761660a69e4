// The round-2 keys of API.md "Abuse" (CONFIG.md): `scheduling.limits` and `captcha` — defaults,
// and refusals that name the key path.
import { describe, expect, it } from 'vitest';
import { parsedWith, problemsWith } from './fixtures.ts';

const CAPTCHA = {
  provider: 'turnstile',
  siteKey: '1x00000000000000000000AA',
  secretParameterName: '/clinic/prod/turnstile-secret',
};

describe('scheduling.limits', () => {
  it('defaults to 5 booking attempts per client address an hour and 3 upcoming bookings per patient', () => {
    expect(parsedWith().scheduling.limits).toStrictEqual({
      perClientIpPerHour: 5,
      activeBookingsPerPatient: 3,
    });
  });

  it('fills in what a partial limits object leaves out', () => {
    expect(
      parsedWith({ 'scheduling.limits': { activeBookingsPerPatient: 1 } }).scheduling.limits,
    ).toStrictEqual({
      perClientIpPerHour: 5,
      activeBookingsPerPatient: 1,
    });
  });

  it.each([0, -1, 2.5, 101])('refuses perClientIpPerHour %j', (value) => {
    expect(problemsWith({ 'scheduling.limits.perClientIpPerHour': value })).toHaveLength(1);
    expect(problemsWith({ 'scheduling.limits.perClientIpPerHour': value })[0]).toMatch(
      /^scheduling\.limits\.perClientIpPerHour: /,
    );
  });

  it.each([0, 51, '3'])('refuses activeBookingsPerPatient %j', (value) => {
    expect(problemsWith({ 'scheduling.limits.activeBookingsPerPatient': value })[0]).toMatch(
      /^scheduling\.limits\.activeBookingsPerPatient: /,
    );
  });

  it('refuses unknown keys', () => {
    expect(problemsWith({ 'scheduling.limits.perEmail': 2 })).toEqual([
      'scheduling.limits.perEmail: unknown key',
    ]);
  });
});

describe('captcha', () => {
  it('is absent by default: no CAPTCHA', () => {
    expect(parsedWith().captcha).toBeUndefined();
  });

  it('guards both public forms unless told otherwise, with no action', () => {
    expect(parsedWith({ captcha: CAPTCHA }).captcha).toStrictEqual({
      ...CAPTCHA,
      routes: ['inquiries', 'bookings'],
    });
  });

  it('takes an action, one route, and a Secrets Manager reference or an ARN as the parameter name', () => {
    const parsed = parsedWith({
      captcha: {
        ...CAPTCHA,
        action: 'book',
        routes: ['bookings'],
        secretParameterName: '/aws/reference/secretsmanager/clinic-turnstile',
      },
    }).captcha;
    expect(parsed).toMatchObject({ action: 'book', routes: ['bookings'] });
    expect(
      parsedWith({
        captcha: { ...CAPTCHA, secretParameterName: 'arn:aws:ssm:us-east-1:123456789012:parameter/clinic/t' },
      }).captcha?.secretParameterName,
    ).toBe('arn:aws:ssm:us-east-1:123456789012:parameter/clinic/t');
  });

  it('refuses another provider, a missing site key or parameter name, and a secret pasted in', () => {
    expect(problemsWith({ captcha: { ...CAPTCHA, provider: 'recaptcha' } })).toEqual([
      'captcha.provider: must be "turnstile" (Cloudflare Turnstile)',
    ]);
    expect(problemsWith({ captcha: { provider: 'turnstile', secretParameterName: '/x' } })).toEqual([
      'captcha.siteKey: is required',
    ]);
    expect(problemsWith({ captcha: { provider: 'turnstile', siteKey: 'abc' } })).toEqual([
      'captcha.secretParameterName: is required',
    ]);
    expect(problemsWith({ captcha: { ...CAPTCHA, secret: '0x4AAAAAAA' } })).toEqual([
      'captcha.secret: unknown key',
    ]);
  });

  it('refuses an unknown route, an empty list and a route twice', () => {
    expect(problemsWith({ captcha: { ...CAPTCHA, routes: ['staff'] } })).toEqual([
      'captcha.routes[0]: must be "inquiries" or "bookings"',
    ]);
    expect(problemsWith({ captcha: { ...CAPTCHA, routes: [] } })).toEqual([
      'captcha.routes: needs at least one route (leave `captcha` out for none)',
    ]);
    expect(problemsWith({ captcha: { ...CAPTCHA, routes: ['bookings', 'bookings'] } })).toEqual([
      'captcha.routes: lists a route twice',
    ]);
  });

  it('refuses an action Turnstile would not take', () => {
    expect(problemsWith({ captcha: { ...CAPTCHA, action: 'book now!' } })[0]).toMatch(/^captcha\.action: /);
  });
});
