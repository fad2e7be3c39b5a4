import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tlpLevels } from '../../../../shared/access/tlp.js';
import {
  impactLevels,
  incidentDomains,
  incidentListQuerySchema,
  incidentSorts,
  incidentStatuses,
  reportedVia,
} from '../../../../shared/contracts/incidents.js';
import { incidentCategories } from '../../../../shared/taxonomy/incident-categories.js';
import {
  emptyListState,
  facetFilters,
  hasFilters,
  listStateToSaved,
  listStateToSearch,
  parseListSearch,
  savedToListState,
  toApiFilters,
  toggleValue,
  type IncidentListState,
} from './incident-filters.js';
import { isoToWallClock, wallClockToIso } from './wall-clock.js';

const subset = <T>(values: readonly T[]) => fc.uniqueArray(fc.constantFrom(...values), { maxLength: 4 });
const uuid = fc.uuid({ version: 4 });
const day = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

const listState: fc.Arbitrary<IncidentListState> = fc.record({
  q: fc.string({ maxLength: 40 }).map((s) => s.trim()),
  domain: subset(incidentDomains),
  status: subset(incidentStatuses),
  severity: subset([1, 2, 3, 4, 5]),
  tlp: subset(tlpLevels),
  category: subset(incidentCategories.map((c) => c.key)),
  impactOnConduct: subset(impactLevels),
  impactOnConfidence: subset(impactLevels),
  electionId: fc.option(uuid, { nil: null }),
  area: fc.uniqueArray(
    fc.oneof(
      fc.integer({ min: 0, max: 999 }).map((n) => `KU${String(n).padStart(3, '0')}`),
      fc.integer({ min: 0, max: 99 }).map((n) => `VP${String(n).padStart(2, '0')}`),
    ),
    { maxLength: 4 },
  ),
  leadOrganisationId: fc.uniqueArray(uuid, { maxLength: 3 }),
  ownerOrganisationId: fc.uniqueArray(uuid, { maxLength: 3 }),
  reportedVia: subset(reportedVia),
  mine: fc.boolean(),
  createdFrom: fc.option(day, { nil: '' }),
  createdTo: fc.option(day, { nil: '' }),
  sort: fc.constantFrom(...incidentSorts),
  order: fc.constantFrom('asc' as const, 'desc' as const),
});

const helsinkiDay = (value: string, addDays = 0) =>
  wallClockToIso(
    new Date(Date.parse(value) + addDays * 86_400_000).toISOString().slice(0, 10),
    '00:00',
    'Europe/Helsinki',
  );

describe('incident list URL', () => {
  it('reads back every state it writes', () => {
    fc.assert(
      fc.property(listState, (state) => {
        const search = listStateToSearch(state).toString();
        expect(parseListSearch(new URLSearchParams(search))).toEqual(state);
      }),
    );
  });

  it('is empty for the default list, so /incidents stays /incidents', () => {
    expect(listStateToSearch(emptyListState).toString()).toBe('');
    expect(hasFilters(emptyListState)).toBe(false);
    expect(hasFilters({ ...emptyListState, sort: 'severity', order: 'asc' })).toBe(false);
    expect(hasFilters({ ...emptyListState, mine: true })).toBe(true);
  });

  it('writes lists comma-separated and leaves out the defaults', () => {
    const state = { ...emptyListState, domain: ['cyber', 'physical'], severity: [4, 5], sort: 'severity' };
    expect(listStateToSearch(state as IncidentListState).toString()).toBe(
      'domain=cyber%2Cphysical&severity=4%2C5&sort=severity',
    );
  });

  it('accepts repeated parameters as well as commas, once each', () => {
    const state = parseListSearch(new URLSearchParams('status=new&status=triage,new&tlp=red'));
    expect(state.status).toEqual(['new', 'triage']);
    expect(state.tlp).toEqual(['red']);
  });

  it('drops values it does not know instead of sending them on', () => {
    const state = parseListSearch(
      new URLSearchParams(
        'domain=cyber,weather&severity=0,3,9&category=phishing,nonsense&area=KU091,XX1&' +
          'leadOrganisationId=not-a-uuid&electionId=1&createdFrom=2025-13-45&sort=title&order=up&mine=yes',
      ),
    );
    expect(state).toEqual({
      ...emptyListState,
      domain: ['cyber'],
      severity: [3],
      category: ['phishing'],
      area: ['KU091'],
    });
  });

  it('turns a value on and off', () => {
    const on = toggleValue(emptyListState, 'domain', 'cyber');
    expect(on.domain).toEqual(['cyber']);
    expect(toggleValue(on, 'domain', 'cyber').domain).toEqual([]);
    expect(emptyListState.domain).toEqual([]);
  });
});

describe('saved filters', () => {
  it('give back the state they were saved from', () => {
    fc.assert(
      fc.property(listState, (state) => {
        expect(savedToListState(listStateToSaved(state))).toEqual(state);
      }),
    );
  });

  it('read arrays and ignore what is neither text nor a list of text', () => {
    expect(savedToListState({ domain: ['cyber', 'process'], mine: true, q: 'vaalit' })).toEqual({
      ...emptyListState,
      domain: ['cyber', 'process'],
      q: 'vaalit',
    });
  });
});

describe('API filters', () => {
  it('are accepted by the list query contract', () => {
    fc.assert(
      fc.property(listState, (state) => {
        const filters = toApiFilters(state, (d, add) => helsinkiDay(d, add));
        const parsed = incidentListQuerySchema.safeParse(filters);
        expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
      }),
    );
  });

  it('turn the day range into instants from the first day to the start of the day after the last', () => {
    const filters = toApiFilters(
      { ...emptyListState, createdFrom: '2025-04-01', createdTo: '2025-04-13' },
      (d, add) => helsinkiDay(d, add),
    );
    expect(filters).toEqual({
      createdFrom: '2025-03-31T21:00:00.000Z',
      createdTo: '2025-04-13T21:00:00.000Z',
    });
  });

  it('count facets without sorting', () => {
    expect(facetFilters({ q: 'x', sort: 'severity', order: 'asc' })).toEqual({ q: 'x' });
  });
});

describe('wall clock in the user’s time zone', () => {
  it('converts Helsinki summer and winter time', () => {
    expect(wallClockToIso('2025-06-15', '12:30', 'Europe/Helsinki')).toBe('2025-06-15T09:30:00.000Z');
    expect(wallClockToIso('2025-01-15', '12:30', 'Europe/Helsinki')).toBe('2025-01-15T10:30:00.000Z');
    expect(wallClockToIso('2025-01-15', '12:30', 'UTC')).toBe('2025-01-15T12:30:00.000Z');
  });

  it('refuses malformed input', () => {
    expect(wallClockToIso('15.1.2025', '12:30', 'UTC')).toBeUndefined();
    expect(wallClockToIso('2025-01-15', '25:00', 'UTC')).toBeUndefined();
  });

  it('reads back what it writes', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01'), max: new Date('2090-01-01'), noInvalidDate: true }),
        fc.constantFrom('Europe/Helsinki', 'UTC', 'America/New_York', 'Asia/Kolkata'),
        (date, timeZone) => {
          const minute = new Date(Math.floor(date.getTime() / 60_000) * 60_000).toISOString();
          const { day: d, time } = isoToWallClock(minute, timeZone);
          const back = wallClockToIso(d, time, timeZone)!;
          // An hour repeated when clocks go back reads back as either instant.
          expect(Math.abs(Date.parse(back) - Date.parse(minute)) % 3_600_000).toBe(0);
        },
      ),
    );
  });
});
