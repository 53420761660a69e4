// The pieces of the patient pages that are pure rules: a wait said in words, and a brand colour
// made readable (WCAG AA) whatever the clinic picked.
import { describe, expect, it } from 'vitest';
import { accessibleAccent, contrastRatio, DEFAULT_BRAND_COLOR } from '../../../shared/adapters/http/html.ts';
import { humanWait } from '../../../shared/adapters/http/problem-pages.ts';

describe('humanWait', () => {
  it.each([
    [1, 'a minute'],
    [90, 'a minute'],
    [600, 'about 10 minutes'],
    [2700, 'about an hour'],
    [3600, 'about an hour'],
    [7200, 'about 2 hours'],
  ])('says %i seconds as "%s"', (seconds, words) => {
    expect(humanWait(seconds)).toBe(words);
  });
});

describe('accessibleAccent', () => {
  it('keeps a dark enough brand colour as it is, and uses the default without one', () => {
    expect(accessibleAccent('#0F6E6E')).toBe('#0f6e6e');
    expect(accessibleAccent(undefined)).toBe(DEFAULT_BRAND_COLOR);
    expect(accessibleAccent('not a colour')).toBe(DEFAULT_BRAND_COLOR);
  });

  it.each(['#ffd700', '#87ceeb', '#ffffff', '#ff69b4'])(
    'darkens %s until white on it and it on white reach 4.5:1',
    (pale) => {
      const accent = accessibleAccent(pale);
      expect(contrastRatio(pale, '#ffffff')).toBeLessThan(4.5);
      expect(contrastRatio(accent, '#ffffff')).toBeGreaterThanOrEqual(4.5);
    },
  );
});
