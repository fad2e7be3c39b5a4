import type { Tlp } from '../../../../shared/access/tlp.js';
import type { ObservableInput } from '../../../../shared/observables/normalise.js';
import { tlp2ExtensionDefinition, tlp2Marking, tlp2MarkingId } from '../stix/stix-markings.js';
import { stixTime, type StixObject } from '../stix/stix-types.js';
import {
  derivedStixId,
  vaalivahtiExtensionDefinition,
  vaalivahtiProjectIdentity,
  vaalivahtiProperties,
} from '../stix/vaalivahti-extension.js';
import type { MispAttributeIn, MispEventIn } from './misp-event.js';
import { accountOfObject, inputsOfAttribute, scoOf, socialObjectNames } from './misp-observables.js';
import { readTags, techniquesOfGalaxies, tlpOfTags } from './misp-tags.js';
import { mispUuid, severityOfThreatLevel } from './misp-vocabulary.js';

/**
 * A MISP event as STIX 2.1 objects for the import pipeline: the event is an `incident` (versioned
 * by the event's timestamp, so a newer event is a newer version), its creator organisation an
 * `identity`, the attributes and objects that are observables deterministic cyber-observables
 * linked `related-to`, the DISARM galaxy tags `uses` relationships to DISARM's attack-patterns,
 * and what has no counterpart a `note` on the incident (listed, never dropped). Ids are
 * deterministic, so that importing the same event again changes nothing. Pure: the DISARM ids
 * come from the caller.
 */

export interface MispToStixOptions {
  /** DISARM technique id (T0002, T0049.001) → its attack-pattern id. */
  disarm: ReadonlyMap<string, string>;
}

export interface UnmappedAttribute {
  uuid: string;
  type: string;
  value: string;
  reason: string;
}

