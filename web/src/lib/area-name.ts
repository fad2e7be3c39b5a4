import type { Locale, LocalisedName } from '../../../shared/contracts/common.js';

export interface NamedArea {
  name: LocalisedName;
  bilingual: boolean;
}

/**
 * The name of an area as it is written in Finland: a bilingual municipality by both its names,
 * the interface language's first (Helsinki – Helsingfors, in Swedish Helsingfors – Helsinki).
 */
export const areaName = (area: NamedArea, locale: Locale): string => {
  const { fi, sv, en } = area.name;
  if (area.bilingual && fi !== sv) return locale === 'sv' ? `${sv} – ${fi}` : `${fi} – ${sv}`;
  if (locale === 'sv') return sv || fi;
  if (locale === 'en') return en || fi;
  return fi;
};

/** For sorting and searching: every name the area goes by. */
export const areaSearchText = (area: NamedArea): string =>
  [...new Set([area.name.fi, area.name.sv, area.name.en])].join(' ');
