import type { Logger } from 'pino';
import { compareTlp } from '../../../shared/access/tlp.js';
import type { Locale } from '../../../shared/contracts/common.js';
import type { LocalisedText } from '../../../shared/contracts/sitreps.js';
import { toIncidentId } from '../../../shared/contracts/incident-enums.js';
import type { Partner } from '../../../shared/contracts/exchange-partners.js';
import type { ServiceContext } from '../../context.js';
import type { Db } from '../../db/connection.js';
import type { Auth } from '../auth/auth-instance.js';
import { importBundle } from '../exchange/import/bundle-import.js';
import { acceptWorkbenchItem } from '../exchange/import/workbench-decisions.js';
import { createPartner, createPartnerToken, listPartners } from '../exchange/partners/partner-service.js';
import {
  approveRelease,
  holdRelease,
  proposeReleaseFor,
  redactRelease,
} from '../exchange/releases/release-service.js';
import { addObjects, loadCollection } from '../exchange/taxii/taxii-service.js';
import { getSitrep, updateSitrep, writeSection } from '../sitreps/sitrep-service.js';
import {
  approveSitrep,
  createSanitisedVariant,
  distributeSitrep,
  lowerMarking,
  submitSitrep,
} from '../sitreps/sitrep-workflow.js';
import {
  ecneObjects,
  virtBundle,
  virtHacktivistIncidentId,
  type DisarmRef,
} from './demo-exchange-bundles.js';
import { demoContext } from './demo-incidents.js';

const electionVirt = {
  name: 'Election-VIRT',
  description:
    'Vaali-VIRT-verkoston tiedonvaihto eurooppalaisten kumppanien kanssa: EU-maiden vaaliviranomaisten ja CERT-organisaatioiden yhteyshenkilöt saavat verkoston kautta hyväksytyt tapaukset ja jaetut tilannekatsaukset. Yksityishenkilöiden henkilötiedot poistetaan aina, ja jokainen luovutus hyväksytään erikseen. Verkosto lähettää omat havaintonsa viikoittain STIX-pakettina.',
  contact: 'Vaali-VIRT-päivystys, vaali-virt@om.example',
  tlpCeiling: 'green' as const,
  recordTypes: ['incident' as const, 'sitrep' as const],
  redactedFields: ['personal_data' as const],
  requiresApproval: true,
  defaultImportTlp: 'amber' as const,
};

const ecne = {
  name: 'Euroopan vaaliyhteistyöverkosto (ECNE)',
  description:
    'European Cooperation Network on Elections: EU-jäsenvaltioiden vaaliviranomaisten yhteistyöverkosto. Vaalien aikana verkoston seurantasolu saa tapaukset TLP:AMBER-tasoon asti ilman erillistä hyväksyntää (vain tapaukset, ei tilannekatsauksia) ja lähettää omat havaintonsa TAXII-kokoelmaan tarkastettaviksi.',
  contact: 'ECNE-sihteeristö, ecne-secretariat@ec.example',
  tlpCeiling: 'amber' as const,
  recordTypes: ['incident' as const],
  redactedFields: [],
  requiresApproval: false,
  defaultImportTlp: 'amber' as const,
  inboundCollection: true,
};

const disarm = async (db: Db, ids: string[]): Promise<Map<string, DisarmRef>> =>
  new Map(
    (
      await db
        .selectFrom('disarmTechniques')
        .select(['id', 'name', 'stixId', 'url'])
        .where('id', 'in', ids)
        .execute()
    ).map((t) => [t.id, t]),
  );

/** A demo incident by the beginning of its title (demo-incidents.ts). */
const incidentTitled = async (db: Db, prefix: string): Promise<string> => {
  const row = await db
    .selectFrom('incidents')
    .select('id')
    .where('title', 'like', `${prefix}%`)
    .orderBy('createdAt')
    .executeTakeFirstOrThrow(() => new Error(`demo incident "${prefix}…" is missing`));
  return toIncidentId(row.id);
};

