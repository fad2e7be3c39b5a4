import { describe, expect, it } from 'vitest';
import { translations } from './index.js';

type Tree = { [key: string]: unknown };

const flatten = (tree: unknown, prefix = ''): Map<string, unknown> => {
  const entries = new Map<string, unknown>();
  if (tree && typeof tree === 'object') {
    for (const [key, value] of Object.entries(tree as Tree)) {
      const path = prefix ? `${prefix}.${key}` : key;
      if (value && typeof value === 'object') for (const entry of flatten(value, path)) entries.set(...entry);
      else entries.set(path, value);
    }
  }
  return entries;
};

const locales = {
  fi: flatten(translations.fi),
  sv: flatten(translations.sv),
  en: flatten(translations.en),
};

/** Words that are the same in every language: names, standards and codes. */
const sameInEveryLanguage = new Set([
  'Vaalivahti',
  'TLP',
  'API',
  'Administration',
  'Partner',
  'Status',
  'Organisation',
  '{{count}} organisation',
  '{{organisation}} · {{roles}}',
]);

const translatable = (value: string) =>
  !sameInEveryLanguage.has(value) && /\p{L}/u.test(value.replace(/\{\{\w+\}\}/g, ''));

describe('locales', () => {
  it('have exactly the same keys in Finnish, Swedish and English', () => {
    const keys = [...locales.en.keys()].sort();
    expect([...locales.fi.keys()].sort()).toEqual(keys);
    expect([...locales.sv.keys()].sort()).toEqual(keys);
  });

  it('have no empty values', () => {
    for (const [language, entries] of Object.entries(locales)) {
      for (const [key, value] of entries) {
        expect(typeof value, `${language}: ${key}`).toBe('string');
        expect((value as string).trim(), `${language}: ${key}`).not.toBe('');
      }
    }
  });

  it('use the same interpolation variables in every language', () => {
    const variables = (value: unknown) =>
      [...String(value).matchAll(/\{\{(\w+)\}\}/g)].map((match) => match[1]).sort();
    for (const [key, value] of locales.en) {
      expect(variables(locales.fi.get(key)), `fi: ${key}`).toEqual(variables(value));
      expect(variables(locales.sv.get(key)), `sv: ${key}`).toEqual(variables(value));
    }
  });

  it('translate Finnish and Swedish rather than repeat the English', () => {
    const untranslated: string[] = [];
    for (const [key, value] of locales.en) {
      if (typeof value !== 'string' || !translatable(value)) continue;
      if (locales.fi.get(key) === value) untranslated.push(`fi: ${key}`);
      if (locales.sv.get(key) === value) untranslated.push(`sv: ${key}`);
    }
    expect(untranslated).toEqual([]);
  });
});
