import { createHash } from 'node:crypto';
import {
  AREA_ATTRIBUTION,
  areaCodePrefixes,
  type Area,
  type AreaList,
  type AreaType,
} from '../../../shared/contracts/areas.js';
import type { Db } from '../../db/connection.js';
import { listAreaRows } from './area-queries.js';
import { readReferenceFile } from './reference-data.js';

export const getAreas = async (ctx: { db: Db }, type?: AreaType): Promise<AreaList> => ({
  items: (await listAreaRows(ctx.db, type)).map((row): Area => ({
    code: row.code,
    type: row.type,
    nationalCode: row.nationalCode,
    name: { fi: row.nameFi, sv: row.nameSv, en: row.nameEn },
    electoralDistrictCode: row.electoralDistrictCode,
    wellbeingCountyCode: row.wellbeingCountyCode,
    regionCode: row.regionCode,
    bilingual: row.bilingual,
  })),
  attribution: AREA_ATTRIBUTION,
});

const geoFiles: Record<AreaType, string> = {
  municipality: 'fi/geo/municipalities_2025.geojson',
  electoral_district: 'fi/geo/electoral_districts.geojson',
  wellbeing_county: 'fi/geo/wellbeing_services_counties.geojson',
  region: 'fi/geo/regions.geojson',
};

export interface GeoDocument {
  body: string;
  etag: string;
}

interface Feature {
  type: 'Feature';
  properties: Record<string, unknown>;
  geometry: unknown;
}

const cache = new Map<AreaType, GeoDocument>();

/**
 * The boundaries of one area type, compact, with the area codes as the API writes them
 * (`code` KU091, `nationalCode` 091), so a map joins them to the area list directly.
 * Read once per process: the files change only with a release.
 */
export const getAreaGeo = (type: AreaType): GeoDocument => {
  const cached = cache.get(type);
  if (cached) return cached;
  const parsed = JSON.parse(readReferenceFile(geoFiles[type])) as { type: string; features: Feature[] };
  const features = parsed.features.map((feature) => {
    const { code, ...rest } = feature.properties as { code: string } & Record<string, unknown>;
    return {
      type: 'Feature' as const,
      properties: { code: `${areaCodePrefixes[type]}${code}`, nationalCode: code, ...rest },
      geometry: feature.geometry,
    };
  });
  const body = JSON.stringify({ type: 'FeatureCollection', features });
  const document = { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"` };
  cache.set(type, document);
  return document;
};
