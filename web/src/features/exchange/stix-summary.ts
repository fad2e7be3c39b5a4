import { tlpLevels, type Tlp } from '../../../../shared/access/tlp.js';

export type StixObject = Record<string, unknown>;

/** The fields a person reads to recognise an object; labels are translated by key. */
export const summaryFieldKeys = [
  'description',
  'value',
  'relationship',
  'source',
  'target',
  'sightingOf',
  'seenBy',
  'firstSeen',
  'severity',
  'domains',
  'category',
  'areas',
  'confidence',
  'externalId',
  'identityClass',
  'published',
  'objectCount',
  'languages',
  'createdBy',
  'modified',
] as const;
export type SummaryFieldKey = (typeof summaryFieldKeys)[number];

export interface ObjectSummary {
  id: string;
  type: string;
  name: string;
  tlp: Tlp | null;
  fields: { key: SummaryFieldKey; value: string }[];
}

const text = (value: unknown): string | null =>
  typeof value === 'string' && value.trim() !== '' ? value : null;
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

const tlpOfName = (name: unknown): Tlp | null => {
  const match = typeof name === 'string' ? /^TLP:([A-Z+]+)$/.exec(name.trim()) : null;
  const level = match?.[1]?.toLowerCase().replace('white', 'clear');
  return tlpLevels.find((tlp) => tlp === level) ?? null;
};

/** The TLP level a marking-definition stands for (TLP 2.0 by name, TLP 1.0 by definition). */
export const tlpOfMarking = (marking: StixObject): Tlp | null => {
  const byName = tlpOfName(marking.name);
  if (byName) return byName;
  const definition = marking.definition as { tlp?: unknown } | undefined;
  return typeof definition?.tlp === 'string' ? tlpOfName(`TLP:${definition.tlp.toUpperCase()}`) : null;
};

const strictest = (levels: Tlp[]): Tlp | null =>
  levels.reduce<Tlp | null>(
    (worst, tlp) => (worst === null || tlpLevels.indexOf(tlp) > tlpLevels.indexOf(worst) ? tlp : worst),
    null,
  );

/** Cyber-observables name themselves by their value; a file by its name or first hash. */
const observableName = (object: StixObject): string | null => {
  const value = text(object.value);
  if (value) return value;
  if (object.type === 'user-account') {
    return text(object.account_login) ?? text(object.display_name) ?? text(object.user_id);
  }
  if (object.type === 'file') {
    const hashes = (object.hashes ?? {}) as Record<string, unknown>;
    const first = Object.entries(hashes)[0];
    return text(object.name) ?? (first ? `${first[0]}: ${String(first[1])}` : null);
  }
  return null;
};

/** Properties of any property-extension (ours carries severity, domains and areas). */
const extensionValue = (object: StixObject, key: string): unknown => {
  for (const extension of Object.values((object.extensions ?? {}) as Record<string, unknown>)) {
    if (extension && typeof extension === 'object' && key in extension) {
      return (extension as Record<string, unknown>)[key];
    }
  }
  return undefined;
};

const areaNames = (value: unknown): string | null => {
  const names = list(value).map((area) => {
    if (!area || typeof area !== 'object') return String(area);
    const { name, code } = area as { name?: unknown; code?: unknown };
    if (name && typeof name === 'object') {
      const localised = name as Record<string, unknown>;
      return text(localised.fi) ?? text(localised.en) ?? String(code ?? '');
    }
    return text(name) ?? String(code ?? '');
  });
  return names.length > 0 ? names.join(', ') : null;
};

/**
 * Readable summaries of STIX objects, each naming the objects it refers to by their own names
 * when they are in the same set: what a coordinator checks before a release leaves.
 */
