import type { Logger } from 'pino';
import type { Role } from '../../../shared/access/roles.js';
import type { CreateIncident, UpdateIncident } from '../../../shared/contracts/incidents.js';
import type { ServiceContext } from '../../context.js';
import type { Db } from '../../db/connection.js';
import type { Auth } from '../auth/auth-instance.js';
import { createIncident, reportIncident, updateIncident } from '../incidents/incident-service.js';

/**
 * Demo incidents for the 2027 parliamentary election, modelled on public events of recent Finnish
 * and European elections (denial-of-service attacks on election sites, fake campaign ads, false
 * claims of missing votes), under every marking. Created through the incident service, so that
 * each has its event history.
 */
interface DemoIncident {
  author: string;
  incident: Omit<CreateIncident, 'sharedWith'> & {
    sharedWith?: { organisations?: string[]; communities?: string[]; users?: string[] };
    lead?: string;
  };
  then?: Omit<UpdateIncident, 'version'>[];
}

const demoIncidents: DemoIncident[] = [
  {
    author: 'analyst@ncsc.example',
    incident: {
      title: 'Palvelunestohyökkäys vaalit.fi-palveluun ennakkoäänestyksen alkaessa',
      description:
        'Vaalit.fi-palveluun kohdistui noin klo 9.05 alkaen palvelunestohyökkäys (HTTP-tulva, huippu n. 180 000 pyyntöä/s). Palvelu oli hidas noin 25 minuuttia; sisältöä ei muutettu.\n\nHyökkäyksestä ilmoitettiin etukäteen **NoName057(16)**-ryhmän Telegram-kanavalla. Suodatus on kytketty päälle palveluntarjoajan kanssa.',
      domains: ['cyber'],
      category: 'denial_of_service',
      severity: 3,
      impactOnConduct: 'minor',
      impactOnConfidence: 'minor',
      sourceReliability: 'A',
      informationCredibility: 1,
      areaCodes: [],
      tlp: 'green',
      sharedWith: { communities: ['Election-VIRT'] },
      lead: 'NCSC-FI',
    },
    then: [{ status: 'responding' }, { status: 'monitoring' }],
  },
  {
    author: 'analyst@ncsc.example',
    incident: {
      title: 'Tulospalvelun rajapintaan kohdistuva kuormitus vaali-iltana',
      description:
        'Tulospalvelun julkiseen rajapintaan tuli klo 20.10–20.40 poikkeuksellisen paljon pyyntöjä muutamasta autonomisesta järjestelmästä. Välimuisti kesti; tulokset julkaistiin aikataulussa.',
      domains: ['cyber', 'process'],
      category: 'denial_of_service',
      severity: 2,
      impactOnConduct: 'none',
      impactOnConfidence: 'minor',
      sourceReliability: 'A',
      informationCredibility: 2,
      tlp: 'amber',
      sharedWith: { organisations: ['OM', 'DVV'] },
      lead: 'NCSC-FI',
    },
    then: [{ status: 'closed', closingReason: 'resolved' }],
  },
  {
    author: 'analyst@supo.example',
    incident: {
      title: 'Valeiden vaalimainosten sarja: ehdokkaiden kasvoilla markkinoidaan sijoitushuijausta',
      description:
        'Sosiaalisen median mainosverkostossa kiertää mainoksia, joissa kolmen kansanedustajaehdokkaan kuvia ja tekoälyllä tehtyä ääntä käytetään sijoitushuijauksen markkinointiin. Mainokset ohjaavat uutissivustoa jäljitteleville sivuille.\n\nMainoksia on raportoitu alustalle; osa poistettiin, uusia ilmestyy samoilta tileiltä.',
      domains: ['information_influence'],
      category: 'fake_campaign_material',
      severity: 3,
      impactOnConduct: 'none',
      impactOnConfidence: 'moderate',
      sourceReliability: 'B',
      informationCredibility: 2,
      areaCodes: ['KU091', 'KU049'],
      tlp: 'green',
      sharedWith: { communities: ['Information influence network', 'Cooperation group'] },
      lead: 'Supo',
    },
    then: [{ status: 'investigating' }],
  },
  {
    author: 'analyst@supo.example',
    incident: {
      title: '”Postiäänet hävitetään” – väite leviää koordinoidusti',
      description:
        'Useilla uusilla tileillä jaetaan samansisältöistä väitettä, että ulkomailta lähetettyjä postiääniä hävitetään. Tilit on luotu saman viikon aikana ja ne julkaisevat samoina minuutteina.\n\nOikeusministeriö on julkaissut oikaisun vaalit.fi:ssä.',
      domains: ['information_influence'],
      category: 'coordinated_inauthentic_behaviour',
      severity: 4,
      impactOnConduct: 'minor',
      impactOnConfidence: 'major',
      sourceReliability: 'C',
      informationCredibility: 3,
      tlp: 'amber',
      sharedWith: { organisations: ['OM', 'VNK', 'NCSC-FI'] },
      lead: 'Supo',
    },
    then: [{ status: 'investigating' }, { severity: 4 }],
  },
  {
    author: 'analyst@supo.example',
    incident: {
      title: 'Ulkomaisen tiedustelupalvelun yhteydenotot ehdokkaan kampanjaan',
      description: 'Tiedot rajattu. Yhteyshenkilö: Supon päivystys.',
      domains: ['information_influence'],
      category: 'other',
      severity: 4,
      impactOnConduct: 'none',
      impactOnConfidence: 'moderate',
      sourceReliability: 'B',
      informationCredibility: 3,
      tlp: 'red',
      sharedWith: { users: ['coordinator@om.example'] },
      lead: 'Supo',
    },
  },
  {
    author: 'analyst@poliisi.example',
    incident: {
      title: 'Ehdokkaaseen kohdistunut uhkaus vaalitilaisuudessa Tampereella',
      description:
        'Ehdokasta uhattiin sanallisesti torilla järjestetyssä vaalitilaisuudessa. Poliisi otti epäillyn kiinni paikalla; asia tutkitaan laittomana uhkauksena.',
      domains: ['physical'],
      category: 'threats_to_candidates_or_officials',
      severity: 3,
      impactOnConduct: 'minor',
      impactOnConfidence: 'minor',
      sourceReliability: 'A',
      informationCredibility: 1,
      areaCodes: ['KU837'],
      tlp: 'amber+strict',
      sharedWith: { organisations: ['OM', 'Supo'] },
      lead: 'POHA',
    },
    then: [{ status: 'investigating' }],
  },
  {
    author: 'analyst@poliisi.example',
    incident: {
      title: 'Vaalimainoksia töhritty ja revitty useissa kaupunginosissa',
      description:
        'Ilkivaltaa vaalimainostelineisiin Espoossa ja Vantaalla yön aikana. Ei viitteitä koordinoidusta toiminnasta.',
      domains: ['physical'],
      category: 'campaign_material_damage',
      severity: 1,
      impactOnConduct: 'none',
      impactOnConfidence: 'none',
      sourceReliability: 'A',
      informationCredibility: 2,
      areaCodes: ['KU049', 'KU092'],
      tlp: 'clear',
    },
    then: [{ status: 'closed', closingReason: 'out_of_scope' }],
  },
  {
    author: 'coordinator@om.example',
    incident: {
      title: 'Äänioikeusilmoituksissa väärä ennakkoäänestyspaikan aukioloaika',
      description:
        'Yhden kunnan äänioikeusilmoituksiin painui väärä aukioloaika kahdelle ennakkoäänestyspaikalle. Kunta tiedottaa oikeat ajat verkkosivuillaan ja paikallislehdessä.',
      domains: ['process'],
      category: 'voter_register_error',
      severity: 2,
      impactOnConduct: 'minor',
      impactOnConfidence: 'minor',
      sourceReliability: 'A',
      informationCredibility: 1,
      areaCodes: ['KU405'],
      tlp: 'green',
      sharedWith: { communities: ['Cooperation group'] },
      lead: 'OM',
    },
    then: [{ status: 'responding' }],
  },
  {
    author: 'analyst@ncsc.example',
    incident: {
      title: 'Nätfiske mot valnämndernas e-post i Österbotten',
      description:
        'Flera centralvalnämnder i Österbotten fick e-post som utgav sig för att komma från justitieministeriet och bad om inloggningsuppgifter till valdatasystemet. Länken ledde till en falsk inloggningssida.',
      domains: ['cyber'],
      category: 'phishing',
      severity: 3,
      impactOnConduct: 'minor',
      impactOnConfidence: 'none',
      sourceReliability: 'B',
      informationCredibility: 2,
      areaCodes: ['KU905', 'KU598'],
      tlp: 'amber',
      sharedWith: { organisations: ['OM', 'DVV'] },
      lead: 'NCSC-FI',
    },
    then: [{ status: 'investigating' }],
  },
  {
    author: 'analyst@supo.example',
    incident: {
      title: 'Deepfake video of a party leader conceding defeat circulates on election night',
      description:
        'A manipulated video showing a party leader conceding defeat before the count was published on a video platform at 19:40 and shared by accounts that earlier amplified other election narratives. The party has denied it.',
      domains: ['information_influence'],
      category: 'deepfake',
      severity: 4,
      impactOnConduct: 'none',
      impactOnConfidence: 'major',
      sourceReliability: 'B',
      informationCredibility: 2,
      tlp: 'green',
      sharedWith: { communities: ['Information influence network'] },
      lead: 'VNK',
    },
  },
];

