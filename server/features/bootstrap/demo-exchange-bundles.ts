import type { Tlp } from '../../../shared/access/tlp.js';
import { deterministicStixId } from '../observables/observable-stix-id.js';
import { incidentCoreExtensionDefinition, incidentCoreExtensionId } from '../exchange/stix/incident-core.js';
import { tlp2ExtensionDefinition, tlp2Marking, tlp2MarkingId } from '../exchange/stix/stix-markings.js';
import { stixTime, type StixObject } from '../exchange/stix/stix-types.js';

/**
 * What the demo's partners send: STIX 2.1 objects as a partner's OpenCTI or MISP would write them.
 * Everything here is FICTIONAL, made up for the demo: the incidents, the accounts, the sites (all
 * under the reserved .example domain) and the partners' identities. Only the DISARM techniques are
 * real (their ids come from the framework loaded in the database). Times are relative to the
 * moment the demo is loaded, so that the review queue looks recent whenever it is started.
 */

export interface DisarmRef {
  id: string;
  name: string;
  stixId: string;
  url: string;
}

const hoursBefore = (now: Date, hours: number) => stixTime(new Date(now.getTime() - hours * 3600_000));

const markedWith = (tlp: Tlp) => ({ object_marking_refs: [tlp2MarkingId(tlp)] });

const url = (value: string, tlp: Tlp): StixObject => ({
  type: 'url',
  spec_version: '2.1',
  id: deterministicStixId('url', { value }),
  value,
  ...markedWith(tlp),
});

const domain = (value: string, tlp: Tlp): StixObject => ({
  type: 'domain-name',
  spec_version: '2.1',
  id: deterministicStixId('domain-name', { value }),
  value,
  ...markedWith(tlp),
});

const account = (platform: string, handle: string, tlp: Tlp): StixObject => {
  const properties = { account_type: platform, user_id: handle, account_login: handle };
  return {
    type: 'user-account',
    spec_version: '2.1',
    id: deterministicStixId('user-account', properties),
    ...properties,
    ...markedWith(tlp),
  };
};

/** A DISARM technique as a partner with the DISARM framework loaded sends it. */
const attackPattern = (technique: DisarmRef): StixObject => ({
  type: 'attack-pattern',
  spec_version: '2.1',
  id: technique.stixId,
  created: '2024-11-22T16:43:58.090Z',
  modified: '2024-11-22T16:43:58.090Z',
  name: technique.name,
  external_references: [{ source_name: 'mitre-attack', external_id: technique.id, url: technique.url }],
});

const incidentCore = (criticality: number) => ({
  [incidentCoreExtensionId]: {
    extension_type: 'property-extension',
    determination: 'suspected',
    investigation_status: 'open',
    criticality,
  },
});

/** The observations behind an incident: what was seen (observed-data) and that the partner saw it (sighting). */
const sightingOf = (
  ids: { observedData: string; sighting: string },
  incident: StixObject,
  observables: readonly StixObject[],
  seen: { by: string; first: string; last: string; count: number; at: string; tlp: Tlp },
): StixObject[] => [
  {
    type: 'observed-data',
    spec_version: '2.1',
    id: ids.observedData,
    created_by_ref: seen.by,
    created: seen.at,
    modified: seen.at,
    first_observed: seen.first,
    last_observed: seen.last,
    number_observed: seen.count,
    object_refs: observables.map((o) => o.id),
    ...markedWith(seen.tlp),
  },
  {
    type: 'sighting',
    spec_version: '2.1',
    id: ids.sighting,
    created_by_ref: seen.by,
    created: seen.at,
    modified: seen.at,
    first_seen: seen.first,
    last_seen: seen.last,
    count: seen.count,
    sighting_of_ref: incident.id,
    observed_data_refs: [ids.observedData],
    where_sighted_refs: [seen.by],
    ...markedWith(seen.tlp),
  },
];

const uses = (id: string, incident: StixObject, technique: DisarmRef, by: string, at: string, tlp: Tlp) => ({
  type: 'relationship',
  spec_version: '2.1',
  id,
  created_by_ref: by,
  created: at,
  modified: at,
  relationship_type: 'uses',
  source_ref: incident.id,
  target_ref: technique.stixId,
  ...markedWith(tlp),
});

export const ecneIdentityId = 'identity--8dce893b-49b3-4247-952d-fe0548abe2d4';
export const ecnePostalVoteIncidentId = 'incident--d30986d5-bb4e-4958-9873-9e8971be0970';