export interface MispStixConversion {
  incidentId: string;
  objects: StixObject[];
  /** Attributes without a counterpart of ours; kept in the note. */
  unmapped: UnmappedAttribute[];
  /** DISARM technique ids named by the event that our framework does not have. */
  unknownTechniques: string[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** `type--<uuid>` when the uuid is one STIX accepts (RFC 4122, versions 1–5), else a UUIDv5 of it. */
const stixIdFromUuid = (type: string, uuid: string): string =>
  UUID.test(uuid) ? `${type}--${uuid}` : `${type}--${mispUuid(type, uuid)}`;

const isoOfSeconds = (seconds: number): string => stixTime(new Date(seconds * 1000));

/** STIX 2.1 Appendix A: Admiralty information credibility → confidence; 6 cannot be judged. */
const admiraltyConfidence: Record<string, number> = { '1': 90, '2': 70, '3': 50, '4': 30, '5': 10 };

interface Found {
  sco: StixObject;
  /** The uuid of the MISP attribute or object it came from. */
  from: string;
  comment: string;
  timestamp: number;
}

const attributeLine = (a: {
  type: string;
  category?: string | undefined;
  value: string;
  comment?: string | null;
}) => `${a.category ? `${a.category} / ` : ''}${a.type}: ${a.value}${a.comment ? ` (${a.comment})` : ''}`;

const MAX_NOTE_LINES = 2000;

export const mispEventToStix = (event: MispEventIn, options: MispToStixOptions): MispStixConversion => {
  const incidentId = stixIdFromUuid('incident', event.uuid);
  const modified = isoOfSeconds(event.timestamp);
  const dateTime = stixTime(new Date(`${event.date}T00:00:00Z`));
  const created = dateTime < modified ? dateTime : modified;

  const liveAttributes = (event.Attribute ?? []).filter((a) => !a.deleted);
  const liveObjects = (event.Object ?? []).filter((o) => !o.deleted);
  const allTags = [
    ...(event.Tag ?? []),
    ...liveAttributes.flatMap((a) => a.Tag ?? []),
    ...liveObjects.flatMap((o) => o.Attribute.flatMap((a) => a.Tag ?? [])),
  ];
  const tlp = tlpOfTags(allTags);
  const markings = tlp ? { object_marking_refs: [tlp2MarkingId(tlp)] } : {};

  const found: Found[] = [];
  const unmapped: UnmappedAttribute[] = [];
  const descriptions: string[] = [];
  const references: { source_name: string; url: string; description?: string }[] = [];
  const attributeTime = (a: MispAttributeIn, fallback?: number) => a.timestamp ?? fallback ?? event.timestamp;

  const collect = (inputs: ObservableInput[], from: string, comment: string, timestamp: number) => {
    const reasons: string[] = [];
    for (const input of inputs) {
      const sco = scoOf(input);
      if (typeof sco === 'string') reasons.push(sco);
      else found.push({ sco, from, comment, timestamp });
    }
    return reasons;
  };

  for (const a of liveAttributes) {
    if (a.type === 'text' || a.type === 'comment') {
      if (a.value.trim() !== '') descriptions.push(a.value);
      continue;
    }
    if (a.type === 'link') {
      if (URL.canParse(a.value)) {
        references.push({
          source_name: 'misp-link',
          url: a.value,
          ...(a.comment ? { description: a.comment } : {}),
        });
        continue;
      }
    }
    const inputs = inputsOfAttribute(a.type, a.value);
    if (!inputs) {
      unmapped.push({
        uuid: a.uuid,
        type: a.type,
        value: attributeLine(a),
        reason: 'no observable of ours has this type',
      });
      continue;
    }
    const reasons = collect(inputs, a.uuid, a.comment ?? '', attributeTime(a));
    if (reasons.length > 0)
      unmapped.push({ uuid: a.uuid, type: a.type, value: attributeLine(a), reason: reasons.join(' ') });
  }

  for (const o of liveObjects) {
    const live = o.Attribute.filter((a) => !a.deleted);
    const newest = Math.max(o.timestamp ?? 0, ...live.map((a) => a.timestamp ?? 0)) || event.timestamp;
    if (socialObjectNames.has(o.name)) {
      const account = accountOfObject(o);
      if (account && collect([account], o.uuid, o.comment ?? '', newest).length === 0) continue;
      unmapped.push({
        uuid: o.uuid,
        type: `object ${o.name}`,
        value: `${o.name}: ${live.map((a) => `${a.object_relation ?? a.type}=${a.value}`).join(', ')}`,
        reason: 'not an account on a platform we know',
      });
      continue;
    }
    for (const a of live) {
      const inputs = inputsOfAttribute(a.type, a.value);
      const reasons = inputs
        ? collect(inputs, a.uuid, a.comment ?? '', attributeTime(a, newest))
        : ['no observable of ours has this type'];
      if (reasons.length > 0)
        unmapped.push({
          uuid: a.uuid,
          type: a.type,
          value: `object ${o.name} / ${a.object_relation ?? a.type}: ${a.value}`,
          reason: reasons.join(' '),
        });
    }
  }

  const tags = readTags(allTags);
  const techniqueIds = [...new Set([...tags.techniqueIds, ...techniquesOfGalaxies(event)])].sort();
  const unknownTechniques = techniqueIds.filter((id) => !options.disarm.has(id));

  // The creator as an identity: it says only who exists, so it is TLP:CLEAR (as our own identities).
  const orgc = event.Orgc;
  const creator: StixObject | null =
    orgc && (orgc.uuid || orgc.name)
      ? {
          type: 'identity',
          spec_version: '2.1',
          id: stixIdFromUuid('identity', (orgc.uuid ?? `name:${orgc.name}`).toLowerCase()),
          created: modified,
          modified,
          name: orgc.name || orgc.uuid || 'MISP organisation',
          identity_class: 'organization',
          object_marking_refs: [tlp2MarkingId('clear')],
        }
      : null;
  const author = creator ? { created_by_ref: creator.id } : {};

  const severity = tags.severity ?? severityOfThreatLevel(event.threat_level_id);
  const domains =
    tags.domains.length > 0 ? tags.domains : techniqueIds.length > 0 ? ['information_influence'] : [];
  const confidence = tags.informationCredibility
    ? admiraltyConfidence[String(tags.informationCredibility)]
    : undefined;

  const incident: StixObject = {
    type: 'incident',
    spec_version: '2.1',
    id: incidentId,
    created,
    modified,
    ...author,
    name: event.info,
    ...(descriptions.length > 0 ? { description: descriptions.join('\n\n') } : {}),
    ...(confidence === undefined ? {} : { confidence }),
    ...(tags.labels.length > 0 ? { labels: [...new Set(tags.labels)] } : {}),
    external_references: [
      { source_name: 'misp', external_id: event.uuid, description: `MISP event ${event.uuid}` },
      ...references,
    ],
    ...markings,
    extensions: vaalivahtiProperties({
      domains,
      category: tags.category,
      severity,
      source_reliability: tags.sourceReliability,
      information_credibility: tags.informationCredibility,
      election: tags.electionSlug ? { slug: tags.electionSlug } : null,
      first_seen: dateTime,
    }),
  };

  const relationship = (
    id: string,
    type: string,
    target: string,
    at: number,
    extra: Record<string, unknown>,
  ) => ({
    type: 'relationship',
    spec_version: '2.1',
    id,
    created: isoOfSeconds(at),
    modified: isoOfSeconds(at),
    ...author,
    relationship_type: type,
    source_ref: incidentId,
    target_ref: target,
    ...markings,
    ...extra,
  });

  const scos = new Map<string, Found>();
  for (const f of found) if (!scos.has(f.sco.id)) scos.set(f.sco.id, f);
  const observableObjects = [...scos.values()].flatMap((f) => [
    { ...f.sco, ...markings },
    relationship(
      derivedStixId('relationship', 'related-to', incidentId, f.sco.id),
      'related-to',
      f.sco.id,
      f.timestamp,
      {
        ...(f.comment.trim() ? { description: f.comment } : {}),
        external_references: [{ source_name: 'misp', external_id: f.from }],
      },
    ),
  ]);

  const techniqueObjects = techniqueIds.flatMap((id) => {
    const attackPattern = options.disarm.get(id);
    return attackPattern
      ? [
          relationship(
            derivedStixId('relationship', 'uses', incidentId, attackPattern),
            'uses',
            attackPattern,
            event.timestamp,
            {
              description: `DISARM ${id}`,
              external_references: [{ source_name: 'DISARM', external_id: id }],
            },
          ),
        ]
      : [];
  });

  const noteLines = [
    ...unmapped.map((u) => `${u.value} — ${u.reason}`),
    ...unknownTechniques.map((id) => `DISARM technique ${id}: not in our DISARM framework`),
  ];
  const note: StixObject[] =
    noteLines.length === 0
      ? []
      : [
          {
            type: 'note',
            spec_version: '2.1',
            id: `note--${mispUuid(incidentId, 'unmapped')}`,
            created: modified,
            modified,
            ...author,
            abstract: 'MISP content without a Vaalivahti counterpart',
            content: [
              ...noteLines.slice(0, MAX_NOTE_LINES),
              ...(noteLines.length > MAX_NOTE_LINES
                ? [`… and ${noteLines.length - MAX_NOTE_LINES} more`]
                : []),
            ].join('\n'),
            object_refs: [incidentId],
            ...markings,
          },
        ];

  const levels = [...new Set<Tlp>([...(creator ? ['clear' as const] : []), ...(tlp ? [tlp] : [])])];
  const markingObjects = levels.length > 0 ? [tlp2ExtensionDefinition, ...levels.map(tlp2Marking)] : [];
  return {
    incidentId,
    objects: [
      ...markingObjects,
      vaalivahtiProjectIdentity,
      vaalivahtiExtensionDefinition,
      ...(creator ? [creator] : []),
      incident,
      ...observableObjects,
      ...techniqueObjects,
      ...note,
    ],
    unmapped,
    unknownTechniques,
  };
};
