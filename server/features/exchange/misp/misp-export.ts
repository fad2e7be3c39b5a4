import type { Tlp } from '../../../../shared/access/tlp.js';
import { splitSocialAccount } from '../../../../shared/observables/normalise.js';
import type { Db, Tx } from '../../../db/connection.js';
import {
  loadIncidentForExchange,
  type ExchangeObservable,
  type IncidentExchangeData,
} from '../incident-exchange-data.js';
import type { MispAttribute, MispEvent, MispGalaxyCluster, MispObject, MispTag } from './misp-event.js';
import {
  disarmClusterFile,
  disarmClusterOf,
  disarmGalaxy,
  mispTlpValue,
  tlpTagColour,
  userAccountTemplate,
} from './misp-reference.js';
import {
  analysisOfStatus,
  machineTag,
  mispAttributeOf,
  mispUuid,
  OUR_NAMESPACE,
  threatLevelOfSeverity,
} from './misp-vocabulary.js';

/**
 * An incident as a MISP event (core format): the event uuid is the incident's, so that a partner's
 * MISP updates the same event on every export; attribute and object uuids are UUIDv5 of the
 * incident and the observable's deterministic STIX id, the same on every export and instance.
 */

const GALAXY_TAG_COLOUR = '#0088cc';
const ADMIRALTY_TAG_COLOUR = '#004577';
const OUR_TAG_COLOUR = '#1f5fa6';

const seconds = (date: Date): string => String(Math.floor(date.getTime() / 1000));

const tag = (name: string, colour: string): MispTag => ({ name, colour, exportable: true });

/**
 * MISP's distribution governs where the receiving instance may pass the event on; it follows the
 * marking so that a partner's MISP does not sync further than TLP allows: clear → all communities,
 * green → this community, amber and stricter → the receiving organisation only.
 */
export const distributionOfTlp = (tlp: Tlp): string => (tlp === 'clear' ? '3' : tlp === 'green' ? '1' : '0');

const attributeBase = (uuid: string, at: Date, comment: string) => ({
  uuid,
  to_ids: false,
  distribution: '5',
  sharing_group_id: '0',
  timestamp: seconds(at),
  comment,
  deleted: false,
  disable_correlation: false,
});

const observableAttribute = (incidentId: string, o: ExchangeObservable): MispAttribute | null => {
  if (o.type === 'social_account') return null;
  const { type, category } = mispAttributeOf[o.type];
  return {
    ...attributeBase(mispUuid(incidentId, o.stixId), o.addedAt, o.note),
    type,
    category,
    value: o.value,
  };
};

/** A social-media account: the misp-objects `user-account` template (account-type + username). */
const accountObject = (incidentId: string, o: ExchangeObservable): MispObject => {
  const template = userAccountTemplate();
  const { platform, handle } = splitSocialAccount(o.value);
  const part = (relation: string, value: string): MispAttribute => ({
    ...attributeBase(mispUuid(incidentId, o.stixId, relation), o.addedAt, ''),
    type: template.attributes[relation]!['misp-attribute'],
    category: 'Other',
    value,
    object_relation: relation,
  });
  return {
    uuid: mispUuid(incidentId, o.stixId),
    name: template.name,
    'meta-category': template['meta-category'],
    description: template.description,
    template_uuid: template.uuid,
    template_version: String(template.version),
    timestamp: seconds(o.addedAt),
    distribution: '5',
    sharing_group_id: '0',
    comment: o.note,
    deleted: false,
    Attribute: [part('account-type', platform), part('username', handle)],
  };
};