/**
 * The ECNE monitoring cell's report of a coordinated campaign against postal voting in another
 * member state (TLP:AMBER), with the accounts and the imitation news site, and the DISARM
 * techniques it used: the same claim as the Finnish "postal votes are destroyed" incident.
 */
export const ecneObjects = (
  now: Date,
  techniques: { inauthenticSite: DisarmRef; botAmplification: DisarmRef },
): StixObject[] => {
  const tlp: Tlp = 'amber';
  const at = hoursBefore(now, 20);
  const by = ecneIdentityId;
  const identity: StixObject = {
    type: 'identity',
    spec_version: '2.1',
    id: by,
    created: '2025-01-15T09:00:00.000Z',
    modified: '2025-01-15T09:00:00.000Z',
    name: 'European Cooperation Network on Elections – monitoring cell',
    identity_class: 'organization',
    sectors: ['government-national'],
  };
  const incident: StixObject = {
    type: 'incident',
    spec_version: '2.1',
    id: ecnePostalVoteIncidentId,
    created_by_ref: by,
    created: hoursBefore(now, 26),
    modified: at,
    name: 'Coordinated claims that postal votes from abroad are destroyed unopened',
    description:
      'Since three days before election day in a member state (named in the ECNE channel only), about 40 accounts created in the same week have posted near-identical claims that postal votes sent from abroad are "shredded unopened" at the central election commission. The posts link to an article on a site imitating a national news outlet. The election authority has published a rebuttal.\n\nThe same text template has since appeared in Finnish and Swedish translations: the campaign may be reused in other member states.',
    labels: ['election-interference', 'fimi', 'postal-voting'],
    confidence: 70,
    lang: 'en',
    extensions: incidentCore(80),
    ...markedWith(tlp),
  };
  const observables = [
    url('https://dailynews-eu.example/2027/postal-votes-shredded', tlp),
    domain('dailynews-eu.example', tlp),
    account('twitter', 'ballot_truth_eu', tlp),
    account('telegram', 'postalvote_leaks', tlp),
  ];
  return [
    identity,
    tlp2ExtensionDefinition,
    tlp2Marking(tlp),
    incidentCoreExtensionDefinition,
    incident,
    ...observables,
    ...sightingOf(
      {
        observedData: 'observed-data--28a50813-6802-4c3f-8872-e9f2917ccf56',
        sighting: 'sighting--26c2ba81-90a8-47fa-b614-b036287eaac9',
      },
      incident,
      observables,
      { by, first: hoursBefore(now, 80), last: hoursBefore(now, 22), count: 214, at, tlp },
    ),
    attackPattern(techniques.inauthenticSite),
    attackPattern(techniques.botAmplification),
    uses(
      'relationship--c86ef5c0-1700-4e02-9fd8-4393c1bf57cb',
      incident,
      techniques.inauthenticSite,
      by,
      at,
      tlp,
    ),
    uses(
      'relationship--cb3fcde4-e8a1-450d-a8d5-32bd430da957',
      incident,
      techniques.botAmplification,
      by,
      at,
      tlp,
    ),
    {
      type: 'note',
      spec_version: '2.1',
      id: 'note--596e787b-6d28-4cb2-980f-c6607a821b63',
      created_by_ref: by,
      created: at,
      modified: at,
      abstract: 'Rebuttal published',
      content:
        'The election authority of the member state published a rebuttal on its website and in social media; the platforms have been notified of the accounts.',
      object_refs: [incident.id],
      ...markedWith(tlp),
    },
  ];
};

export const virtIdentityId = 'identity--62513cb6-734a-40ea-bca7-93e2183a1579';
export const virtHacktivistIncidentId = 'incident--b01613ed-bdd7-403e-a143-6e8972260c49';
export const virtLookalikeIncidentId = 'incident--9c9d53e1-87f9-4cc7-987e-b180aa7d7c13';

/**
 * The Election-VIRT network's weekly bundle (TLP:GREEN): a hacktivist group's announced campaign
 * of denial-of-service attacks on Nordic election sites, and look-alike domains of municipal
 * election pages, with Finnish and Swedish translations.
 */
