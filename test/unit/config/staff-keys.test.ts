// The round-2 keys `staff` and `retention` (CONFIG.md, "Keys added in round 2"): defaults, and
// refusals that name the key path.
import { describe, expect, it } from 'vitest';
import { loadClinicConfigFile } from '../../../shared/config/load.ts';
import { parsedWith, problemsWith } from './fixtures.ts';

describe('staff', () => {
  it('defaults to MFA required and no admin users', () => {
    expect(parsedWith().staff).toStrictEqual({ mfa: 'required', admins: [] });
  });

  it('fills in what a partial staff object leaves out', () => {
    expect(parsedWith({ staff: { mfa: 'optional' } }).staff).toStrictEqual({ mfa: 'optional', admins: [] });
    expect(parsedWith({ 'staff.admins': ['owner@clinic.example'] }).staff).toStrictEqual({
      mfa: 'required',
      admins: ['owner@clinic.example'],
    });
  });

  it.each(['required', 'optional', 'off'])('takes mfa %j', (mfa) => {
    expect(parsedWith({ 'staff.mfa': mfa }).staff.mfa).toBe(mfa);
  });

  it.each(['on', 'OFF', true, ''])('refuses mfa %j', (mfa) => {
    expect(problemsWith({ 'staff.mfa': mfa })).toEqual([
      'staff.mfa: must be "required", "optional" or "off"',
    ]);
  });

  it('refuses an admin that is not an email address, naming its index', () => {
    expect(problemsWith({ 'staff.admins': ['owner@clinic.example', 'front desk'] })).toEqual([
      'staff.admins[1]: must be an email address',
    ]);
  });

  it('refuses the same admin twice, whatever the case', () => {
    expect(problemsWith({ 'staff.admins': ['owner@clinic.example', 'Owner@Clinic.example'] })).toEqual([
      'staff.admins[1]: "owner@clinic.example" is listed twice',
    ]);
  });

  it('refuses unknown keys', () => {
    expect(problemsWith({ 'staff.users': ['a@clinic.example'] })).toEqual(['staff.users: unknown key']);
  });

  it('is off in config/dev.json, so the local demo users sign in with a password alone', () => {
    expect(loadClinicConfigFile('config/dev.json').staff.mfa).toBe('off');
  });
});

describe('retention', () => {
  it('defaults to 730 days of leads, 2555 days after a visit, 2190 days of audit', () => {
    expect(parsedWith().retention).toStrictEqual({
      inquiryDays: 730,
      bookingDaysAfterVisit: 2555,
      auditDays: 2190,
    });
  });

  it('fills in what a partial retention object leaves out', () => {
    expect(parsedWith({ 'retention.auditDays': 3650 }).retention).toStrictEqual({
      inquiryDays: 730,
      bookingDaysAfterVisit: 2555,
      auditDays: 3650,
    });
  });

  it.each(['inquiryDays', 'bookingDaysAfterVisit', 'auditDays'])(
    'refuses zero, negative and fractional %s',
    (key) => {
      expect(problemsWith({ [`retention.${key}`]: 0 })).toEqual([
        `retention.${key}: must be a positive number of days`,
      ]);
      expect(problemsWith({ [`retention.${key}`]: -30 })).toEqual([
        `retention.${key}: must be a positive number of days`,
      ]);
      expect(problemsWith({ [`retention.${key}`]: 1.5 })).toEqual([
        `retention.${key}: must be a whole number of days`,
      ]);
    },
  );

  it('refuses a number written as text', () => {
    expect(problemsWith({ 'retention.inquiryDays': '730' })).toHaveLength(1);
    expect(problemsWith({ 'retention.inquiryDays': '730' })[0]).toMatch(/^retention\.inquiryDays: /);
  });

  it('refuses unknown keys', () => {
    expect(problemsWith({ 'retention.leadDays': 30 })).toEqual(['retention.leadDays: unknown key']);
  });
});
