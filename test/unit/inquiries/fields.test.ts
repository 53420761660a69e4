import { describe, expect, it } from 'vitest';
import {
  allowedNext,
  isHoneypotFilled,
  isTruthyConsent,
  multiLineText,
  SINGLE_LINE_MESSAGE,
  singleLineText,
  toE164,
} from '../../../shared/core/inquiries/fields.ts';

describe('single-line text fields', () => {
  const field = singleLineText(10, { required: true });

  it('are trimmed', () => {
    expect(field.parse('  Ada \t')).toBe('Ada');
  });

  it.each([
    ['a line feed', 'Ada\nBcc: x'],
    ['a carriage return', 'Ada\rBcc: x'],
    ['CR LF', 'Ada\r\nX'],
    ['a tab inside', 'Ada\tL'],
    ['NUL', 'Ada\u0000'],
    ['escape', 'Ada\u001b[31m'],
    ['DEL', 'Ada\u007f'],
    ['a C1 control', 'Ada\u0085x'],
    ['a Unicode line separator', 'Ada\u2028x'],
  ])('refuse %s', (_label, value) => {
    const result = field.safeParse(value);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe(SINGLE_LINE_MESSAGE);
  });

  it('take a trailing line break as white space to trim, not as a second line', () => {
    expect(field.parse('Ada\r\n')).toBe('Ada');
  });

  it('count length after trimming, up to the maximum', () => {
    expect(field.parse(`  ${'a'.repeat(10)}  `)).toHaveLength(10);
    expect(field.safeParse('a'.repeat(11)).success).toBe(false);
  });

  it('refuse an empty or blank value when required', () => {
    expect(field.safeParse('').success).toBe(false);
    expect(field.safeParse('   ').success).toBe(false);
    expect(singleLineText(10, { required: false }).parse('  ')).toBe('');
  });

  it('accept letters of any script', () => {
    expect(field.parse('Zoë Ñúñez')).toBe('Zoë Ñúñez');
    expect(field.parse('山田 太郎')).toBe('山田 太郎');
  });
});

describe('multi-line text fields', () => {
  const field = multiLineText(12, { required: true });

  it('keep line breaks, as LF, and tabs', () => {
    expect(field.parse('one\r\ntwo\rsix')).toBe('one\ntwo\nsix');
    expect(field.parse('a\tb')).toBe('a\tb');
  });

  it('measure the text after CRLF became LF and after trimming', () => {
    // 12 characters once each CRLF is one LF; 16 as sent.
    expect(field.parse('  ab\r\ncd\r\nef\r\ngh\r\n  ')).toBe('ab\ncd\nef\ngh');
    expect(field.safeParse('abcdefghijklm').success).toBe(false);
  });

  it('refuse other control characters', () => {
    expect(field.safeParse('hello\u0000').success).toBe(false);
    expect(field.safeParse('bell\u0007').success).toBe(false);
  });
});

describe('consent values', () => {
  it.each([true, 'true', 'on', 'yes', 'YES', ' On '])('%j means yes', (value) => {
    expect(isTruthyConsent(value)).toBe(true);
  });

  it.each([false, 'false', 'off', 'no', '', '1', 1, undefined, null, 'y'])('%j does not', (value) => {
    expect(isTruthyConsent(value)).toBe(false);
  });
});

describe('phone numbers', () => {
  it.each([
    ['(201) 555-0143', '+12015550143'],
    ['201-555-0143', '+12015550143'],
    ['201.555.0143', '+12015550143'],
    ['+1 201 555 0143', '+12015550143'],
    ['1 (212) 736-5000', '+12127365000'],
  ])('%s in a US clinic is stored as %s', (input, e164) => {
    expect(toE164(input, 'US')).toBe(e164);
  });

  it('take numbers of the same calling code (Canada for a US clinic)', () => {
    expect(toE164('+1 416 555 0123', 'US')).toBe('+14165550123');
  });

  it.each([
    ['too short', '555-0143'],
    ['an impossible area code', '(123) 456-7890'],
    ['letters', 'call me maybe'],
    ['another country', '+44 20 7946 0958'],
    ['a number with text around it', 'mobile: 201 555 0143'],
  ])('refuse %s', (_label, input) => {
    expect(toE164(input, 'US')).toBeUndefined();
  });

  it("read national numbers in the clinic's own country", () => {
    expect(toE164('020 7946 0958', 'GB')).toBe('+442079460958');
    expect(toE164('020 7946 0958', 'US')).toBeUndefined();
  });
});

describe('_next', () => {
  const origins = ['https://www.riverside.example', 'http://localhost:5173'];

  it("is used when its origin is one of the clinic's", () => {
    expect(allowedNext('https://www.riverside.example/thanks?x=1', origins)).toBe(
      'https://www.riverside.example/thanks?x=1',
    );
    expect(allowedNext('http://localhost:5173/done', origins)).toBe('http://localhost:5173/done');
  });

  it.each([
    ['another site', 'https://evil.example/thanks'],
    ['a look-alike host', 'https://www.riverside.example.evil.example/'],
    ['another scheme of the same host', 'http://www.riverside.example/thanks'],
    ['another port', 'https://www.riverside.example:8443/thanks'],
    ['a relative path', '/thanks'],
    ['a scheme-relative URL', '//evil.example/thanks'],
    ['javascript:', 'javascript:alert(1)'],
    ['not text', 42],
    ['empty', ''],
  ])('is ignored for %s', (_label, value) => {
    expect(allowedNext(value, origins)).toBeUndefined();
  });
});

describe('the honeypot', () => {
  it.each([undefined, null, '', '   ', false])('is empty for %j', (value) => {
    expect(isHoneypotFilled(value)).toBe(false);
  });

  it.each(['x', 'http://spam.example', true, 0, ['a']])('is filled for %j', (value) => {
    expect(isHoneypotFilled(value)).toBe(true);
  });
});
