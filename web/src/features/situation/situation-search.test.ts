import { describe, expect, it } from 'vitest';
import {
  defaultSince,
  incidentListHref,
  parseSituationSearch,
  situationSearchToParams,
} from './situation-search.js';

const electionId = '0b6e2f4c-2f0c-4d7a-9a53-5c1f2e3d4a5b';

describe('the situation URL', () => {
  it('reads the area, map level, bucket and time it carries', () => {
    const search = parseSituationSearch(
      new URLSearchParams('area=VP07&level=municipality&bucket=hour&since=2027-04-18T06:00:00.000Z'),
    );
    expect(search).toEqual({
      area: 'VP07',
      mapLevel: 'municipality',
      bucket: 'hour',
      since: '2027-04-18T06:00:00.000Z',
    });
  });

  it('drops values it does not know rather than sending them on', () => {
    expect(
      parseSituationSearch(new URLSearchParams('area=Tampere&level=region&bucket=week&since=yesterday')),
    ).toEqual({
      area: null,
      mapLevel: 'electoral_district',
      bucket: null,
      since: null,
    });
  });

  it('writes only what differs from the defaults, and reads back the same', () => {
    const search = { area: 'KU837', mapLevel: 'electoral_district', bucket: null, since: null } as const;
    const params = situationSearchToParams(search);
    expect(params.toString()).toBe('area=KU837');
    expect(parseSituationSearch(params)).toEqual(search);
  });
});

describe('links to the incident list', () => {
  it('carry the election, the area and the counted value in the list’s own filter format', () => {
    // The names are those of web/src/features/incidents/incident-filters.ts (parseListSearch).
    const url = new URL(incidentListHref(electionId, { area: 'VP07' }, 'severity', '4'), 'http://x');
    expect(url.pathname).toBe('/incidents');
    expect(Object.fromEntries(url.searchParams)).toEqual({ electionId, area: 'VP07', severity: '4' });
  });

  it('carry impact counts as the list’s impact filters', () => {
    const url = new URL(
      incidentListHref(electionId, { area: null }, 'impactOnConfidence', 'major'),
      'http://x',
    );
    expect(Object.fromEntries(url.searchParams)).toEqual({ electionId, impactOnConfidence: 'major' });
  });
});

describe('the default start of "what changed"', () => {
  it('is the previous visit, or 24 hours ago on a first visit', () => {
    const now = new Date('2027-04-18T12:00:00.000Z');
    expect(defaultSince('2027-04-17T08:00:00.000Z', now)).toBe('2027-04-17T08:00:00.000Z');
    expect(defaultSince(null, now)).toBe('2027-04-17T12:00:00.000Z');
  });
});