const reports = [
  {
    whatHappened:
      'Äänestyspaikan ovelle oli teipattu lappu, jonka mukaan äänestys on siirretty seuraavaan päivään. Vaalitoimitsija poisti lapun heti, mutta muutama äänestäjä ehti kääntyä pois.',
    where: { areaCodes: ['KU091'], place: 'Kallion kirjasto, Helsinki' },
    howDoYouKnow: 'saw_myself' as const,
  },
  {
    whatHappened:
      'En väljare berättade att hon fått ett sms där det stod att hon kan rösta via en länk. Hon visade meddelandet för oss; avsändaren var ett okänt nummer.',
    where: { areaCodes: ['KU091'], place: 'Förhandsröstning i Sörnäs' },
    howDoYouKnow: 'told_by_someone' as const,
  },
];

/** A demo account acting through the services, as if it had signed in. */
export const demoContext = async (
  db: Db,
  auth: Auth,
  log: Logger,
  email: string,
): Promise<ServiceContext> => {
  const u = await db
    .selectFrom('users')
    .select(['id', 'organisationId', 'roles'])
    .where('email', '=', email)
    .executeTakeFirstOrThrow();
  const memberships = await db
    .selectFrom('communityMembers')
    .select('communityId')
    .where('organisationId', '=', u.organisationId)
    .execute();
  return {
    db,
    auth,
    log: log as unknown as ServiceContext['log'],
    now: () => new Date(),
    audit: { requestId: null, sourceIp: null, actorUserId: u.id, actorOrganisationId: u.organisationId },
    actor: {
      userId: u.id,
      organisationId: u.organisationId,
      roles: u.roles as Role[],
      communityIds: memberships.map((m) => m.communityId),
    },
  };
};

