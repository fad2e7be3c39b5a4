import { describe, expect, it } from 'vitest';
import { fullOrder, move } from './report-languages-section.js';

describe('report fallback languages', () => {
  it('lists every language: the saved ones first, then the rest in the usual order', () => {
    expect(fullOrder(['sv', 'en', 'fi'])).toEqual(['sv', 'en', 'fi']);
    expect(fullOrder(['en'])).toEqual(['en', 'fi', 'sv']);
    expect(fullOrder([])).toEqual(['fi', 'sv', 'en']);
  });

  it('moves a language one place, and not past either end', () => {
    expect(move(['fi', 'sv', 'en'], 2, -1)).toEqual(['fi', 'en', 'sv']);
    expect(move(['fi', 'sv', 'en'], 0, 1)).toEqual(['sv', 'fi', 'en']);
    expect(move(['fi', 'sv', 'en'], 0, -1)).toEqual(['fi', 'sv', 'en']);
    expect(move(['fi', 'sv', 'en'], 2, 1)).toEqual(['fi', 'sv', 'en']);
  });
});