/**
 * What the partners sent: Election-VIRT's weekly bundle, uploaded by the coordinator (one of its
 * incidents accepted into the picture, the other waiting), and ECNE's report of a campaign against
 * postal voting, posted to its TAXII collection (waiting for review).
 */
const receive = async (ctx: ServiceContext, virt: Partner, network: Partner) => {
  const now = ctx.now();
  const bundle = virtBundle(now);
  await importBundle(ctx, { source: 'file', partnerId: virt.id }, bundle);
  const item = await ctx.db
    .selectFrom('workbenchItems')
    .select('id')
    .where('ownerOrganisationId', '=', ctx.actor.organisationId)
    .where('stixId', '=', virtHacktivistIncidentId)
    .where('status', '=', 'pending')
    .executeTakeFirstOrThrow();
  await acceptWorkbenchItem(ctx, item.id, {
    note: 'Otettu tilannekuvaan. NCSC-FI:lle ja vaalitulospalvelun ylläpitäjälle ilmoitettu; suodatus valmiustilassa.',
  });

  const techniques = await disarm(ctx.db, ['T0098.001', 'T0049.003']);
  // The partner's connector has a token of its own; its secret is never kept or shown.
  const { id: tokenId } = await createPartnerToken(ctx, network.id, { name: 'ECNE:n OpenCTI-liitin' });
  const taxiiPartner = {
    id: network.id,
    name: network.name,
    ownerOrganisationId: network.ownerOrganisationId,
    tlpCeiling: network.tlpCeiling,
    defaultImportTlp: network.defaultImportTlp,
    tokenId,
  };
  const inbound = network.collections.find((c) => c.canWrite)!;
  await addObjects(
    ctx.db,
    taxiiPartner,
    await loadCollection(ctx.db, taxiiPartner, inbound.id, 'write'),
    {
      objects: ecneObjects(now, {
        inauthenticSite: techniques.get('T0098.001')!,
        botAmplification: techniques.get('T0049.003')!,
      }),
    },
    { requestId: null, sourceIp: null, actorUserId: null, actorOrganisationId: null },
  );
};

const partnerSectionText: LocalisedText = {
  fi: 'Tapauskohtaiset tiedot on jätetty pois kumppaneille tarkoitetusta versiosta. Verkostolle luovutetut tapaukset toimitetaan erikseen.',
  sv: 'Uppgifter om enskilda incidenter har utelämnats ur versionen för partner. Incidenter som lämnas ut till nätverket levereras separat.',
  en: 'Details of individual incidents are left out of the partner version. Incidents released to the network are delivered separately.',
};

/** Sections of the daily report that name incidents: the partner version says only that they are left out. */
const incidentSections = new Set([
  'information_influence',
  'cyber',
  'physical',
  'process',
  'notable_incidents',
]);

/**
 * The partner version's text of a section: no incident details, and no correction note (the
 * partner never received the version it corrects).
 */
const partnerText = (key: string, body: string, language: Locale): string =>
  incidentSections.has(key) ? partnerSectionText[language] : body.split('\n\n**')[0]!;

/**
 * The distributed daily report as the partner may receive it: the report itself when its marking is
 * within the agreement's ceiling, else a sanitised variant written for the network (incident
 * details left out, the lower marking approved with its reason), distributed to the Vaali-VIRT
 * community. null when there is no daily report.
 */