const techniqueTagsAndClusters = (data: IncidentExchangeData) => {
  const tags: MispTag[] = [];
  const clusters: MispGalaxyCluster[] = [];
  const file = disarmClusterFile();
  for (const technique of data.techniques) {
    const cluster = disarmClusterOf(technique.id);
    if (!cluster) {
      tags.push(tag(machineTag(OUR_NAMESPACE, 'disarm-technique', technique.id), OUR_TAG_COLOUR));
      continue;
    }
    const tagName = machineTag('misp-galaxy', file.type, cluster.value);
    tags.push(tag(tagName, GALAXY_TAG_COLOUR));
    clusters.push({
      uuid: cluster.uuid,
      type: file.type,
      value: cluster.value,
      tag_name: tagName,
      description: cluster.description ?? '',
      source: file.source,
      authors: file.authors,
      version: String(file.version),
      meta: { ...cluster.meta },
    });
  }
  return { tags, clusters };
};

/** The event of an incident's exchange data; pure, so that tests can check it field by field. */
export const mispEventOf = (data: IncidentExchangeData): MispEvent => {
  const attributes = data.observables.flatMap((o) => {
    const attribute = observableAttribute(data.id, o);
    return attribute ? [attribute] : [];
  });
  if (data.description.trim() !== '')
    attributes.unshift({
      ...attributeBase(mispUuid(data.id, 'description'), data.updatedAt, 'Description'),
      type: 'text',
      category: 'Other',
      value: data.description,
    });
  const objects = data.observables
    .filter((o) => o.type === 'social_account')
    .map((o) => accountObject(data.id, o));
  const techniques = techniqueTagsAndClusters(data);
  const galaxy = disarmGalaxy();
  const org = { uuid: data.owner.id, name: data.owner.name.en };
  const newest = Math.max(
    data.updatedAt.getTime(),
    ...data.observables.map((o) => o.addedAt.getTime()),
    ...data.techniques.map((t) => t.addedAt.getTime()),
  );
  const sourceReliability = data.sourceReliability.toLowerCase();
  return {
    Event: {
      uuid: data.id,
      info: data.title,
      date: (data.firstSeen ?? data.createdAt).toISOString().slice(0, 10),
      timestamp: seconds(new Date(newest)),
      published: false,
      publish_timestamp: '0',
      first_publication: '0',
      analysis: analysisOfStatus(data.status),
      threat_level_id: threatLevelOfSeverity(data.severity),
      distribution: distributionOfTlp(data.tlp),
      sharing_group_id: '0',
      attribute_count: String(attributes.length + objects.reduce((n, o) => n + o.Attribute.length, 0)),
      disable_correlation: false,
      Org: org,
      Orgc: org,
      Tag: [
        tag(`tlp:${mispTlpValue[data.tlp]}`, tlpTagColour(mispTlpValue[data.tlp])),
        tag(machineTag('admiralty-scale', 'source-reliability', sourceReliability), ADMIRALTY_TAG_COLOUR),
        tag(
          machineTag('admiralty-scale', 'information-credibility', String(data.informationCredibility)),
          ADMIRALTY_TAG_COLOUR,
        ),
        ...techniques.tags,
        ...data.domains.map((d) => tag(machineTag(OUR_NAMESPACE, 'domain', d), OUR_TAG_COLOUR)),
        tag(machineTag(OUR_NAMESPACE, 'category', data.category), OUR_TAG_COLOUR),
        tag(machineTag(OUR_NAMESPACE, 'severity', String(data.severity)), OUR_TAG_COLOUR),
        ...(data.election
          ? [tag(machineTag(OUR_NAMESPACE, 'election', data.election.slug), OUR_TAG_COLOUR)]
          : []),
      ],
      Attribute: attributes,
      Object: objects,
      Galaxy:
        techniques.clusters.length === 0
          ? []
          : [
              {
                uuid: galaxy.uuid,
                name: galaxy.name,
                type: galaxy.type,
                description: galaxy.description,
                version: String(galaxy.version),
                icon: galaxy.icon,
                namespace: galaxy.namespace,
                GalaxyCluster: techniques.clusters,
              },
            ],
    },
  };
};

/** The MISP event of an incident. No access check: the caller has decided the incident may be read. */
export const incidentMispEvent = async (db: Db | Tx, incidentUuid: string): Promise<MispEvent> =>
  mispEventOf(await loadIncidentForExchange(db, incidentUuid));
