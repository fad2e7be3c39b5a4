import type { Tlp } from '../../../../shared/access/tlp.js';
import { readReferenceFile } from '../../areas/reference-data.js';

/**
 * The MISP vocabularies we speak (reference-data/misp): the `tlp` and `admiralty-scale` taxonomies
 * and the DISARM techniques galaxy. Tag names are built from these files, never typed by hand.
 */

interface TaxonomyFile {
  namespace: string;
  predicates: { value: string; colour?: string }[];
  values?: { predicate: string; entry: { value: string }[] }[];
}

export interface GalaxyFile {
  uuid: string;
  name: string;
  type: string;
  description: string;
  version: number;
  icon: string;
  namespace: string;
}

export interface GalaxyClusterValue {
  uuid: string;
  value: string;
  description?: string;
  meta: { external_id: string; kill_chain?: string[]; refs?: string[] };
}

interface ClusterFile {
  uuid: string;
  type: string;
  source: string;
  authors: string[];
  version: number;
  values: GalaxyClusterValue[];
}

export interface ObjectTemplateFile {
  name: string;
  uuid: string;
  version: number;
  description: string;
  'meta-category': string;
  attributes: Record<string, { 'misp-attribute': string }>;
}

const readJson = <T>(relative: string): T => JSON.parse(readReferenceFile(`misp/${relative}`)) as T;

const load = () => {
  const tlp = readJson<TaxonomyFile>('taxonomies/tlp/machinetag.json');
  const admiralty = readJson<TaxonomyFile>('taxonomies/admiralty-scale/machinetag.json');
  const galaxy = readJson<GalaxyFile>('galaxy/galaxies/disarm-techniques.json');
  const clusters = readJson<ClusterFile>('galaxy/clusters/disarm-techniques.json');
  const userAccount = readJson<ObjectTemplateFile>('objects/user-account/definition.json');
  return {
    tlpColours: new Map(tlp.predicates.map((p) => [p.value, p.colour ?? '#ffffff'])),
    admiraltyValues: new Map((admiralty.values ?? []).map((v) => [v.predicate, v.entry.map((e) => e.value)])),
    galaxy,
    clusters,
    clusterById: new Map(clusters.values.map((c) => [c.meta.external_id, c])),
    clusterByValue: new Map(clusters.values.map((c) => [c.value, c])),
    clusterByUuid: new Map(clusters.values.map((c) => [c.uuid, c])),
    userAccount,
  };
};

let state: ReturnType<typeof load> | undefined;
const reference = () => (state ??= load());

/** Our levels as the MISP `tlp` taxonomy names them (TLP 2.0: clear, amber+strict). */
export const mispTlpValue: Record<Tlp, string> = {
  clear: 'clear',
  green: 'green',
  amber: 'amber',
  'amber+strict': 'amber+strict',
  red: 'red',
};

/** The `tlp:` values that are levels, old and new; ex:chr and unclear are not. */
export const tlpOfMispValue: ReadonlyMap<string, Tlp> = new Map<string, Tlp>([
  ['white', 'clear'],
  ['clear', 'clear'],
  ['green', 'green'],
  ['amber', 'amber'],
  ['amber+strict', 'amber+strict'],
  ['red', 'red'],
]);

export const tlpTagColour = (value: string): string => {
  const colour = reference().tlpColours.get(value);
  if (!colour) throw new Error(`tlp:${value} is not in the MISP tlp taxonomy`);
  return colour;
};

/** True when `value` is an entry of the admiralty-scale predicate (a–g, 1–6). */
export const isAdmiraltyValue = (
  predicate: 'source-reliability' | 'information-credibility',
  value: string,
) => reference().admiraltyValues.get(predicate)?.includes(value) ?? false;

export const disarmGalaxy = (): GalaxyFile => reference().galaxy;

export const disarmClusterFile = () => {
  const { clusters } = reference();
  return {
    uuid: clusters.uuid,
    type: clusters.type,
    source: clusters.source,
    authors: clusters.authors,
    version: clusters.version,
  };
};

/** The galaxy cluster of a DISARM technique id (T0002, T0049.001), if the galaxy has one. */
export const disarmClusterOf = (techniqueId: string): GalaxyClusterValue | undefined =>
  reference().clusterById.get(techniqueId);

/** The cluster a `misp-galaxy:disarm-techniques="…"` tag names, by its value. */
export const disarmClusterByValue = (value: string): GalaxyClusterValue | undefined =>
  reference().clusterByValue.get(value);

/** The galaxy's cluster uuid → cluster, for events that carry a Galaxy block with uuids only. */
export const disarmClusterByUuid = (uuid: string): GalaxyClusterValue | undefined =>
  reference().clusterByUuid.get(uuid.toLowerCase());

/** The misp-objects template `user-account`: how a social-media account travels in MISP. */
export const userAccountTemplate = (): ObjectTemplateFile => reference().userAccount;
