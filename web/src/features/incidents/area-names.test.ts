import { describe, expect, it } from 'vitest';
import { bilingualAreaName, matchAreas } from './area-names.js';
import type { AreaSummary } from './incidents-api.js';
import { parseLinks } from './intake-links.js';

const area = (code: string, fi: string, sv: string, bilingual: boolean): AreaSummary => ({
  code,
  type: 'municipality',
  nationalCode: code.slice(2),
  name: { fi, sv, en: fi },
  electoralDistrictCode: null,
  wellbeingCountyCode: null,
  regionCode: null,
  bilingual,
});

const helsinki = area('KU091', 'Helsinki', 'Helsingfors', true);
const espoo = area('KU049', 'Espoo', 'Esbo', true);
const hameenlinna = area('KU109', 'Hämeenlinna', 'Tavastehus', false);
const vantaa = area('KU092', 'Vantaa', 'Vanda', true);

describe('area names', () => {
  it('give a bilingual municipality both names, the reader’s language first', () => {
    expect(bilingualAreaName(helsinki, 'fi')).toBe('Helsinki / Helsingfors');
    expect(bilingualAreaName(helsinki, 'sv')).toBe('Helsingfors / Helsinki');
    expect(bilingualAreaName(helsinki, 'en')).toBe('Helsinki / Helsingfors');
  });

  it('give a monolingual municipality its name in the reader’s language only', () => {
    expect(bilingualAreaName(hameenlinna, 'fi')).toBe('Hämeenlinna');
    expect(bilingualAreaName(hameenlinna, 'sv')).toBe('Tavastehus');
  });

  it('find areas by either official name or code, names that start with the text first', () => {
    const all = [helsinki, espoo, hameenlinna, vantaa];
    expect(matchAreas(all, 'esb', 'fi').map((a) => a.code)).toEqual(['KU049']);
    expect(matchAreas(all, 'tavaste', 'fi').map((a) => a.code)).toEqual(['KU109']);
    expect(matchAreas(all, 'KU092', 'fi').map((a) => a.code)).toEqual(['KU092']);
    expect(matchAreas(all, 'ta', 'fi').map((a) => a.code)).toEqual(['KU109', 'KU092']);
    expect(matchAreas(all, '', 'sv').map((a) => a.name.sv)).toEqual([
      'Esbo',
      'Helsingfors',
      'Tavastehus',
      'Vanda',
    ]);
  });
});

describe('reporter’s links', () => {
  it('accept web addresses one per line, with or without the scheme, once each', () => {
    expect(parseLinks('https://example.fi/a\n\n  yle.fi/uutiset  \nhttps://example.fi/a')).toEqual({
      links: ['https://example.fi/a', 'https://yle.fi/uutiset'],
      invalid: [],
    });
  });

  it('point out what is not a web address', () => {
    expect(parseLinks('ftp://example.fi/file\nnot a link\nhttp://example.fi')).toEqual({
      links: ['http://example.fi/'],
      invalid: ['ftp://example.fi/file', 'not a link'],
    });
  });
});