const dailyReportFor = async (ctx: ServiceContext, partner: Partner): Promise<string | null> => {
  const daily = await ctx.db
    .selectFrom('sitreps')
    .select(['id', 'tlp'])
    .where('kind', '=', 'daily')
    .where('status', '=', 'distributed')
    .where('sanitisedFromId', 'is', null)
    .where('ownerOrganisationId', '=', ctx.actor.organisationId)
    .orderBy('createdAt', 'desc')
    .executeTakeFirst();
  const community = await ctx.db
    .selectFrom('communities')
    .select('id')
    .where('nameEn', '=', 'Election-VIRT')
    .executeTakeFirst();
  if (!daily || !community) return null;
  if (compareTlp(daily.tlp, partner.tlpCeiling) <= 0) return daily.id;

  const { id } = await createSanitisedVariant(ctx, daily.id);
  await lowerMarking(ctx, id, {
    tlp: 'green',
    reason:
      'Kumppaniversio Election-VIRT-verkostolle: tapauskohtaiset tiedot poistettu; arviot, uhkatasot ja suositukset voidaan jakaa TLP:GREEN-tasolla.',
  });
  const variant = await getSitrep(ctx, id);
  const draft = (
    await updateSitrep(ctx, id, {
      revision: variant.draft!.revision,
      title: {
        fi: `${variant.title.fi} – kumppaniversio`,
        sv: `${variant.title.sv} – partnerversion`,
        en: `${variant.title.en} – partner version`,
      },
      recipients: { organisations: [], communities: [community.id] },
    })
  ).draft!;
  for (const section of draft.sections) {
    let revision = section.revision;
    for (const language of ['fi', 'sv', 'en'] as Locale[]) {
      const body = partnerText(section.key, section.body[language], language);
      if (body === section.body[language]) continue;
      revision = (await writeSection(ctx, id, section.key, { language, body, baseRevision: revision }))
        .revision;
    }
  }
  await submitSitrep(ctx, id);
  await approveSitrep(ctx, id, {});
  await distributeSitrep(ctx, id);
  return id;
};

/**
 * What the coordinator let flow, and what waits: Election-VIRT (approval required) has the OM's
 * own incident and the daily report (its GREEN partner version) released, a deepfake incident held and the
 * denial-of-service incident pending with a further redaction; ECNE (no approval) received the
 * fake-ads incident at once. Every proposal goes through the release rules for the coordinator.
 */
const release = async (ctx: ServiceContext, virt: Partner, network: Partner) => {
  const propose = (partner: Partner, recordType: 'incident' | 'sitrep', recordId: string) =>
    proposeReleaseFor(ctx, { partnerId: partner.id, recordType, recordId });

  const ownIncident = await propose(
    virt,
    'incident',
    await incidentTitled(ctx.db, 'Äänioikeusilmoituksissa väärä'),
  );
  await approveRelease(ctx, ownIncident.id);

  const report = await dailyReportFor(ctx, virt);
  if (report) await approveRelease(ctx, (await propose(virt, 'sitrep', report)).id);

  await propose(network, 'incident', await incidentTitled(ctx.db, 'Valeiden vaalimainosten sarja'));

  const deepfake = await propose(
    virt,
    'incident',
    await incidentTitled(ctx.db, 'Deepfake video of a party leader'),
  );
  await holdRelease(ctx, deepfake.id, {
    reason:
      'Valtioneuvoston kanslia johtaa tapauksen käsittelyä: odotetaan sen suostumusta ennen luovutusta verkostolle.',
  });

  const denialOfService = await propose(
    virt,
    'incident',
    await incidentTitled(ctx.db, 'Palvelunestohyökkäys vaalit.fi-palveluun'),
  );
  await redactRelease(ctx, denialOfService.id, { fields: ['organisations'], omitObjectIds: [] });
};

/**
 * The exchange of the demo community (PRODUCT.md): the OM coordinator's agreements with
 * Election-VIRT and ECNE, what was received from them into the review queue and what was released
 * to them. Through the services, as the coordinator would; skipped when the agreements exist.
 */
export const seedDemoExchange = async (db: Db, auth: Auth, log: Logger): Promise<void> => {
  const ctx = await demoContext(db, auth, log, 'coordinator@om.example');
  if ((await listPartners(ctx)).items.length > 0) return;
  const virt = await createPartner(ctx, electionVirt);
  const network = await createPartner(ctx, ecne);
  await receive(ctx, virt, network);
  await release(ctx, virt, network);
  log.info({ partners: [virt.name, network.name] }, 'demo exchange with partners loaded');
};
