import type { Locale } from '../../../../shared/contracts/common.js';
import { useLocale } from '../../lib/i18n.js';
import { useAreas, type AreaSummary } from './incidents-api.js';

/**
 * An area's name as people in a bilingual country look for it: a bilingual municipality by both
 * official names, the reader's language first ("Helsinki / Helsingfors", "Helsingfors / Helsinki").
 */
export const bilingualAreaName = (area: Pick<AreaSummary, 'name' | 'bilingual'>, locale: Locale): string => {
  const first = area.name[locale] || area.name.fi;
  if (!area.bilingual) return first;
  const second = locale === 'sv' ? area.name.fi : area.name.sv;
  return second && second !== first ? `${first} / ${second}` : first;
};

/** Names every area code it can; an unknown code (or no area list) shows as the code. */
export const useAreaNames = () => {
  const locale = useLocale();
  const areas = useAreas();
  const byCode = new Map((areas.data ?? []).map((area) => [area.code, area]));
  return (code: string) => {
    const area = byCode.get(code);
    return area ? bilingualAreaName(area, locale) : code;
  };
};

/** Finds areas by either official name or code, names starting with the text first. */
export const matchAreas = (areas: readonly AreaSummary[], text: string, locale: Locale): AreaSummary[] => {
  const needle = text.trim().toLocaleLowerCase('fi');
  if (!needle) return [...areas].sort((a, b) => compareAreas(a, b, locale));
  const scored = areas
    .map((area) => {
      const names = [area.name.fi, area.name.sv, area.name.en, area.code].map((n) =>
        n.toLocaleLowerCase('fi'),
      );
      const score = names.some((n) => n.startsWith(needle))
        ? 0
        : names.some((n) => n.includes(needle))
          ? 1
          : 2;
      return { area, score };
    })
    .filter((entry) => entry.score < 2);
  return scored
    .sort((a, b) => a.score - b.score || compareAreas(a.area, b.area, locale))
    .map((entry) => entry.area);
};

const compareAreas = (a: AreaSummary, b: AreaSummary, locale: Locale) =>
  a.name[locale].localeCompare(b.name[locale], locale === 'sv' ? 'sv' : 'fi');
