// The round-2 keys of API.md "Changes to existing routes" (CONFIG.md): `scheduling.undoGraceMinutes`
// and `scheduling.calendarTitle` — defaults, and refusals that name the key path.
import { describe, expect, it } from 'vitest';
import { parsedWith, problemsWith } from './fixtures.ts';

describe('scheduling.undoGraceMinutes', () => {
  it('defaults to 15 minutes', () => {
    expect(parsedWith().scheduling.undoGraceMinutes).toBe(15);
  });

  it('takes 0 (no grace) and whole minutes', () => {
    expect(parsedWith({ 'scheduling.undoGraceMinutes': 0 }).scheduling.undoGraceMinutes).toBe(0);
    expect(parsedWith({ 'scheduling.undoGraceMinutes': 30 }).scheduling.undoGraceMinutes).toBe(30);
  });

  it.each([-1, 2.5, 1441, '15'])('refuses %j', (value) => {
    const problems = problemsWith({ 'scheduling.undoGraceMinutes': value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^scheduling\.undoGraceMinutes: /);
  });
});

describe('scheduling.calendarTitle', () => {
  it('defaults to "Appointment at {clinic}"', () => {
    expect(parsedWith().scheduling.calendarTitle).toBe('Appointment at {clinic}');
  });

  it.each(['Visit with {provider} at {clinic}', '{clinic}', 'Riverside appointment'])('takes %j', (title) => {
    expect(parsedWith({ 'scheduling.calendarTitle': title }).scheduling.calendarTitle).toBe(title);
  });

  it.each([
    '{type} at {clinic}',
    'Appointment: {appointmentType}',
    '{reason}',
    '{name} at {clinic}',
    'Appointment at {clinic',
    'Appointment } at {clinic}',
    '{{clinic}}',
    '',
    '   ',
  ])('refuses %j', (title) => {
    const problems = problemsWith({ 'scheduling.calendarTitle': title });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^scheduling\.calendarTitle: /);
  });
});