export const seedDemoIncidents = async (db: Db, auth: Auth, log: Logger): Promise<void> => {
  const users = await db.selectFrom('users').select(['id', 'email', 'organisationId', 'roles']).execute();
  const organisations = await db.selectFrom('organisations').select(['id', 'shortName']).execute();
  const communities = await db.selectFrom('communities').select(['id', 'nameEn']).execute();
  const election = await db
    .selectFrom('elections')
    .select('id')
    .where('slug', '=', 'parliamentary-2027')
    .executeTakeFirst();
  const org = (short: string) => organisations.find((o) => o.shortName === short)?.id;
  const user = (email: string) => users.find((u) => u.email === email)!;

  const contextOf = (email: string) => demoContext(db, auth, log, email);

  for (const demo of demoIncidents) {
    const ctx = await contextOf(demo.author);
    const { lead, sharedWith, ...fields } = demo.incident;
    const created = await createIncident(ctx, {
      ...fields,
      electionId: election?.id ?? null,
      leadOrganisationId: lead ? (org(lead) ?? null) : null,
      sharedWith: {
        organisations: (sharedWith?.organisations ?? []).map(org).filter((id): id is string => !!id),
        communities: (sharedWith?.communities ?? [])
          .map((name) => communities.find((c) => c.nameEn === name)?.id)
          .filter((id): id is string => !!id),
        users: (sharedWith?.users ?? []).map((email) => user(email).id),
      },
    });
    let version = created.version;
    for (const change of demo.then ?? []) {
      version = (await updateIncident(ctx, created.id, { ...change, version })).version;
    }
  }
  const reporter = await contextOf('reporter@helsinki.example');
  for (const report of reports) {
    await reportIncident(reporter, {
      ...report,
      when: new Date(Date.now() - 3 * 3600_000).toISOString(),
      electionId: election?.id ?? null,
    });
  }
  log.info({ incidents: demoIncidents.length + reports.length }, 'demo incidents loaded');
};