export const summariseObjects = (
  objects: readonly StixObject[],
  context: readonly StixObject[] = [],
): ObjectSummary[] => {
  const byId = new Map([...context, ...objects].map((object) => [String(object.id), object]));
  const nameOf = (id: unknown): string => {
    if (typeof id !== 'string') return '';
    const object = byId.get(id);
    return object ? ownName(object) : id;
  };
  const ownName = (object: StixObject): string =>
    text(object.name) ?? observableName(object) ?? String(object.id ?? '');

  const nameFor = (object: StixObject): string => {
    switch (object.type) {
      case 'relationship':
        return `${nameOf(object.source_ref)} → ${nameOf(object.target_ref)}`;
      case 'sighting':
        return nameOf(object.sighting_of_ref);
      case 'language-content':
        return nameOf(object.object_ref);
      default:
        return ownName(object);
    }
  };

  const tlpFor = (object: StixObject): Tlp | null => {
    if (object.type === 'marking-definition') return tlpOfMarking(object);
    const refs = [
      ...list(object.object_marking_refs),
      ...list(object.granular_markings).map((g) => (g as { marking_ref?: unknown }).marking_ref),
    ];
    const levels = refs
      .map((ref) => (typeof ref === 'string' ? byId.get(ref) : undefined))
      .map((marking) => (marking ? tlpOfMarking(marking) : null))
      .filter((tlp): tlp is Tlp => tlp !== null);
    return strictest(levels);
  };

  const fieldsFor = (object: StixObject): ObjectSummary['fields'] => {
    const fields: ObjectSummary['fields'] = [];
    const add = (key: SummaryFieldKey, value: string | null | undefined) => {
      if (value) fields.push({ key, value });
    };
    switch (object.type) {
      case 'relationship':
        add('relationship', text(object.relationship_type));
        add('source', nameOf(object.source_ref));
        add('target', nameOf(object.target_ref));
        break;
      case 'sighting':
        add('sightingOf', nameOf(object.sighting_of_ref));
        add('seenBy', list(object.where_sighted_refs).map(nameOf).join(', '));
        add('firstSeen', text(object.first_seen));
        break;
      case 'report':
        add('published', text(object.published));
        add('objectCount', String(list(object.object_refs).length));
        break;
      case 'identity':
        add('identityClass', text(object.identity_class));
        break;
      case 'language-content':
        add('languages', Object.keys((object.contents ?? {}) as object).join(', '));
        break;
      case 'attack-pattern':
        add(
          'externalId',
          list(object.external_references)
            .map((ref) => text((ref as { external_id?: unknown }).external_id))
            .filter(Boolean)
            .join(', '),
        );
        break;
      default: {
        const value = observableName(object);
        if (value && !text(object.name)) add('value', value);
      }
    }
    add('description', text(object.description));
    if (object.type === 'incident') {
      const severity = extensionValue(object, 'severity');
      add('severity', severity === undefined ? null : String(severity));
      add('domains', list(extensionValue(object, 'domains')).join(', ') || null);
      add('category', text(extensionValue(object, 'category')));
      add('areas', areaNames(extensionValue(object, 'areas')));
      add('confidence', typeof object.confidence === 'number' ? String(object.confidence) : null);
    }
    if (typeof object.created_by_ref === 'string') add('createdBy', nameOf(object.created_by_ref));
    add('modified', text(object.modified));
    return fields;
  };

  return objects.map((object) => ({
    id: String(object.id ?? ''),
    type: String(object.type ?? ''),
    name: nameFor(object),
    tlp: tlpFor(object),
    fields: fieldsFor(object),
  }));
};

/** Types that only support the others (markings, definitions): listed after the content. */
export const supportingTypes = new Set(['marking-definition', 'extension-definition']);

const recordTypes = new Set(['incident', 'report']);
const contextTypes = new Set(['identity', 'language-content']);

/** Reading order: the records first, then what is about them, who is named, and the definitions last. */
export const readingRank = (type: string): number =>
  recordTypes.has(type) ? 0 : supportingTypes.has(type) ? 3 : contextTypes.has(type) ? 2 : 1;
