import { strictestTlp, type Tlp } from '../../../../shared/access/tlp.js';
import type { RedactableField } from '../../../../shared/contracts/exchange.js';
import { stixObjectOf } from '../../../../shared/observables/stix.js';
import type {
  ExchangeArea,
  ExchangeMarking,
  ExchangeObservable,
  IncidentExchangeData,
} from '../incident-exchange-data.js';
import { incidentCoreProperties } from './incident-core.js';
import { organisationIdentityId } from './stix-export-identities.js';
import { tlp2MarkingId } from './stix-markings.js';
import { stixTime, type StixObject } from './stix-types.js';
import { derivedStixId, vaalivahtiProperties } from './vaalivahti-extension.js';

/**
 * An incident and its sub-records as STIX 2.1 objects (docs/stix-extension.md has the mapping).
 * Pure: the data is loaded and the identities chosen by the caller (stix-export.ts).
 */

export interface IncidentExportOptions {
  fields: readonly RedactableField[];
  /** The identity that speaks for our organisations when they are redacted: the instance. */
  instanceIdentityId: string;
  /** Whether a linked record (another incident, a narrative) may be named in this export. */
  mayName: (record: ExchangeMarking) => boolean;
}

/** Admiralty information credibility → STIX confidence (STIX 2.1 Appendix A); 6 cannot be judged. */
const admiraltyConfidence: Record<number, number> = { 1: 90, 2: 70, 3: 50, 4: 30, 5: 10 };

/** Social-media accounts and e-mail addresses are personal data of private persons. */
const personalObservableTypes = new Set(['social_account', 'email']);

const markingRefs = (tlp: Tlp) => [tlp2MarkingId(tlp)];

export const incidentStixId = (uuid: string): string => `incident--${uuid}`;

const areaProperties = (area: { code: string; type: string; name: ExchangeArea['name'] }) => ({
  code: area.code,
  area_type: area.type,
  name: area.name,
});

/** With municipalities redacted, a municipality becomes its electoral district. */
const exportedAreas = (areas: readonly ExchangeArea[], redactAreas: boolean) => {
  if (!redactAreas) return areas.map(areaProperties);
  const coarse = areas.flatMap((area) =>
    area.type !== 'municipality' ? [area] : area.electoralDistrict ? [area.electoralDistrict] : [],
  );
  return [...new Map(coarse.map((a) => [a.code, areaProperties(a)])).values()];
};

