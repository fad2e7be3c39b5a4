import type { Tlp } from '../../../../shared/access/tlp.js';
import { linkKinds, type LinkKind } from '../../../../shared/contracts/collaboration.js';
import type { Unapplied } from '../../../../shared/contracts/exchange-imports.js';
import { narrativeStatuses } from '../../../../shared/contracts/narratives.js';
import { stixTypeOf, type StixObject } from '../stix/stix-types.js';
import { vaalivahtiExtensionId } from '../stix/vaalivahti-extension.js';
import { observablesOfSco, scoTypes, type ObservableOfSco } from './sco-observables.js';
import { reviewableTypes } from './workbench-intake.js';
import type { StoredObject } from './workbench-queries.js';

/**
 * What the objects around an imported incident become here: its observables with the notes of
 * the relationships to them, its narratives (groupings with context "narrative"), its links to
 * other incidents — and, for everything else about it, why nothing here holds it. Pure: the
 * neighbourhood is read, and the links resolved, by the caller.
 */

export interface ObservableToAttach extends ObservableOfSco {
  note: string;
}

export interface NarrativeProposal {
  stixId: string;
  /** The narrative's uuid in the sender's instance: kept when free here. */
  narrativeId: string;
  title: string;
  description: string;
  status: (typeof narrativeStatuses)[number];
  tlp: Tlp;
}

export interface LinkProposal {
  stixId: string;
  /** The link's uuid in the sender's instance (relationship--<uuid>): kept when free here. */
  linkId: string | null;
  kind: LinkKind;
  /** outgoing: the imported incident is the source. */
  direction: 'outgoing' | 'incoming';
  otherStixId: string;
}

export interface SubRecords {
  observables: ObservableToAttach[];
  narratives: NarrativeProposal[];
  links: LinkProposal[];
  unapplied: Unapplied[];
}

/** Who said it, how it is marked, what the objects are: context, not content of the incident. */
const contextTypes = new Set([
  'identity',
  'marking-definition',
  'extension-definition',
  'language-content',
  ...reviewableTypes,
]);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NOTE_MAX = 2000;

const uuidOf = (stixId: string): string | null => {
  const uuid = stixId.slice(stixId.indexOf('--') + 2);
  return UUID.test(uuid) ? uuid.toLowerCase() : null;
};
const text = (value: unknown) => (typeof value === 'string' ? value : '');
const ours = (object: StixObject) => object.extensions?.[vaalivahtiExtensionId] ?? {};

const linkKindOf = (relationship: StixObject): LinkKind | null => {
  const kind = ours(relationship).link_kind;
  if (linkKinds.includes(kind as LinkKind)) return kind as LinkKind;
  if (relationship.relationship_type === 'related-to') return 'related_to';
  if (relationship.relationship_type === 'duplicate-of') return 'duplicate_of';
  return null;
};

export const subRecordsOf = (
  root: StixObject,
  related: readonly StoredObject[],
  isDisarmTechnique: (attackPatternId: string) => boolean,
): SubRecords => {
  const unapplied: Unapplied[] = [];
  const notApplicable = (
    o: StoredObject,
    reason: Unapplied['reason'] = 'not_applicable',
    references: string[] = [],
  ) => unapplied.push({ stixId: o.stixId, stixType: o.type, property: null, reason, references });
  const becomes = new Map(
    related.filter((o) => scoTypes.has(o.type)).map((o) => [o.stixId, observablesOfSco(o.object)]),
  );
  const notes = new Map<string, string>();
  const narratives: NarrativeProposal[] = [];
  const links: LinkProposal[] = [];

  for (const o of related) {
    if (contextTypes.has(o.type)) continue;
    const object = o.object;
    if (scoTypes.has(o.type)) {
      if (becomes.get(o.stixId)!.length === 0) notApplicable(o);
      continue;
    }
    if (o.type === 'attack-pattern') {
      if (!isDisarmTechnique(o.stixId)) notApplicable(o);
      continue;
    }
    if (o.type === 'relationship') {
      const source = text(object.source_ref);
      const target = text(object.target_ref);
      const other = source === root.id ? target : target === root.id ? source : null;
      const otherType = other ? stixTypeOf(other) : null;
      if (other && otherType && scoTypes.has(otherType) && (becomes.get(other)?.length ?? 0) > 0) {
        const note = text(object.description);
        if (note && !notes.has(other)) notes.set(other, note.slice(0, NOTE_MAX));
        continue;
      }
      if (other && otherType === 'attack-pattern' && isDisarmTechnique(other)) continue;
      const kind = otherType === 'incident' && other !== root.id ? linkKindOf(object) : null;
      if (other && kind) {
        links.push({
          stixId: o.stixId,
          linkId: uuidOf(o.stixId),
          kind,
          direction: source === root.id ? 'outgoing' : 'incoming',
          otherStixId: other,
        });
        continue;
      }
      notApplicable(o);
      continue;
    }
    if (o.type === 'sighting' && object.sighting_of_ref === root.id) {
      const where = Array.isArray(object.where_sighted_refs) ? object.where_sighted_refs.map(String) : [];
      notApplicable(o, 'organisation_not_here', where);
      continue;
    }
    const refs = Array.isArray(object.object_refs) ? object.object_refs : [];
    const narrative = ours(object);
    if (
      o.type === 'grouping' &&
      object.context === 'narrative' &&
      refs.includes(root.id) &&
      typeof narrative.narrative_id === 'string' &&
      UUID.test(narrative.narrative_id)
    ) {
      narratives.push({
        stixId: o.stixId,
        narrativeId: narrative.narrative_id.toLowerCase(),
        title: (text(object.name).trim() || o.stixId).slice(0, 300),
        description: text(object.description),
        status: narrativeStatuses.includes(narrative.narrative_status as 'active')
          ? (narrative.narrative_status as NarrativeProposal['status'])
          : 'active',
        tlp: o.tlp,
      });
      continue;
    }
    notApplicable(o);
  }

  const observables = [...becomes.entries()].flatMap(([stixId, values]) =>
    values.map((value) => ({ ...value, note: notes.get(stixId) ?? '' })),
  );
  return { observables, narratives, links, unapplied };
};

/** The report, in a stable order: by object, the object's own properties first. */
export const sortedUnapplied = (entries: readonly Unapplied[]): Unapplied[] =>
  [...entries].sort(
    (a, b) =>
      a.stixId.localeCompare(b.stixId) ||
      (a.property ?? '').localeCompare(b.property ?? '') ||
      a.reason.localeCompare(b.reason),
  );