export const virtBundle = (now: Date): { type: 'bundle'; id: string; objects: StixObject[] } => {
  const tlp: Tlp = 'green';
  const by = virtIdentityId;
  const at = hoursBefore(now, 50);
  const identity: StixObject = {
    type: 'identity',
    spec_version: '2.1',
    id: by,
    created: '2025-02-01T08:00:00.000Z',
    modified: '2025-02-01T08:00:00.000Z',
    name: 'Election-VIRT network',
    identity_class: 'group',
  };
  const hacktivists: StixObject = {
    type: 'incident',
    spec_version: '2.1',
    id: virtHacktivistIncidentId,
    created_by_ref: by,
    created: hoursBefore(now, 54),
    modified: at,
    name: 'Hacktivist channel lists Nordic election websites as targets for the coming week',
    description:
      'A pro-Russian hacktivist Telegram channel published a list of election-related websites of Finland, Sweden and Denmark (election authorities, results services, two municipalities) as targets of denial-of-service attacks "until the votes are counted". Earlier announcements of the same channel were followed by HTTP floods within 24 hours.',
    labels: ['ddos', 'hacktivism'],
    confidence: 85,
    lang: 'en',
    extensions: incidentCore(60),
    ...markedWith(tlp),
  };
  const lookalikes: StixObject = {
    type: 'incident',
    spec_version: '2.1',
    id: virtLookalikeIncidentId,
    created_by_ref: by,
    created: hoursBefore(now, 52),
    modified: at,
    name: 'Look-alike domains of municipal election pages registered before advance voting',
    description:
      'Three domains imitating the election pages of Finnish municipalities were registered through the same registrar within an hour. None serves content yet; the registrant details are hidden. Similar domains preceded phishing of election officials in earlier elections.',
    labels: ['typosquatting', 'phishing'],
    confidence: 60,
    lang: 'en',
    extensions: incidentCore(40),
    ...markedWith(tlp),
  };
  const channel = account('telegram', 'nordhacktiv_ops', tlp);
  const domains = [
    domain('vaalit-helsinki.example', tlp),
    domain('ennakkoaanestys-espoo.example', tlp),
    domain('val-vanda.example', tlp),
  ];
  return {
    type: 'bundle',
    id: 'bundle--558c903f-00cd-427d-994d-344077012a2d',
    objects: [
      identity,
      tlp2ExtensionDefinition,
      tlp2Marking(tlp),
      incidentCoreExtensionDefinition,
      hacktivists,
      channel,
      ...sightingOf(
        {
          observedData: 'observed-data--99d2adfa-87af-474e-a7fb-f5350853a4b8',
          sighting: 'sighting--ac5c0a34-0472-4610-95b7-9203f0197d1f',
        },
        hacktivists,
        [channel],
        { by, first: hoursBefore(now, 56), last: hoursBefore(now, 55), count: 1, at, tlp },
      ),
      lookalikes,
      ...domains,
      ...sightingOf(
        {
          observedData: 'observed-data--ce0cdd6b-e698-4bb8-8931-9332048d6ef9',
          sighting: 'sighting--fedb750c-e044-43aa-bd3d-bd80b60fb7cd',
        },
        lookalikes,
        domains,
        { by, first: hoursBefore(now, 60), last: hoursBefore(now, 59), count: 3, at, tlp },
      ),
      {
        type: 'language-content',
        spec_version: '2.1',
        id: 'language-content--db5c1927-d274-405c-86ed-b3e08e4cca47',
        created_by_ref: by,
        created: at,
        modified: at,
        object_ref: lookalikes.id,
        object_modified: at,
        contents: {
          fi: {
            name: 'Kuntien vaalisivuja jäljitteleviä verkkotunnuksia rekisteröity ennen ennakkoäänestystä',
            description:
              'Kolme kuntien vaalisivuja jäljittelevää verkkotunnusta rekisteröitiin saman rekisterinpitäjän kautta tunnin sisällä. Ne eivät vielä näytä sisältöä, ja rekisteröijän tiedot on piilotettu. Vastaavat verkkotunnukset ovat aiemmissa vaaleissa edeltäneet vaalivirkailijoihin kohdistunutta tietojenkalastelua.',
          },
          sv: {
            name: 'Domäner som efterliknar kommunernas valsidor registrerade före förhandsröstningen',
            description:
              'Tre domäner som efterliknar kommunernas valsidor registrerades via samma registrar inom en timme. De visar ännu inget innehåll och registrantens uppgifter är dolda. Liknande domäner har vid tidigare val föregått nätfiske riktat mot valfunktionärer.',
          },
        },
        ...markedWith(tlp),
      },
    ],
  };
};
