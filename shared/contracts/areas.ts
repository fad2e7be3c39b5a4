import { z } from 'zod';
import { localisedNameSchema } from './common.js';

export const areaTypes = ['municipality', 'electoral_district', 'wellbeing_county', 'region'] as const;
export type AreaType = (typeof areaTypes)[number];

export const areaTypeSchema = z
  .enum(areaTypes)
  .describe(
    'municipality (kunta), electoral_district (vaalipiiri), wellbeing_county (hyvinvointialue), region (maakunta)',
  );

/** The prefix Statistics Finland uses for each classification. */
export const areaCodePrefixes: Record<AreaType, string> = {
  municipality: 'KU',
  electoral_district: 'VP',
  wellbeing_county: 'HV',
  region: 'MK',
};

export const areaCodeSchema = z
  .string()
  .regex(/^(KU\d{3}|VP\d{2}|HV\d{2}|MK\d{2})$/, 'An area code such as KU091, VP01, HV01 or MK01')
  .describe('Area code with its type prefix: KU091 (municipality Helsinki), VP01, HV01, MK01');

export const AREA_ATTRIBUTION =
  'Lähde / Källa / Source: Tilastokeskus (alueluokitukset), Maanmittauslaitos (hallinnolliset aluejaot 1:4 500 000), via rOpenGov/geofi and samilaine/hallinnollisetrajat';

export const areaSchema = z
  .object({
    code: areaCodeSchema,
    type: areaTypeSchema,
    nationalCode: z.string().describe('The code without prefix, as Statistics Finland writes it: 091, 01'),
    name: localisedNameSchema,
    electoralDistrictCode: areaCodeSchema.nullable().describe('Electoral district of a municipality'),
    wellbeingCountyCode: areaCodeSchema
      .nullable()
      .describe(
        'Wellbeing services county of a municipality (HV90 Helsinki and HV91 Åland are not counties)',
      ),
    regionCode: areaCodeSchema
      .nullable()
      .describe('Region of a municipality, or of a county or district within one region'),
    bilingual: z.boolean().describe('A bilingual municipality: show both the Finnish and the Swedish name'),
  })
  .describe('An area of Finland');
export type Area = z.infer<typeof areaSchema>;

export const areaListSchema = z.object({
  items: z.array(areaSchema).describe('Areas, by type and code'),
  attribution: z.string().describe('Attribution to show with the areas'),
});
export type AreaList = z.infer<typeof areaListSchema>;

export const areaQuerySchema = z.strictObject({
  type: areaTypeSchema.optional().describe('Only areas of this type; all when left out'),
});

export const areaGeoParamsSchema = z.strictObject({ type: areaTypeSchema });

export const geoJsonSchema = z
  .object({
    type: z.literal('FeatureCollection'),
    features: z
      .array(
        z.object({
          type: z.literal('Feature'),
          properties: z
            .record(z.string(), z.unknown())
            .describe(
              'code (with its type prefix, as in the area list), nationalCode, name_fi, name_sv, name_en',
            ),
          geometry: z.object({ type: z.string(), coordinates: z.array(z.unknown()) }),
        }),
      )
      .describe('One feature per area, WGS84 (longitude, latitude), generalised at 1:4 500 000'),
  })
  .describe('GeoJSON boundaries; CC BY 4.0, see the attribution of the area list');

export const notModifiedSchema = z
  .null()
  .describe('Not modified: the copy the client has (If-None-Match) is current');
