import { sql } from 'kysely';
import type { Shareable } from '../../../shared/access/tlp.js';
import type { Locale } from '../../../shared/contracts/locales.js';
import type { ObservableType } from '../../../shared/observables/types.js';
import { AppError } from '../../../shared/errors.js';
import { shareableOf } from '../../access/record-access.js';
import type { Db, Tx } from '../../db/connection.js';
import type { IncidentLinkKind } from '../../db/schema-collaboration.js';
import type { AreaType } from '../../db/schema-elections.js';

/**
 * Everything an exchange format (STIX, MISP) needs of one incident, in a handful of queries.
 * No access check here: the caller has already decided that the incident may be read.
 */

export interface LocalisedText {
  fi: string;
  sv: string;
  en: string;
}

/** The shareable columns of a record, for callers that must decide what else may travel with it. */
export type ExchangeMarking = Shareable;

export interface ExchangeOrganisation {
  id: string;
  shortName: string;
  name: LocalisedText;
  kind: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface ExchangeArea {
  code: string;
  type: AreaType;
  name: LocalisedText;
  /** The electoral district of a municipality (what stays when municipalities are redacted). */
  electoralDistrict: { code: string; type: AreaType; name: LocalisedText } | null;
}

export interface ExchangeObservable {
  id: string;
  type: ObservableType;
  value: string;
  stixId: string;
  note: string;
  addedAt: Date;
}

export interface ExchangeTechnique {
  /** DISARM id, e.g. T0049.001. */
  id: string;
  name: string;
  /** The DISARM attack-pattern id. */
  stixId: string;
  tacticId: string;
  url: string;
  addedAt: Date;
}

export interface ExchangeNarrative extends ExchangeMarking {
  id: string;
  title: string;
  description: string;
  status: 'active' | 'dormant' | 'closed';
  linkedAt: Date;
  createdAt: Date;
  updatedAt: Date;
}

export interface ExchangeLink {
  id: string;
  kind: IncidentLinkKind;
  /** outgoing: this incident is the source (this is a duplicate of / part of the other). */
  direction: 'outgoing' | 'incoming';
  createdAt: Date;
  /** The incident at the other end, with its marking: the caller decides whether it may be named. */
  other: ExchangeMarking & { id: string; title: string; markedAt: Date };
}

export interface ExchangeCorroboration {
  id: string;
  organisation: ExchangeOrganisation;
  note: string;
  observedAt: Date | null;
  area: ExchangeArea | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface IncidentExchangeData extends ExchangeMarking {
  /** The uuid; the STIX id is `incident--<id>`. */
  id: string;
  title: string;
  description: string;
  /** The language the text was most likely written in: the author's interface language. */
  language: Locale;
  domains: string[];
  category: string;
  severity: number;
  impactConduct: string;
  impactConfidence: string;
  sourceReliability: string;
  informationCredibility: number;
  status: string;
  closingReason: string | null;
  /** The incident this one was merged into, with its marking (the caller decides whether to name it). */
  duplicateOf: (ExchangeMarking & { id: string; title: string }) | null;
  reportedVia: string;
  election: { id: string; slug: string; name: LocalisedText } | null;
  phase: { key: string; name: LocalisedText } | null;
  areas: ExchangeArea[];
  firstSeen: Date | null;
  lastSeen: Date | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  /**
   * When the current marking was set (creation, or the last change of TLP): what is exported
   * under the incident's marking is a new version from then on.
   */
  markedAt: Date;
  owner: ExchangeOrganisation;
  lead: ExchangeOrganisation | null;
  supporting: ExchangeOrganisation[];
  observables: ExchangeObservable[];
  techniques: ExchangeTechnique[];
  narratives: ExchangeNarrative[];
  links: ExchangeLink[];
  corroborations: ExchangeCorroboration[];
}

const localised = (row: { nameFi: string; nameSv: string; nameEn: string }): LocalisedText => ({
  fi: row.nameFi,
  sv: row.nameSv,
  en: row.nameEn,
});

/** The last change of an incident's TLP, or its creation. */
const markedAt = (alias: string) =>
  sql<Date>`coalesce((
    select max(e.occurred_at) from incident_events e
    where e.incident_id = ${sql.ref(`${alias}.id`)} and e.type = 'updated' and e.data->'changes' ? 'tlp'
  ), ${sql.ref(`${alias}.created_at`)})`;

const loadIncidentRow = (db: Db | Tx, uuid: string) =>
  db
    .selectFrom('incidents as i')
    .innerJoin('users as u', 'u.id', 'i.authorUserId')
    .leftJoin('elections as e', 'e.id', 'i.electionId')
    .leftJoin('incidents as d', 'd.id', 'i.duplicateOfId')
    .leftJoin('electionPhases as p', (join) =>
      join.onRef('p.electionId', '=', 'i.electionId').onRef('p.key', '=', 'i.phaseKey'),
    )
    .select([
      'i.id',
      'i.tlp',
      'i.ownerOrganisationId',
      'i.authorUserId',
      'i.sharedOrganisationIds',
      'i.sharedCommunityIds',
      'i.sharedUserIds',
      'i.title',
      'i.description',
      'i.domains',
      'i.category',
      'i.severity',
      'i.impactConduct',
      'i.impactConfidence',
      'i.sourceReliability',
      'i.informationCredibility',
      'i.status',
      'i.closingReason',
      'i.duplicateOfId',
      'i.leadOrganisationId',
      'i.supportingOrganisationIds',
      'i.electionId',
      'i.phaseKey',
      'i.areaCodes',
      'i.firstSeen',
      'i.lastSeen',
      'i.reportedVia',
      'i.version',
      'i.createdAt',
      'i.updatedAt',
      'u.locale',
      markedAt('i').as('markedAt'),
      'd.title as duplicateTitle',
      'd.tlp as duplicateTlp',
      'd.ownerOrganisationId as duplicateOwnerOrganisationId',
      'd.authorUserId as duplicateAuthorUserId',
      'd.sharedOrganisationIds as duplicateSharedOrganisationIds',
      'd.sharedCommunityIds as duplicateSharedCommunityIds',
      'd.sharedUserIds as duplicateSharedUserIds',
      'e.slug as electionSlug',
      'e.nameFi as electionNameFi',
      'e.nameSv as electionNameSv',
      'e.nameEn as electionNameEn',
      'p.labelFi as phaseFi',
      'p.labelSv as phaseSv',
      'p.labelEn as phaseEn',
    ])
    .where('i.id', '=', uuid)
    .executeTakeFirst();

const loadObservables = (db: Db | Tx, uuid: string) =>
  db
    .selectFrom('incidentObservables as io')
    .innerJoin('observables as o', 'o.id', 'io.observableId')
    .select(['o.id', 'o.type', 'o.value', 'o.stixId', 'io.note', 'io.addedAt'])
    .where('io.incidentId', '=', uuid)
    .orderBy('o.stixId')
    .execute();

const loadTechniques = (db: Db | Tx, uuid: string) =>
  db
    .selectFrom('incidentTechniques as it')
    .innerJoin('disarmTechniques as t', 't.id', 'it.techniqueId')
    .select(['t.id', 't.name', 't.stixId', 't.tacticId', 't.url', 'it.addedAt'])
    .where('it.incidentId', '=', uuid)
    .orderBy('t.id')
    .execute();

const loadNarratives = (db: Db | Tx, uuid: string) =>
  db
    .selectFrom('incidentNarratives as l')
    .innerJoin('narratives as n', 'n.id', 'l.narrativeId')
    .select([
      'n.id',
      'n.title',
      'n.description',
      'n.status',
      'n.tlp',
      'n.ownerOrganisationId',
      'n.authorUserId',
      'n.sharedOrganisationIds',
      'n.sharedCommunityIds',
      'n.sharedUserIds',
      'n.createdAt',
      'n.updatedAt',
      'l.linkedAt',
    ])
    .where('l.incidentId', '=', uuid)
    .orderBy('n.id')
    .execute();

const loadLinks = (db: Db | Tx, uuid: string) =>
  db
    .selectFrom('incidentLinks as l')
    .innerJoin('incidents as o', (join) =>
      join.on(
        sql<boolean>`o.id = case when l.source_incident_id = ${uuid}::uuid then l.target_incident_id else l.source_incident_id end`,
      ),
    )
    .select([
      'l.id',
      'l.kind',
      'l.sourceIncidentId',
      'l.createdAt',
      'o.id as otherId',
      'o.title as otherTitle',
      'o.tlp',
      'o.ownerOrganisationId',
      'o.authorUserId',
      'o.sharedOrganisationIds',
      'o.sharedCommunityIds',
      'o.sharedUserIds',
      markedAt('o').as('otherMarkedAt'),
    ])
    .where((eb) => eb.or([eb('l.sourceIncidentId', '=', uuid), eb('l.targetIncidentId', '=', uuid)]))
    .orderBy('l.id')
    .execute();

const loadCorroborations = (db: Db | Tx, uuid: string) =>
  db
    .selectFrom('corroborations')
    .select(['id', 'organisationId', 'note', 'observedAt', 'areaCode', 'createdAt', 'updatedAt'])
    .where('incidentId', '=', uuid)
    .orderBy('id')
    .execute();

const loadOrganisations = async (db: Db | Tx, ids: string[]): Promise<Map<string, ExchangeOrganisation>> => {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('organisations')
    .select(['id', 'shortName', 'nameFi', 'nameSv', 'nameEn', 'kind', 'createdAt', 'updatedAt'])
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(
    rows.map((r) => [
      r.id,
      {
        id: r.id,
        shortName: r.shortName,
        name: localised(r),
        kind: r.kind,
        createdAt: r.createdAt,
        updatedAt: r.updatedAt,
      },
    ]),
  );
};

/** The areas and, for municipalities, their electoral districts, in one query. */
const loadAreas = async (db: Db | Tx, codes: string[]): Promise<Map<string, ExchangeArea>> => {
  if (codes.length === 0) return new Map();
  const unique = [...new Set(codes)];
  const rows = await db
    .selectFrom('areas as a')
    .select(['a.code', 'a.type', 'a.nameFi', 'a.nameSv', 'a.nameEn', 'a.electoralDistrictCode'])
    .where((eb) =>
      eb.or([
        eb('a.code', 'in', unique),
        eb(
          'a.code',
          'in',
          eb
            .selectFrom('areas as m')
            .select('m.electoralDistrictCode')
            .where('m.code', 'in', unique)
            .where('m.electoralDistrictCode', 'is not', null),
        ),
      ]),
    )
    .execute();
  const byCode = new Map(rows.map((r) => [r.code, r]));
  const areaOf = (code: string): ExchangeArea | undefined => {
    const row = byCode.get(code);
    if (!row) return undefined;
    const district =
      row.type === 'municipality' && row.electoralDistrictCode
        ? byCode.get(row.electoralDistrictCode)
        : undefined;
    return {
      code: row.code,
      type: row.type,
      name: localised(row),
      electoralDistrict: district
        ? { code: district.code, type: district.type, name: localised(district) }
        : null,
    };
  };
  return new Map(
    unique.flatMap((code) => {
      const area = areaOf(code);
      return area ? [[code, area] as const] : [];
    }),
  );
};

const required = <T>(map: Map<string, T>, id: string): T => {
  const value = map.get(id);
  if (!value) throw new Error(`exchange data: ${id} missing`);
  return value;
};

/** The incident with every sub-record it has; 404 when there is no such incident. */
export const loadIncidentForExchange = async (
  db: Db | Tx,
  incidentUuid: string,
): Promise<IncidentExchangeData> => {
  const row = await loadIncidentRow(db, incidentUuid);
  if (!row) throw new AppError('not_found', 'No such incident.');
  const [observables, techniques, narratives, links, corroborations] = await Promise.all([
    loadObservables(db, incidentUuid),
    loadTechniques(db, incidentUuid),
    loadNarratives(db, incidentUuid),
    loadLinks(db, incidentUuid),
    loadCorroborations(db, incidentUuid),
  ]);
  const areaCodes = [...row.areaCodes, ...corroborations.flatMap((c) => (c.areaCode ? [c.areaCode] : []))];
  const [organisations, areas] = await Promise.all([
    loadOrganisations(db, [
      row.ownerOrganisationId,
      ...(row.leadOrganisationId ? [row.leadOrganisationId] : []),
      ...row.supportingOrganisationIds,
      ...corroborations.map((c) => c.organisationId),
    ]),
    loadAreas(db, areaCodes),
  ]);
  return {
    id: row.id,
    ...shareableOf(row),
    title: row.title,
    description: row.description,
    language: row.locale,
    domains: row.domains,
    category: row.category,
    severity: row.severity,
    impactConduct: row.impactConduct,
    impactConfidence: row.impactConfidence,
    sourceReliability: row.sourceReliability,
    informationCredibility: row.informationCredibility,
    status: row.status,
    closingReason: row.closingReason,
    duplicateOf:
      row.duplicateOfId && row.duplicateTlp
        ? {
            id: row.duplicateOfId,
            title: row.duplicateTitle ?? '',
            ...shareableOf({
              tlp: row.duplicateTlp,
              ownerOrganisationId: row.duplicateOwnerOrganisationId ?? '',
              authorUserId: row.duplicateAuthorUserId ?? '',
              sharedOrganisationIds: row.duplicateSharedOrganisationIds ?? [],
              sharedCommunityIds: row.duplicateSharedCommunityIds ?? [],
              sharedUserIds: row.duplicateSharedUserIds ?? [],
            }),
          }
        : null,
    reportedVia: row.reportedVia,
    election:
      row.electionId && row.electionSlug
        ? {
            id: row.electionId,
            slug: row.electionSlug,
            name: {
              fi: row.electionNameFi ?? '',
              sv: row.electionNameSv ?? '',
              en: row.electionNameEn ?? '',
            },
          }
        : null,
    phase:
      row.phaseKey !== null
        ? { key: row.phaseKey, name: { fi: row.phaseFi ?? '', sv: row.phaseSv ?? '', en: row.phaseEn ?? '' } }
        : null,
    areas: row.areaCodes.map((code) => required(areas, code)),
    firstSeen: row.firstSeen,
    lastSeen: row.lastSeen,
    version: row.version,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    markedAt: new Date(row.markedAt),
    owner: required(organisations, row.ownerOrganisationId),
    lead: row.leadOrganisationId ? required(organisations, row.leadOrganisationId) : null,
    supporting: row.supportingOrganisationIds.map((id) => required(organisations, id)),
    observables: observables.map((o) => ({ ...o })),
    techniques: techniques.map((t) => ({ ...t })),
    narratives: narratives.map((n) => ({
      id: n.id,
      ...shareableOf(n),
      title: n.title,
      description: n.description,
      status: n.status,
      linkedAt: n.linkedAt,
      createdAt: n.createdAt,
      updatedAt: n.updatedAt,
    })),
    links: links.map((l) => ({
      id: l.id,
      kind: l.kind,
      direction: l.sourceIncidentId === incidentUuid ? 'outgoing' : 'incoming',
      createdAt: l.createdAt,
      other: { id: l.otherId, title: l.otherTitle, markedAt: new Date(l.otherMarkedAt), ...shareableOf(l) },
    })),
    corroborations: corroborations.map((c) => ({
      id: c.id,
      organisation: required(organisations, c.organisationId),
      note: c.note,
      observedAt: c.observedAt,
      area: c.areaCode ? required(areas, c.areaCode) : null,
      createdAt: c.createdAt,
      updatedAt: c.updatedAt,
    })),
  };
};
