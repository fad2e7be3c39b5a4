import type { Tlp } from '../../shared/access/tlp.js';
import { fromIncidentId } from '../../shared/contracts/incident-enums.js';
import type { SitrepStatus } from '../../shared/contracts/sitreps.js';
import type { TestApp } from './app.js';

export interface SitrepSeed {
  ownerOrganisationId: string;
  authorUserId: string;
  tlp?: Tlp;
  status?: SitrepStatus;
  electionId?: string;
  templateKey?: 'daily' | 'election_day' | 'weekly' | 'ad_hoc';
  recipientOrganisationIds?: string[];
  recipientCommunityIds?: string[];
  /** Organisations assigned sections (they draft too). */
  sharedOrganisationIds?: string[];
  /** `incident--<uuid>` ids, in order. */
  incidentIds?: string[];
  /** Languages in which every section gets a body; the others stay empty. Default: all three. */
  languages?: readonly ('fi' | 'sv' | 'en')[];
  /** Text of each section (per language it is written in); default: "<key> <language>". */
  body?: (key: string, language: 'fi' | 'sv' | 'en') => string;
  versionNumber?: number;
  sanitisedFromId?: string | null;
  markingFloor?: Tlp;
  periodEnd?: Date;
  title?: string;
}

/** The election the tests use: the 2027 parliamentary one of the reference data, or any. */
export const testElectionId = async (t: TestApp): Promise<string> =>
  (
    await t.deps.db
      .selectFrom('elections')
      .select('id')
      .orderBy(({ eb }) => eb.case().when('slug', '=', 'parliamentary-2027').then(0).else(1).end())
      .orderBy('electionDay')
      .limit(1)
      .executeTakeFirstOrThrow()
  ).id;

/**
 * A situation report written straight into the tables (report, its template's sections, its
 * incidents), for tests that must not depend on the drafting routes. Returns the report's id.
 */
export const makeSitrep = async (t: TestApp, seed: SitrepSeed): Promise<string> => {
  const electionId = seed.electionId ?? (await testElectionId(t));
  return t.deps.db.transaction().execute(async (tx) => {
    const template = await tx
      .selectFrom('sitrepTemplates')
      .selectAll()
      .where('key', '=', seed.templateKey ?? 'daily')
      .executeTakeFirstOrThrow();
    const periodEnd = seed.periodEnd ?? new Date();
    const title = seed.title ?? 'Päivittäinen tilannekatsaus';
    const { id } = await tx
      .insertInto('sitreps')
      .values({
        electionId,
        templateId: template.id,
        kind: template.kind,
        titleFi: title,
        titleSv: `${title} (sv)`,
        titleEn: `${title} (en)`,
        periodStart: new Date(periodEnd.getTime() - template.periodHours * 3600_000),
        periodEnd,
        status: seed.status ?? 'draft',
        tlp: seed.tlp ?? 'amber',
        ownerOrganisationId: seed.ownerOrganisationId,
        authorUserId: seed.authorUserId,
        sharedOrganisationIds: seed.sharedOrganisationIds ?? [],
        markingFloor: seed.markingFloor ?? 'clear',
        sanitisedFromId: seed.sanitisedFromId ?? null,
        recipientOrganisationIds: seed.recipientOrganisationIds ?? [],
        recipientCommunityIds: seed.recipientCommunityIds ?? [],
        versionNumber: seed.versionNumber ?? 1,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const languages = seed.languages ?? ['fi', 'sv', 'en'];
    const body = (key: string, language: 'fi' | 'sv' | 'en') =>
      languages.includes(language) ? (seed.body?.(key, language) ?? `${key} ${language}`) : '';
    await tx
      .insertInto('sitrepSections')
      .values(
        template.sections.map((s, position) => ({
          sitrepId: id,
          key: s.key,
          position,
          domain: s.domain,
          titleFi: s.fi,
          titleSv: s.sv,
          titleEn: s.en,
          assigneeOrganisationId: null,
          bodyFi: body(s.key, 'fi'),
          bodySv: body(s.key, 'sv'),
          bodyEn: body(s.key, 'en'),
          updatedAt: new Date(),
        })),
      )
      .execute();
    const incidents = seed.incidentIds ?? [];
    if (incidents.length > 0) {
      await tx
        .insertInto('sitrepIncidents')
        .values(
          incidents.map((incidentId, position) => ({
            sitrepId: id,
            incidentId: fromIncidentId(incidentId),
            position,
            addedByUserId: seed.authorUserId,
          })),
        )
        .execute();
    }
    return id;
  });
};

/** Rewrites one section's body in one language (as a drafter would between versions). */
export const writeSectionBody = (
  t: TestApp,
  sitrepId: string,
  key: string,
  language: 'fi' | 'sv' | 'en',
  body: string,
) =>
  t.deps.db
    .updateTable('sitrepSections')
    .set(language === 'fi' ? { bodyFi: body } : language === 'sv' ? { bodySv: body } : { bodyEn: body })
    .where('sitrepId', '=', sitrepId)
    .where('key', '=', key)
    .execute();
