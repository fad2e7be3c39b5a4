import { strictestTlp, type Tlp } from '../../../../shared/access/tlp.js';
import { incidentDomains, sourceReliabilities } from '../../../../shared/contracts/incident-enums.js';
import { categoryByKey } from '../../../../shared/taxonomy/incident-categories.js';
import type { MispEventIn, MispTagIn } from './misp-event.js';
import {
  disarmClusterByUuid,
  disarmClusterByValue,
  isAdmiraltyValue,
  tlpOfMispValue,
} from './misp-reference.js';
import { OUR_NAMESPACE, parseMachineTag } from './misp-vocabulary.js';

/**
 * What an event's tags and galaxies say: its TLP level (the strictest `tlp:` tag), the Admiralty
 * grading, DISARM techniques (galaxy tags by cluster value, Galaxy blocks, our own tags for
 * techniques the galaxy lacks) and our own fields. Tags nothing here understands stay labels.
 */
export const tlpOfTags = (tags: readonly MispTagIn[] | undefined): Tlp | null => {
  const levels = (tags ?? []).flatMap((t) => {
    const parsed = parseMachineTag(t.name);
    if (parsed?.namespace.toLowerCase() !== 'tlp' || parsed.predicate !== null) return [];
    const level = tlpOfMispValue.get(parsed.value.toLowerCase());
    return level ? [level] : [];
  });
  return levels.length === 0 ? null : strictestTlp(levels);
};

export interface TagReading {
  techniqueIds: string[];
  domains: string[];
  category: string | null;
  severity: number | null;
  electionSlug: string | null;
  sourceReliability: string | null;
  informationCredibility: number | null;
  /** Tags none of the above consumed, as STIX labels. */
  labels: string[];
}

export const readTags = (tags: readonly MispTagIn[]): TagReading => {
  const reading: TagReading = {
    techniqueIds: [],
    domains: [],
    category: null,
    severity: null,
    electionSlug: null,
    sourceReliability: null,
    informationCredibility: null,
    labels: [],
  };
  for (const { name } of tags) {
    const tag = parseMachineTag(name);
    const namespace = tag?.namespace.toLowerCase();
    if (namespace === 'tlp' && tag?.predicate === null && tlpOfMispValue.has(tag.value.toLowerCase()))
      continue;
    if (namespace === 'misp-galaxy' && tag?.predicate === 'disarm-techniques') {
      const cluster = disarmClusterByValue(tag.value);
      if (cluster) {
        reading.techniqueIds.push(cluster.meta.external_id);
        continue;
      }
    }
    if (namespace === 'admiralty-scale' && tag?.predicate === 'source-reliability') {
      const value = tag.value.toLowerCase();
      const letter = value.toUpperCase();
      if (
        isAdmiraltyValue('source-reliability', value) &&
        (sourceReliabilities as readonly string[]).includes(letter)
      ) {
        reading.sourceReliability = letter;
        continue;
      }
    }
    if (namespace === 'admiralty-scale' && tag?.predicate === 'information-credibility') {
      if (isAdmiraltyValue('information-credibility', tag.value)) {
        reading.informationCredibility = Number(tag.value);
        continue;
      }
    }
    if (namespace === OUR_NAMESPACE && tag?.predicate) {
      const { predicate, value } = tag;
      if (predicate === 'disarm-technique' && /^T\d{4}(\.\d{3})?$/.test(value)) {
        reading.techniqueIds.push(value);
        continue;
      }
      if (predicate === 'domain' && (incidentDomains as readonly string[]).includes(value)) {
        reading.domains.push(value);
        continue;
      }
      if (predicate === 'category' && categoryByKey.has(value)) {
        reading.category = value;
        continue;
      }
      if (predicate === 'severity' && /^[1-5]$/.test(value)) {
        reading.severity = Number(value);
        continue;
      }
      if (predicate === 'election' && /^[a-z][a-z0-9-]{2,79}$/.test(value)) {
        reading.electionSlug = value;
        continue;
      }
    }
    reading.labels.push(name);
  }
  return reading;
};

/** DISARM technique ids of an event's Galaxy blocks (MISP writes them next to the tags). */
export const techniquesOfGalaxies = (event: MispEventIn): string[] =>
  (event.Galaxy ?? [])
    .filter((g) => g.type === 'disarm-techniques')
    .flatMap((g) => g.GalaxyCluster ?? [])
    .flatMap((c) => {
      const external = c.meta?.external_id;
      const ids = Array.isArray(external) ? external : external ? [external] : [];
      if (ids.length > 0) return ids;
      const cluster = (c.uuid && disarmClusterByUuid(c.uuid)) || (c.value && disarmClusterByValue(c.value));
      return cluster ? [cluster.meta.external_id] : [];
    });
