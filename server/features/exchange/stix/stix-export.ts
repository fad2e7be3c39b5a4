import { randomUUID } from 'node:crypto';
import { compareTlp } from '../../../../shared/access/tlp.js';
import type { RedactableField } from '../../../../shared/contracts/exchange.js';
import { versionContentSchema } from '../../../../shared/contracts/sitreps.js';
import { AppError } from '../../../../shared/errors.js';
import type { Db, Tx } from '../../../db/connection.js';
import { receivedObjectsOf, type ReceivedObject } from '../import/received-objects.js';
import {
  loadIncidentForExchange,
  type ExchangeMarking,
  type ExchangeOrganisation,
} from '../incident-exchange-data.js';
import { incidentCoreExtensionDefinition, incidentCoreExtensionId } from './incident-core.js';
import {
  loadInstanceIdentity,
  organisationIdentityId,
  organisationIdentityObjects,
} from './stix-export-identities.js';
import { buildIncidentObjects } from './stix-export-incident.js';
import { buildSitrepObjects } from './stix-export-sitrep.js';
import { knownTlpMarkings, tlp2ExtensionDefinition, tlp2ExtensionId, tlp2Marking } from './stix-markings.js';
import { stixTime, type StixBundle, type StixObject } from './stix-types.js';
import {
  vaalivahtiExtensionDefinition,
  vaalivahtiExtensionId,
  vaalivahtiProjectIdentity,
} from './vaalivahti-extension.js';

/**
 * STIX 2.1 export of incidents and situation reports. No access check here: callers (the export
 * routes, releases to partners) decide what may be exported to whom. Every object carries
 * millisecond timestamps, a stable id and `modified` from the record; the TLP 2.0 marking
 * definitions, extension definitions and identities the objects refer to come with them.
 */

export interface StixRedaction {
  fields: RedactableField[];
  /** Objects to leave out; relationships, sightings and translations of them go too. */
  omitObjectIds?: string[];
}

export interface IncidentStixOptions {
  /**
   * Whether a linked incident or narrative may be named (a relationship or grouping is made for
   * it). Default: when its marking is no stricter than the incident's.
   */
  mayName?: (record: ExchangeMarking) => boolean;
}

const noRedaction: StixRedaction = { fields: [] };

const definitions = new Map<string, StixObject>([
  [tlp2ExtensionId, tlp2ExtensionDefinition],
  [incidentCoreExtensionId, incidentCoreExtensionDefinition],
  [vaalivahtiExtensionId, vaalivahtiExtensionDefinition],
]);

const referencesOf = (object: StixObject): string[] => {
  const refs: string[] = [];
  for (const [key, value] of Object.entries(object)) {
    if (key === 'id') continue;
    if (key.endsWith('_ref') && typeof value === 'string') refs.push(value);
    if (key.endsWith('_refs') && Array.isArray(value)) refs.push(...(value as string[]));
  }
  for (const marking of object.granular_markings ?? [])
    if (marking.marking_ref) refs.push(marking.marking_ref);
  for (const [extensionId, extension] of Object.entries(object.extensions ?? {})) {
    refs.push(extensionId);
    refs.push(...referencesOf({ type: '', id: '', ...extension }));
  }
  return refs;
};

/** The objects that are about something left out go with it. */
const dependentKeys = ['source_ref', 'target_ref', 'sighting_of_ref', 'object_ref'] as const;

const withoutOmitted = (objects: StixObject[], omit: ReadonlySet<string>): StixObject[] => {
  if (omit.size === 0) return objects;
  return objects.filter(
    (o) => !omit.has(o.id) && !dependentKeys.some((key) => typeof o[key] === 'string' && omit.has(o[key])),
  );
};

/**
 * The objects, preceded by what they refer to that we define or publish: TLP 2.0 markings and
 * their extension definition, the Incident Core and our own extension definitions (with the
 * project's identity), and the identities we know (with their translations).
 */
const withSupportObjects = (
  primary: StixObject[],
  identities: ReadonlyMap<string, StixObject[]>,
  omit: ReadonlySet<string>,
): StixObject[] => {
  const kept = withoutOmitted(primary, omit);
  const identityObjects = [...new Set(kept.flatMap(referencesOf))].flatMap(
    (ref) => identities.get(ref) ?? [],
  );
  const all = [...identityObjects, ...kept];
  const refs = new Set(all.flatMap(referencesOf));
  const markings = [...knownTlpMarkings.keys()].filter((id) => refs.has(id));
  const markingObjects = markings.flatMap((id) => {
    const level = knownTlpMarkings.get(id);
    return level && tlp2Marking(level).id === id ? [tlp2Marking(level)] : [];
  });
  if (markingObjects.length > 0) refs.add(tlp2ExtensionId);
  const definitionObjects = [...definitions.entries()].filter(([id]) => refs.has(id)).map(([, o]) => o);
  const project = refs.has(vaalivahtiExtensionId) ? [vaalivahtiProjectIdentity] : [];
  return withoutOmitted([...definitionObjects, ...project, ...markingObjects, ...all], omit);
};

