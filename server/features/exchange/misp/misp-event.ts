import { z } from 'zod';

/**
 * The MISP core format (draft-dulaunoy-misp-core-format-20), as far as we write and read it.
 * Everything is a JSON string except the booleans, as the format says. What we write is checked
 * against the format's JSON Schema in the tests (misp-core-schema.ts); what we read is checked by
 * the lenient schema below, which asks for what the format says MUST be there and we need, and
 * lets the rest (MISP instances add fields over time) pass untouched.
 */

export interface MispTag {
  name: string;
  colour: string;
  exportable: boolean;
}

export interface MispOrg {
  uuid: string;
  name: string;
}

export interface MispAttribute {
  uuid: string;
  type: string;
  category: string;
  value: string;
  to_ids: boolean;
  distribution: string;
  sharing_group_id: string;
  timestamp: string;
  comment: string;
  deleted: boolean;
  disable_correlation: boolean;
  object_relation?: string;
  first_seen?: string;
  last_seen?: string;
  Tag?: MispTag[];
}

export interface MispObject {
  uuid: string;
  name: string;
  'meta-category': string;
  description: string;
  template_uuid: string;
  template_version: string;
  timestamp: string;
  distribution: string;
  sharing_group_id: string;
  comment: string;
  deleted: boolean;
  Attribute: MispAttribute[];
}

export interface MispGalaxyCluster {
  uuid: string;
  type: string;
  value: string;
  tag_name: string;
  description: string;
  source: string;
  authors: string[];
  version: string;
  meta: Record<string, unknown>;
}

export interface MispGalaxy {
  uuid: string;
  name: string;
  type: string;
  description: string;
  version: string;
  icon: string;
  namespace: string;
  GalaxyCluster: MispGalaxyCluster[];
}

export interface MispEventBody {
  uuid: string;
  info: string;
  date: string;
  timestamp: string;
  published: boolean;
  publish_timestamp: string;
  first_publication: string;
  analysis: string;
  threat_level_id: string;
  distribution: string;
  sharing_group_id: string;
  attribute_count: string;
  disable_correlation: boolean;
  Org: MispOrg;
  Orgc: MispOrg;
  Tag: MispTag[];
  Attribute: MispAttribute[];
  Object: MispObject[];
  Galaxy: MispGalaxy[];
}

export interface MispEvent {
  Event: MispEventBody;
}

// ---------------------------------------------------------------- reading

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const uuidSchema = z
  .string()
  .regex(UUID, 'must be a UUID')
  .transform((v) => v.toLowerCase());

/** Unix seconds, written as a decimal string (the format) or, by some tools, a number. */
const unixSeconds = z
  .union([z.string().regex(/^\d{1,12}$/, 'must be Unix seconds (digits)'), z.number().int().min(0).max(1e12)])
  .transform(Number);

/** Small enumerations MISP writes as strings ("2") and some tools as numbers. */
const code = z.union([z.string().max(10), z.number().int()]).transform(String);

const text = (max: number) => z.union([z.string().max(max), z.number()]).transform(String);

const tagInSchema = z.looseObject({ name: z.string().min(1).max(1000) });

const attributeInSchema = z.looseObject({
  uuid: uuidSchema,
  type: z.string().min(1).max(100),
  category: z.string().max(100).optional(),
  value: text(50 * 1024 * 1024),
  comment: z.string().max(65_535).nullish(),
  to_ids: z.boolean().optional(),
  timestamp: unixSeconds.optional(),
  deleted: z.boolean().optional(),
  first_seen: z.string().max(100).nullish(),
  last_seen: z.string().max(100).nullish(),
  object_relation: z.string().max(200).nullish(),
  Tag: z.array(tagInSchema).optional(),
});

const objectInSchema = z.looseObject({
  uuid: uuidSchema,
  name: z.string().min(1).max(200),
  comment: z.string().max(65_535).nullish(),
  timestamp: unixSeconds.optional(),
  deleted: z.boolean().optional(),
  Attribute: z.array(attributeInSchema).default([]),
});

const orgInSchema = z.looseObject({
  uuid: z.string().max(100).optional(),
  name: z.string().max(1000).optional(),
});

const clusterInSchema = z.looseObject({
  uuid: z.string().max(100).optional(),
  type: z.string().max(200).optional(),
  value: z.string().max(1000).optional(),
  tag_name: z.string().max(1000).optional(),
  meta: z
    .looseObject({ external_id: z.union([z.string(), z.array(z.string())]).optional() })
    .optional()
    .catch(undefined),
});

const galaxyInSchema = z.looseObject({
  type: z.string().max(200).optional(),
  GalaxyCluster: z.array(clusterInSchema).optional(),
});

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine(
    (d) =>
      !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d),
    'is not a calendar date',
  );

export const mispEventInSchema = z.looseObject({
  uuid: uuidSchema,
  info: z.string().trim().min(1, 'must not be empty').max(65_535),
  date: isoDate,
  timestamp: unixSeconds,
  published: z.boolean().optional(),
  analysis: code.optional(),
  threat_level_id: code.optional(),
  distribution: code.optional(),
  Orgc: orgInSchema.optional(),
  Org: orgInSchema.optional(),
  Tag: z.array(tagInSchema).optional(),
  Attribute: z.array(attributeInSchema).optional(),
  Object: z.array(objectInSchema).optional(),
  Galaxy: z.array(galaxyInSchema).optional(),
});

export type MispEventIn = z.output<typeof mispEventInSchema>;
export type MispAttributeIn = z.output<typeof attributeInSchema>;
export type MispObjectIn = z.output<typeof objectInSchema>;
export type MispTagIn = z.output<typeof tagInSchema>;

export type MispParse = { ok: true; event: MispEventIn } | { ok: false; reasons: string[] };

const where = (path: readonly PropertyKey[]): string =>
  path.length === 0
    ? 'Event'
    : `Event.${path
        .map((p) => (typeof p === 'number' ? `[${p}]` : String(p)))
        .join('.')
        .replaceAll('.[', '[')}`;

/** `{"Event": {…}}` → the event, or the reasons it is not one (at most ten, each with its path). */
export const parseMispEvent = (value: unknown): MispParse => {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { ok: false, reasons: ['an event must be a JSON object {"Event": {…}}'] };
  const body = (value as Record<string, unknown>).Event;
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return { ok: false, reasons: ['Event is required: an event is {"Event": {…}}'] };
  const parsed = mispEventInSchema.safeParse(body);
  if (parsed.success) return { ok: true, event: parsed.data };
  const reasons = parsed.error.issues.map((issue) => `${where(issue.path)}: ${issue.message}`);
  return { ok: false, reasons: [...new Set(reasons)].slice(0, 10) };
};
