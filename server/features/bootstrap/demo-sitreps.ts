import type { Logger } from 'pino';
import type { Locale } from '../../../shared/contracts/common.js';
import type { LocalisedText } from '../../../shared/contracts/sitreps.js';
import type { Db } from '../../db/connection.js';
import type { Auth } from '../auth/auth-instance.js';
import {
  createSitrep,
  getSitrep,
  removeIncident,
  updateSitrep,
  writeSection,
} from '../sitreps/sitrep-service.js';
import { approveSitrep, correctSitrep, distributeSitrep, submitSitrep } from '../sitreps/sitrep-workflow.js';
import { setThreatLevel } from '../threat-levels/threat-level-service.js';
import { demoContext } from './demo-incidents.js';

/** The coordinator's assessment of the 2027 parliamentary election, per domain. */
const threatLevels = [
  {
    domain: 'information_influence' as const,
    level: 3,
    rationale:
      'Väitteitä kadonneista äänistä ja väärennettyjä vaalimainoksia levitetään koordinoidusti usealla alustalla. Levinneisyys on kasvussa, mutta luottamus vaalien toimittamiseen on toistaiseksi vakaa.',
  },
  {
    domain: 'cyber' as const,
    level: 3,
    rationale:
      'Palvelunestohyökkäykset kuntien ja vaalitulospalvelun sivustoja vastaan ovat jatkuneet ennakkoäänestyksen alusta. Vaikutukset ovat jääneet lyhytaikaisiksi.',
  },
  {
    domain: 'physical' as const,
    level: 2,
    rationale:
      'Yksittäisiä uhkauksia ehdokkaille ja vaalimainosten vahingoittamista. Ei viitteitä järjestäytyneestä toiminnasta.',
  },
  {
    domain: 'process' as const,
    level: 1,
    rationale: 'Vaalien toimittaminen on edennyt aikataulussa. Yksittäiset virheet on korjattu nopeasti.',
  },
];

/** The sections a coordinator writes by hand; the others come pre-filled from the period. */
const written: Record<string, LocalisedText> = {
  key_judgements: {
    fi: '- Informaatiovaikuttaminen keskittyy vaalien luotettavuuden kyseenalaistamiseen: väitteet kadonneista äänistä leviävät nopeasti.\n- Palvelunestohyökkäykset jatkuvat, mutta ne eivät ole haitanneet äänestämistä.\n- Ehdokkaisiin kohdistuva häirintä on lisääntynyt Uudellamaalla.',
    sv: '- Informationspåverkan inriktas på att ifrågasätta valets tillförlitlighet: påståenden om försvunna röster sprids snabbt.\n- Överbelastningsattackerna fortsätter men har inte hindrat röstningen.\n- Trakasserierna mot kandidater har ökat i Nyland.',
    en: '- Information influence focuses on casting doubt on the integrity of the election: claims of missing votes spread quickly.\n- Denial-of-service attacks continue but have not hampered voting.\n- Harassment of candidates has increased in Uusimaa.',
  },
  recommendations: {
    fi: '- Oikeusministeriö oikaisee väitteet kadonneista äänistä vaalit.fi-sivustolla ja sosiaalisessa mediassa.\n- Kunnat varmistavat palvelunestosuojauksen vaalipäivän tulospalvelulle.\n- Poliisi tiedottaa ehdokkaille häirinnän ilmoittamisesta.',
    sv: '- Justitieministeriet bemöter påståendena om försvunna röster på vaalit.fi och i sociala medier.\n- Kommunerna säkerställer skyddet mot överbelastningsattacker för resultattjänsten på valdagen.\n- Polisen informerar kandidaterna om hur trakasserier anmäls.',
    en: '- The Ministry of Justice corrects the claims of missing votes on vaalit.fi and in social media.\n- Municipalities make sure the election-day results service is protected against denial of service.\n- The police inform candidates how to report harassment.',
  },
};

const correction: LocalisedText = {
  fi: '\n\n**Korjaus:** Uudenmaan häirintätapauksia on kolme, ei viisi kuten edellisessä versiossa.',
  sv: '\n\n**Rättelse:** Trakasserifallen i Nyland är tre, inte fem som i den föregående versionen.',
  en: '\n\n**Correction:** there are three harassment cases in Uusimaa, not five as the previous version said.',
};

/**
 * Threat levels and approved, distributed situation reports for the 2027 parliamentary election
 * (PRODUCT.md, demo community): a daily report in two versions (the second a correction, so that
 * the diff shows) and a weekly report, each in Finnish, Swedish and English, sent to the
 * cooperation group. Everything goes through the services, as the coordinator would.
 */
export const seedDemoSitreps = async (db: Db, auth: Auth, log: Logger): Promise<void> => {
  const election = await db
    .selectFrom('elections')
    .select('id')
    .where('slug', '=', 'parliamentary-2027')
    .executeTakeFirst();
  const group = await db
    .selectFrom('communities')
    .select('id')
    .where('nameEn', '=', 'Cooperation group')
    .executeTakeFirst();
  if (!election || !group) return;
  const ctx = await demoContext(db, auth, log, 'coordinator@om.example');
  for (const level of threatLevels) await setThreatLevel(ctx, election.id, level);

  const templates = await db.selectFrom('sitrepTemplates').select(['id', 'key']).execute();
  const templateId = (key: string) => templates.find((t) => t.key === key)!.id;

  const prepare = async (key: string, edit?: (text: LocalisedText, section: string) => LocalisedText) => {
    let report = await createSitrep(ctx, { electionId: election.id, templateId: templateId(key) });
    report = await updateSitrep(ctx, report.id, {
      revision: report.draft!.revision,
      recipients: { organisations: [], communities: [group.id] },
    });
    // What a member of the group may not see cannot go to the group: leave it out, as the check says.
    for (const issue of report.draft!.check.blocking) {
      if (issue.code === 'recipient_may_not_see' && issue.incidentId) {
        report = await removeIncident(ctx, report.id, issue.incidentId).catch(() => report);
      }
    }
    for (const section of report.draft!.sections) {
      const text = written[section.key] ?? section.body;
      for (const language of ['fi', 'sv', 'en'] as Locale[]) {
        const body = (edit ? edit(text, section.key) : text)[language];
        if (body && body !== section.body[language]) {
          const saved = await writeSection(ctx, report.id, section.key, {
            language,
            body,
            baseRevision: section.revision,
          });
          section.revision = saved.revision;
        }
      }
    }
    await submitSitrep(ctx, report.id);
    await approveSitrep(ctx, report.id, {});
    await distributeSitrep(ctx, report.id);
    return report.id;
  };

  const weekly = await prepare('weekly');
  const daily = await prepare('daily');
  // A correction: version 2 of the daily report, with a visible diff against version 1.
  await correctSitrep(ctx, daily);
  const draft = await getSitrep(ctx, daily);
  const judgements = draft.draft!.sections.find((s) => s.key === 'key_judgements')!;
  let revision = judgements.revision;
  for (const language of ['fi', 'sv', 'en'] as Locale[]) {
    revision = (
      await writeSection(ctx, daily, 'key_judgements', {
        language,
        body: judgements.body[language] + correction[language],
        baseRevision: revision,
      })
    ).revision;
  }
  await submitSitrep(ctx, daily);
  await approveSitrep(ctx, daily, {});
  await distributeSitrep(ctx, daily);
  log.info({ sitreps: [weekly, daily] }, 'demo threat levels and situation reports loaded');
};