/**
 * An object we issue again under the id we received it by (an accepted partner incident and what
 * is around it) keeps the sender's `created`; the incident keeps the language its text came in
 * and how it was detected at the source (here it was reported by import, which detects nothing).
 */
const asReceived = (object: StixObject, received: ReceivedObject | undefined): StixObject => {
  if (!received) return object;
  const created =
    received.created &&
    object.created &&
    !Number.isNaN(Date.parse(received.created)) &&
    Date.parse(received.created) <= Date.parse(object.modified ?? object.created)
      ? stixTime(received.created)
      : object.created;
  if (object.type !== 'incident') return { ...object, ...(created ? { created } : {}) };
  const core = object.extensions?.[incidentCoreExtensionId];
  const methods = received.detectionMethods;
  const extensions =
    core && !core.detection_methods && methods && methods.length > 0
      ? { ...object.extensions, [incidentCoreExtensionId]: { ...core, detection_methods: methods } }
      : object.extensions;
  return {
    ...object,
    ...(created ? { created } : {}),
    ...(received.lang ? { lang: received.lang } : {}),
    ...(extensions ? { extensions } : {}),
  };
};

const identityMap = (organisations: readonly ExchangeOrganisation[], instance: StixObject) =>
  new Map<string, StixObject[]>([
    [instance.id, [instance]],
    ...organisations.map((o) => [organisationIdentityId(o.id), organisationIdentityObjects(o)] as const),
  ]);

/** An incident and everything recorded about it, as STIX objects (404 when there is no such incident). */
export const incidentStixObjects = async (
  db: Db | Tx,
  incidentUuid: string,
  redaction: StixRedaction = noRedaction,
  options: IncidentStixOptions = {},
): Promise<StixObject[]> => {
  const [data, instance] = await Promise.all([
    loadIncidentForExchange(db, incidentUuid),
    loadInstanceIdentity(db),
  ]);
  const mayName = options.mayName ?? ((record: ExchangeMarking) => compareTlp(record.tlp, data.tlp) <= 0);
  const built = buildIncidentObjects(data, {
    fields: redaction.fields,
    instanceIdentityId: instance.id,
    mayName,
  });
  const received = await receivedObjectsOf(
    db,
    data.id,
    built.map((o) => o.id),
  );
  const primary = built.map((o) => asReceived(o, received.get(o.id)));
  const organisations = [
    data.owner,
    ...(data.lead ? [data.lead] : []),
    ...data.supporting,
    ...data.corroborations.map((c) => c.organisation),
  ];
  return withSupportObjects(primary, identityMap(organisations, instance), new Set(redaction.omitObjectIds));
};

/** An approved version of a situation report as a `report` (404 when there is no such version). */
export const sitrepStixObjects = async (
  db: Db | Tx,
  sitrepId: string,
  versionNumber: number,
  redaction: StixRedaction = noRedaction,
): Promise<StixObject[]> => {
  const row = await db
    .selectFrom('sitrepVersions as v')
    .innerJoin('sitreps as s', 's.id', 'v.sitrepId')
    .innerJoin('organisations as o', 'o.id', 'v.ownerOrganisationId')
    .select([
      'v.sitrepId',
      'v.number',
      'v.tlp',
      'v.languages',
      'v.content',
      'v.approvedAt',
      'v.distributedAt',
      's.createdAt as sitrepCreatedAt',
      'o.id as organisationId',
      'o.shortName',
      'o.nameFi',
      'o.nameSv',
      'o.nameEn',
      'o.kind',
      'o.createdAt as organisationCreatedAt',
      'o.updatedAt as organisationUpdatedAt',
    ])
    .where('v.sitrepId', '=', sitrepId)
    .where('v.number', '=', versionNumber)
    .executeTakeFirst();
  if (!row) throw new AppError('not_found', 'No such situation report version.');
  const instance = await loadInstanceIdentity(db);
  const organisation: ExchangeOrganisation = {
    id: row.organisationId,
    shortName: row.shortName,
    name: { fi: row.nameFi, sv: row.nameSv, en: row.nameEn },
    kind: row.kind,
    createdAt: row.organisationCreatedAt,
    updatedAt: row.organisationUpdatedAt,
  };
  const primary = buildSitrepObjects({
    sitrepId: row.sitrepId,
    sitrepCreatedAt: row.sitrepCreatedAt,
    number: row.number,
    tlp: row.tlp,
    languages: row.languages,
    content: versionContentSchema.parse(row.content),
    approvedAt: row.approvedAt,
    distributedAt: row.distributedAt,
    createdByRef: redaction.fields.includes('organisations')
      ? instance.id
      : organisationIdentityId(organisation.id),
    fields: redaction.fields,
  });
  return withSupportObjects(primary, identityMap([organisation], instance), new Set(redaction.omitObjectIds));
};

const versionKey = (o: StixObject) => `${o.id}|${o.modified ?? ''}`;

/** A bundle (bundle--uuid4) with each (id, modified) once, in the order given. */
export const stixBundle = (objects: readonly StixObject[]): StixBundle => {
  const seen = new Set<string>();
  const unique = objects.filter((o) => {
    const key = versionKey(o);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return { type: 'bundle', id: `bundle--${randomUUID()}`, objects: unique };
};