export const buildIncidentObjects = (
  data: IncidentExchangeData,
  options: IncidentExportOptions,
): StixObject[] => {
  const redact = (field: RedactableField) => options.fields.includes(field);
  const incidentId = incidentStixId(data.id);
  const speaker = (organisationId: string) =>
    redact('organisations') ? options.instanceIdentityId : organisationIdentityId(organisationId);
  const author = speaker(data.owner.id);
  const withText = (text: string) =>
    redact('description') || text.trim() === '' ? {} : { description: text };
  const confidence = admiraltyConfidence[data.informationCredibility];

  const incident: StixObject = {
    type: 'incident',
    spec_version: '2.1',
    id: incidentId,
    created: stixTime(data.createdAt),
    modified: stixTime(data.updatedAt),
    created_by_ref: author,
    name: data.title,
    ...withText(data.description),
    ...(confidence === undefined ? {} : { confidence }),
    lang: data.language,
    object_marking_refs: markingRefs(data.tlp),
    extensions: {
      ...incidentCoreProperties(data),
      ...vaalivahtiProperties({
        domains: data.domains,
        category: data.category,
        severity: data.severity,
        impact_conduct: data.impactConduct,
        impact_confidence: data.impactConfidence,
        source_reliability: data.sourceReliability,
        information_credibility: data.informationCredibility,
        status: data.status,
        closing_reason: data.closingReason,
        duplicate_of_ref:
          data.duplicateOf && options.mayName(data.duplicateOf) ? incidentStixId(data.duplicateOf.id) : null,
        reported_via: data.reportedVia,
        election: data.election,
        phase: data.phase,
        areas: exportedAreas(data.areas, redact('areas')),
        first_seen: data.firstSeen ? stixTime(data.firstSeen) : null,
        last_seen: data.lastSeen ? stixTime(data.lastSeen) : null,
        lead_organisation_ref:
          data.lead && !redact('organisations') ? organisationIdentityId(data.lead.id) : null,
        supporting_organisation_refs: redact('organisations')
          ? []
          : data.supporting.map((o) => organisationIdentityId(o.id)),
      }),
    },
  };

  /** Objects under the incident's marking are a new version when it changes. */
  const versionOf = (...times: Date[]) => stixTime(latest(data.markedAt, ...times));

  const relationship = (
    id: string,
    type: string,
    source: string,
    target: string,
    at: Date,
    tlp: Tlp,
    extra: Record<string, unknown> = {},
    markedAt: Date = at,
  ): StixObject => ({
    type: 'relationship',
    spec_version: '2.1',
    id,
    created: stixTime(at),
    modified: versionOf(at, markedAt),
    created_by_ref: author,
    relationship_type: type,
    source_ref: source,
    target_ref: target,
    object_marking_refs: markingRefs(tlp),
    ...extra,
  });

  const observables = data.observables.filter(
    (o) => !(redact('personal_data') && personalObservableTypes.has(o.type)),
  );
  const scos = observables.map((o) => observableSco(o, data.tlp));
  const observableRelationships = observables.map((o) =>
    relationship(
      derivedStixId('relationship', 'related-to', incidentId, o.stixId),
      'related-to',
      incidentId,
      o.stixId,
      o.addedAt,
      data.tlp,
      withText(o.note),
    ),
  );

  const techniqueRelationships = data.techniques.map((t) =>
    relationship(
      derivedStixId('relationship', 'uses', incidentId, t.stixId),
      'uses',
      incidentId,
      t.stixId,
      t.addedAt,
      data.tlp,
      {
        description: `DISARM ${t.id}: ${t.name}`,
        external_references: [{ source_name: 'DISARM', external_id: t.id, ...(t.url ? { url: t.url } : {}) }],
      },
    ),
  );

  const narratives: StixObject[] = data.narratives.filter(options.mayName).map((n) => {
    return {
      type: 'grouping',
      spec_version: '2.1',
      id: derivedStixId('grouping', 'narrative', n.id, incidentId),
      created: stixTime(n.linkedAt),
      modified: versionOf(n.linkedAt, n.updatedAt),
      created_by_ref: author,
      name: n.title,
      ...withText(n.description),
      context: 'narrative',
      object_refs: [incidentId],
      object_marking_refs: markingRefs(strictestTlp([data.tlp, n.tlp])),
      extensions: vaalivahtiProperties({ narrative_id: n.id, narrative_status: n.status }),
    };
  });

  const links = data.links
    .filter((l) => options.mayName(l.other))
    .map((l) => {
      const [source, target] =
        l.direction === 'outgoing'
          ? [incidentId, incidentStixId(l.other.id)]
          : [incidentStixId(l.other.id), incidentId];
      return {
        ...relationship(
          `relationship--${l.id}`,
          l.kind === 'duplicate_of' ? 'duplicate-of' : 'related-to',
          source,
          target,
          l.createdAt,
          strictestTlp([data.tlp, l.other.tlp]),
          {
            ...(l.kind === 'part_of_campaign' ? { description: 'Part of the same campaign.' } : {}),
            extensions: vaalivahtiProperties({ link_kind: l.kind }),
          },
          l.other.markedAt,
        ),
        created_by_ref: options.instanceIdentityId,
      };
    });

  const sightings: StixObject[] = redact('corroborations')
    ? []
    : data.corroborations.map((c) => {
        const area = c.area ? exportedAreas([c.area], redact('areas'))[0] : undefined;
        const seen = c.observedAt ? stixTime(c.observedAt) : undefined;
        return {
          type: 'sighting',
          spec_version: '2.1',
          id: `sighting--${c.id}`,
          created: stixTime(c.createdAt),
          modified: versionOf(c.updatedAt),
          created_by_ref: speaker(c.organisation.id),
          sighting_of_ref: incidentId,
          where_sighted_refs: [speaker(c.organisation.id)],
          ...(seen ? { first_seen: seen, last_seen: seen } : {}),
          ...withText(c.note),
          object_marking_refs: markingRefs(data.tlp),
          ...(area ? { extensions: vaalivahtiProperties({ area }) } : {}),
        };
      });

  return [
    incident,
    ...scos,
    ...observableRelationships,
    ...techniqueRelationships,
    ...narratives,
    ...links,
    ...sightings,
  ];
};

const latest = (...times: Date[]): Date => new Date(Math.max(...times.map((t) => t.getTime())));

/** A deterministic cyber-observable: its stored id and the properties that id was computed from. */
export const observableSco = (observable: ExchangeObservable, tlp: Tlp): StixObject => {
  const { scoType, properties } = stixObjectOf(observable.type, observable.value);
  return {
    type: scoType,
    spec_version: '2.1',
    id: observable.stixId,
    ...properties,
    object_marking_refs: markingRefs(tlp),
  };
};
