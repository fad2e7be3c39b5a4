import { canSee } from '../../../../shared/access/tlp.js';
import type { Actor } from '../../../../shared/access/roles.js';
import type { Db, Tx } from '../../../db/connection.js';
import { stixTypeOf, type StixObject } from '../stix/stix-types.js';
import { disarmExternalIdsOf } from './attack-patterns.js';
import { observablesOfSco, scoTypes, type ObservableOfSco } from './sco-observables.js';
import { edgesOf, refsOf } from './stix-refs.js';
import {
  currentObjects,
  objectsPointingAt,
  type StoredObject,
  type WorkbenchRow,
} from './workbench-queries.js';

/** Enough for any incident or report we have met; a bigger neighbourhood is cut, not refused. */
const MAX_RELATED = 2000;
const MAX_DEPTH = 4;

/** Types whose sightings and relationships lead on to the observables (indicator ← sighting → observed-data). */
const bridgeTypes = new Set(['indicator', 'observed-data']);

/**
 * The objects around an imported incident or report in the organisation's store: what it refers
 * to, the relationships and sightings that refer to it, and onwards up to four steps (incident ←
 * relationship → indicator ← sighting → observed-data → cyber-observable). Current versions only.
 */
export const neighbourhood = async (
  db: Db | Tx,
  ownerOrganisationId: string,
  root: StixObject,
): Promise<StoredObject[]> => {
  const found = new Map<string, StoredObject>();
  const seen = new Set<string>([root.id]);
  const add = (objects: readonly StoredObject[]) => {
    const added: StoredObject[] = [];
    for (const o of objects)
      if (!found.has(o.stixId) && o.stixId !== root.id && found.size < MAX_RELATED) {
        found.set(o.stixId, o);
        seen.add(o.stixId);
        added.push(o);
      }
    return added;
  };
  let level = add(await objectsPointingAt(db, ownerOrganisationId, [root.id], MAX_RELATED));
  let frontier = [...refsOf(root), ...level.flatMap((o) => refsOf(o.object))];
  for (let depth = 1; depth <= MAX_DEPTH && found.size < MAX_RELATED; depth += 1) {
    const wanted = [...new Set(frontier)].filter((id) => !seen.has(id));
    wanted.forEach((id) => seen.add(id));
    level = add(await currentObjects(db, ownerOrganisationId, wanted));
    const bridges = depth <= 2 ? level.filter((o) => bridgeTypes.has(o.type)).map((o) => o.stixId) : [];
    const pointing = add(await objectsPointingAt(db, ownerOrganisationId, bridges, MAX_RELATED - found.size));
    frontier = [...level, ...pointing].flatMap((o) => refsOf(o.object));
    if (frontier.length === 0) break;
  }
  return [...found.values()];
};

/** Attack-pattern ids the neighbourhood names, also when the attack-pattern object itself is not there (our exports refer to DISARM's). */
export const attackPatternRefs = (root: StixObject, related: readonly StoredObject[]): Set<string> => {
  const ids = new Set<string>();
  for (const o of [root, ...related.map((r) => r.object)])
    for (const ref of [o.id, ...Object.values(edgesOf(o)), ...refsOf(o)])
      if (typeof ref === 'string' && stixTypeOf(ref) === 'attack-pattern') ids.add(ref);
  return ids;
};

/** DISARM ids named in external references of the attack-patterns and of the relationships to them. */
export const disarmIdsNamed = (related: readonly StoredObject[]): string[] =>
  related
    .filter(
      (o) =>
        o.type === 'attack-pattern' ||
        (o.type === 'relationship' && stixTypeOf(String(o.object.target_ref)) === 'attack-pattern'),
    )
    .flatMap((o) => disarmExternalIdsOf(o.object));

/**
 * Related objects are shown with the item's audience: one more strictly marked than the item (a
 * RED relationship around an AMBER incident) only to those who could see the item at that marking.
 */
export const visibleRelated = (
  actor: Actor,
  item: Pick<
    WorkbenchRow,
    'ownerOrganisationId' | 'authorUserId' | 'sharedOrganisationIds' | 'sharedCommunityIds' | 'sharedUserIds'
  >,
  related: readonly StoredObject[],
): StoredObject[] =>
  related.filter(
    (o) =>
      o.type === 'marking-definition' ||
      canSee(actor, {
        tlp: o.tlp,
        ownerOrganisationId: item.ownerOrganisationId,
        authorUserId: item.authorUserId ?? '',
        sharedWith: {
          organisations: item.sharedOrganisationIds,
          communities: item.sharedCommunityIds,
          users: item.sharedUserIds,
        },
      }),
  );

export interface ClassifiedRelated {
  observables: { object: StoredObject; becomes: ObservableOfSco[] }[];
  attackPatterns: StoredObject[];
  relationships: StoredObject[];
  sightings: StoredObject[];
  markings: StoredObject[];
  other: StoredObject[];
}

export const classifyRelated = (related: readonly StoredObject[]): ClassifiedRelated => {
  const out: ClassifiedRelated = {
    observables: [],
    attackPatterns: [],
    relationships: [],
    sightings: [],
    markings: [],
    other: [],
  };
  for (const o of related) {
    if (scoTypes.has(o.type)) out.observables.push({ object: o, becomes: observablesOfSco(o.object) });
    else if (o.type === 'attack-pattern') out.attackPatterns.push(o);
    else if (o.type === 'relationship') out.relationships.push(o);
    else if (o.type === 'sighting') out.sightings.push(o);
    else if (o.type === 'marking-definition') out.markings.push(o);
    else out.other.push(o);
  }
  return out;
};
