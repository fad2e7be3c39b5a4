import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Client,
  createTestApp,
  expectError,
  signedInUser,
  type TestApp,
} from '../../../test/helpers/app.js';

interface Area {
  code: string;
  type: string;
  nationalCode: string;
  name: { fi: string; sv: string; en: string };
  electoralDistrictCode: string | null;
  wellbeingCountyCode: string | null;
  regionCode: string | null;
  bilingual: boolean;
}

describe('areas', () => {
  let t: TestApp;
  let viewer: Client;

  beforeAll(async () => {
    t = await createTestApp();
    viewer = (await signedInUser(t, ['viewer'])).client;
  });
  afterAll(() => t.close());

  it('refuses the areas and their boundaries to an anonymous caller', async () => {
    expectError(await t.anonymous.get('/api/v1/areas'), 401, 'unauthenticated');
    expectError(await t.anonymous.get('/api/v1/areas/geo/municipality'), 401, 'unauthenticated');
  });

  it('has every municipality, electoral district, region and wellbeing services county of Finland', async () => {
    const response = await viewer.get('/api/v1/areas');
    expect(response.statusCode).toBe(200);
    const { items, attribution } = response.json() as { items: Area[]; attribution: string };
    const count = (type: string) => items.filter((a) => a.type === type).length;
    expect([
      count('municipality'),
      count('electoral_district'),
      count('region'),
      count('wellbeing_county'),
    ]).toEqual([308, 13, 19, 23]);
    expect(attribution).toContain('Maanmittauslaitos');
    const byCode = new Map(items.map((a) => [a.code, a]));
    for (const municipality of items.filter((a) => a.type === 'municipality')) {
      expect(municipality.code).toBe(`KU${municipality.nationalCode}`);
      expect(byCode.get(municipality.electoralDistrictCode!)?.type).toBe('electoral_district');
      expect(byCode.get(municipality.wellbeingCountyCode!)?.type).toBe('wellbeing_county');
      expect(byCode.get(municipality.regionCode!)?.type).toBe('region');
    }
  });

  it('knows Helsinki: its district, county, region and both names', async () => {
    const { items } = (await viewer.get('/api/v1/areas?type=municipality')).json() as { items: Area[] };
    expect(items).toHaveLength(308);
    expect(items.find((a) => a.code === 'KU091')).toEqual({
      code: 'KU091',
      type: 'municipality',
      nationalCode: '091',
      name: { fi: 'Helsinki', sv: 'Helsingfors', en: 'Helsinki' },
      electoralDistrictCode: 'VP01',
      wellbeingCountyCode: 'HV90',
      regionCode: 'MK01',
      bilingual: true,
    });
    expect(items.find((a) => a.code === 'KU049')).toMatchObject({ name: { sv: 'Esbo' }, bilingual: true });
    expect(items.find((a) => a.code === 'KU005')).toMatchObject({
      name: { fi: 'Alajärvi' },
      bilingual: false,
    });
    expect(items.find((a) => a.code === 'KU478')).toMatchObject({
      wellbeingCountyCode: 'HV91',
      electoralDistrictCode: 'VP05',
    });
  });

  it('lists one type on request', async () => {
    const districts = (await viewer.get('/api/v1/areas?type=electoral_district')).json().items as Area[];
    expect(districts.map((a) => a.code)).toEqual(
      Array.from({ length: 13 }, (_, i) => `VP${String(i + 1).padStart(2, '0')}`),
    );
    expect(districts[0]!.name.sv).toBe('Helsingfors valkrets');
    const counties = (await viewer.get('/api/v1/areas?type=wellbeing_county')).json().items as Area[];
    expect(counties.map((a) => a.code)).toContain('HV90');
    expect(counties.find((a) => a.code === 'HV01')?.regionCode).toBe('MK01');
  });

  it.each([
    ['an unknown type', '/api/v1/areas?type=parish'],
    ['an unknown parameter', '/api/v1/areas?kind=municipality'],
    ['boundaries of an unknown type', '/api/v1/areas/geo/parish'],
  ])('answers 400 to %s', async (_label, url) => {
    expectError(await viewer.get(url), 400, 'validation_failed');
  });

  it.each([
    ['municipality', 308, 'KU091'],
    ['electoral_district', 13, 'VP01'],
    ['wellbeing_county', 23, 'HV90'],
    ['region', 19, 'MK21'],
  ])(
    'serves the %s boundaries as GeoJSON with the API codes, cached by ETag',
    async (type, features, code) => {
      const response = await viewer.get(`/api/v1/areas/geo/${type}`);
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(/^application\/geo\+json/);
      expect(response.headers['cache-control']).toBe('private, max-age=86400');
      const etag = response.headers.etag as string;
      expect(etag).toMatch(/^"[\w-]+"$/);
      const body = response.json() as { type: string; features: { properties: { code: string } }[] };
      expect(body.type).toBe('FeatureCollection');
      expect(body.features).toHaveLength(features);
      expect(body.features.map((f) => f.properties.code)).toContain(code);
      const again = await viewer.get(`/api/v1/areas/geo/${type}`, { 'if-none-match': etag });
      expect(again.statusCode).toBe(304);
      expect(again.body).toBe('');
    },
  );
});
