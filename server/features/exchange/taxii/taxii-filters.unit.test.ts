import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeNext, MAX_PAGE_SIZE, parseObjectFilters, parseTimestamp } from './taxii-filters.js';
import { acceptsTaxii, isTaxiiContentType } from './taxii-media.js';

const all = { id: true, type: true, version: true };

describe('TAXII timestamps', () => {
  it.each([
    ['2027-04-18T12:00:00Z', '2027-04-18T12:00:00.000000Z'],
    ['2027-04-18T12:00:00.5Z', '2027-04-18T12:00:00.500000Z'],
    ['2027-04-18T12:00:00.123456Z', '2027-04-18T12:00:00.123456Z'],
    ['2027-04-18T12:00:00.1234569Z', '2027-04-18T12:00:00.123456Z'],
  ])('reads %s as %s (extra digits cut, never rounded up)', (input, expected) => {
    expect(parseTimestamp(input, 'added_after')).toBe(expected);
  });

  it.each(['2027-04-18', '2027-04-18T12:00:00+02:00', '2027-13-01T00:00:00Z', '2027-02-29T00:00:00Z', 'now'])(
    'refuses %s',
    (input) => {
      expect(() => parseTimestamp(input, 'added_after')).toThrow(/added_after/);
    },
  );
});

describe('TAXII object filters', () => {
  it('defaults to the latest versions, the server page size and no other filter', () => {
    expect(parseObjectFilters({}, all)).toEqual({
      addedAfter: null,
      limit: MAX_PAGE_SIZE,
      after: null,
      ids: null,
      types: null,
      versions: { all: false, first: false, last: true, at: [] },
      specVersions: null,
    });
  });

  it('reads versions as a logical OR of keywords and timestamps', () => {
    expect(
      parseObjectFilters({ 'match[version]': 'first,2016-01-01T01:01:01.000Z,last' }, all).versions,
    ).toEqual({
      all: false,
      first: true,
      last: true,
      at: ['2016-01-01T01:01:01.000000Z'],
    });
  });

  it('ignores match fields the endpoint does not support', () => {
    const filters = parseObjectFilters(
      { 'match[id]': 'nonsense', 'match[version]': 'first' },
      {
        id: false,
        type: false,
        version: false,
      },
    );
    expect(filters.ids).toBeNull();
    expect(filters.versions.all).toBe(true);
  });

  it('gives back exactly the position it encoded in next, for any position', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('2000-01-01T00:00:00Z'),
          max: new Date('2099-12-31T23:59:59Z'),
          noInvalidDate: true,
        }),
        fc.integer({ min: 0, max: 999_999 }),
        fc.bigInt({ min: 1n, max: 9_223_372_036_854_775_807n }),
        (date, micros, seq) => {
          const dateAdded = `${date.toISOString().slice(0, 19)}.${String(micros).padStart(6, '0')}Z`;
          const next = encodeNext(dateAdded, seq.toString());
          expect(parseObjectFilters({ next }, all).after).toEqual({ dateAdded, seq: seq.toString() });
        },
      ),
    );
  });
});

describe('TAXII media types', () => {
  it.each([
    ['application/taxii+json;version=2.1', true],
    ['application/taxii+json', true],
    ['Application/TAXII+JSON; version="2.1"', true],
    ['text/html, application/taxii+json;version=2.1;q=0.5', true],
    ['application/taxii+json;version=2.0', false],
    ['application/taxii+json;version=2.1;q=0', false],
    ['application/json', false],
    ['*/*', false],
    ['', false],
  ])('Accept %j is TAXII 2.1: %s', (accept, expected) => {
    expect(acceptsTaxii(accept)).toBe(expected);
  });

  it.each([
    ['application/taxii+json;version=2.1', true],
    ['application/taxii+json; charset=utf-8', true],
    ['application/taxii+json;version=2.0', false],
    ['application/stix+json;version=2.1', false],
    ['application/json', false],
  ])('Content-Type %j is TAXII 2.1: %s', (contentType, expected) => {
    expect(isTaxiiContentType(contentType)).toBe(expected);
  });
});
