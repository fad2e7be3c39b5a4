import { diffLines } from 'diff';
import type { Tlp } from '../../../shared/access/tlp.js';
import type { Locale } from '../../../shared/contracts/common.js';
import { toIncidentId } from '../../../shared/contracts/incident-enums.js';
import type {
  LocalisedText,
  SitrepDiff,
  SitrepVersion,
  VersionContent,
  VersionSummary,
} from '../../../shared/contracts/sitreps.js';
import { versionContentSchema } from '../../../shared/contracts/sitreps.js';
import { isThreatLevel, threatDomains, threatLevelNames } from '../../../shared/threat-levels.js';
import type { Db, Tx } from '../../db/connection.js';
import type { SitrepRow, SitrepVersionRow } from './sitrep-access.js';
import { outlookHoursOf, phasesAhead } from './sitrep-prefill.js';
import { includedIncidentsQuery } from './sitrep-queries.js';

/**
 * Approved versions of a situation report: what approval freezes (`freezeVersionContent`), how a
 * version is shown (`presentVersion`) and what changed from the one before (`diffVersions`).
 */

export const locales = ['fi', 'sv', 'en'] as const satisfies readonly Locale[];
const SUMMARY_MAX = 500;

/** A version row with the approver's name, as every presenter needs it. */
export type VersionRowWithNames = SitrepVersionRow & { approvedByName: string };

/** The first paragraph of an incident's description, at most 500 characters. */
export const summaryOf = (description: string): string => {
  const paragraph =
    description
      .split(/\r?\n\s*\r?\n/)
      .map((p) => p.replace(/\s+/g, ' ').trim())
      .find((p) => p.length > 0) ?? '';
  return paragraph.length > SUMMARY_MAX ? `${paragraph.slice(0, SUMMARY_MAX - 1)}…` : paragraph;
};

const text = (fi: string, sv: string, en: string): LocalisedText => ({ fi, sv, en });

/** Sections in every language where each section has text: the languages a version is issued in. */
export const completeLanguages = (sections: readonly { body: LocalisedText }[]): Locale[] =>
  locales.filter((l) => sections.length > 0 && sections.every((s) => s.body[l].trim().length > 0));

/**
 * Everything an approved version says, read now inside the approving transaction: titles, period,
 * sections in every language, notable incidents as they are at this moment, the current threat
 * levels, the phases ahead and the recipients with their names.
 */
export const freezeVersionContent = async (
  tx: Db | Tx,
  sitrep: SitrepRow,
): Promise<{ content: VersionContent; languages: Locale[] }> => {
  const election = await tx
    .selectFrom('elections')
    .select(['id', 'nameFi', 'nameSv', 'nameEn'])
    .where('id', '=', sitrep.electionId)
    .executeTakeFirstOrThrow();
  const template = await tx
    .selectFrom('sitrepTemplates')
    .select(['nameFi', 'nameSv', 'nameEn'])
    .where('id', '=', sitrep.templateId)
    .executeTakeFirstOrThrow();
  const sections = await tx
    .selectFrom('sitrepSections')
    .selectAll()
    .where('sitrepId', '=', sitrep.id)
    .orderBy('position')
    .orderBy('key')
    .execute();
  const incidents = await includedIncidentsQuery(tx, sitrep.id).execute();
  const levels = await tx
    .selectFrom('threatLevels')
    .select(['domain', 'level', 'setAt'])
    .distinctOn('domain')
    .where('electionId', '=', sitrep.electionId)
    .orderBy('domain')
    .orderBy('id', 'desc')
    .execute();
  const phases = await phasesAhead(
    tx,
    sitrep.electionId,
    new Date(sitrep.periodEnd),
    outlookHoursOf(sitrep.kind),
  );
  const organisations =
    sitrep.recipientOrganisationIds.length === 0
      ? []
      : await tx
          .selectFrom('organisations')
          .select(['id', 'shortName', 'nameFi', 'nameSv', 'nameEn'])
          .where('id', 'in', sitrep.recipientOrganisationIds)
          .orderBy('shortName')
          .execute();
  const communities =
    sitrep.recipientCommunityIds.length === 0
      ? []
      : await tx
          .selectFrom('communities')
          .select(['id', 'nameFi', 'nameSv', 'nameEn'])
          .where('id', 'in', sitrep.recipientCommunityIds)
          .orderBy('nameEn')
          .execute();
  const lowered = sitrep.loweredMarking;
  const lowerer = lowered
    ? await tx
        .selectFrom('users')
        .select(['id', 'name'])
        .where('id', '=', lowered.approvedByUserId)
        .executeTakeFirst()
    : undefined;

  const frozenSections = sections.map((s) => ({
    key: s.key,
    domain: s.domain as VersionContent['sections'][number]['domain'],
    title: text(s.titleFi, s.titleSv, s.titleEn),
    body: text(s.bodyFi, s.bodySv, s.bodyEn),
  }));
  const content: VersionContent = versionContentSchema.parse({
    title: text(sitrep.titleFi, sitrep.titleSv, sitrep.titleEn),
    election: { id: election.id, name: text(election.nameFi, election.nameSv, election.nameEn) },
    kind: sitrep.kind,
    templateName: text(template.nameFi, template.nameSv, template.nameEn),
    periodStart: new Date(sitrep.periodStart).toISOString(),
    periodEnd: new Date(sitrep.periodEnd).toISOString(),
    sections: frozenSections,
    incidents: incidents.map((i) => ({
      id: toIncidentId(i.id),
      title: i.title,
      status: i.status,
      severity: i.severity,
      tlp: i.tlp,
      domains: i.domains,
      summary: summaryOf(i.description),
      createdAt: i.createdAt.toISOString(),
      updatedAt: i.updatedAt.toISOString(),
    })),
    threatLevels: threatDomains.map((domain) => {
      const current = levels.find((l) => l.domain === domain);
      return {
        domain,
        level: current?.level ?? null,
        name: current && isThreatLevel(current.level) ? { ...threatLevelNames[current.level] } : null,
        setAt: current ? current.setAt.toISOString() : null,
      };
    }),
    phasesAhead: phases.map((p) => ({
      key: p.key,
      name: p.name,
      startsAt: p.startsAt.toISOString(),
      endsAt: p.endsAt.toISOString(),
    })),
    recipients: {
      organisations: organisations.map((o) => ({
        id: o.id,
        shortName: o.shortName,
        name: text(o.nameFi, o.nameSv, o.nameEn),
      })),
      communities: communities.map((c) => ({ id: c.id, name: text(c.nameFi, c.nameSv, c.nameEn) })),
    },
    loweredMarking: lowered
      ? {
          from: lowered.from,
          to: lowered.to,
          reason: lowered.reason,
          approvedBy: { userId: lowered.approvedByUserId, name: lowerer?.name ?? '' },
          approvedAt: new Date(lowered.approvedAt).toISOString(),
        }
      : null,
  });
  return { content, languages: completeLanguages(frozenSections) };
};

/** The approvers' names for version rows (one query). */
export const withApproverNames = async (
  db: Db | Tx,
  rows: readonly SitrepVersionRow[],
): Promise<VersionRowWithNames[]> => {
  const ids = [...new Set(rows.map((r) => r.approvedByUserId))];
  const names = new Map(
    ids.length === 0
      ? []
      : (await db.selectFrom('users').select(['id', 'name']).where('id', 'in', ids).execute()).map((u) => [
          u.id,
          u.name,
        ]),
  );
  return rows.map((r) => ({ ...r, approvedByName: names.get(r.approvedByUserId) ?? '' }));
};

const languagesOf = (row: SitrepVersionRow): Locale[] => locales.filter((l) => row.languages.includes(l));

/** A version in a list (`versionSummarySchema`). */
export const presentVersionSummary = (row: VersionRowWithNames): VersionSummary => ({
  number: row.number,
  tlp: row.tlp,
  approvedBy: { userId: row.approvedByUserId, name: row.approvedByName },
  approvedAt: row.approvedAt.toISOString(),
  distributedAt: row.distributedAt ? row.distributedAt.toISOString() : null,
  languages: languagesOf(row),
});

/** One approved version with its frozen content (`sitrepVersionSchema`). */
export const presentVersion = (row: VersionRowWithNames): SitrepVersion => ({
  ...presentVersionSummary(row),
  sitrepId: row.sitrepId,
  content: versionContentSchema.parse(row.content),
});

/** The language a reader gets: theirs if the version has it, else the first fallback it has. */
export const readingLanguage = (
  available: readonly string[],
  reader: { locale: Locale; reportFallbackLanguages: readonly Locale[] },
): Locale | null =>
  [reader.locale, ...reader.reportFallbackLanguages, ...locales].find((l) => available.includes(l)) ?? null;

const partsOf = (before: string, after: string): SitrepDiff['sections'][number]['parts'] =>
  diffLines(before, after).map((change) => ({
    kind: change.added ? 'added' : change.removed ? 'removed' : 'same',
    text: change.value,
  }));

/** What changed from `previous` to `next`: sections and languages whose text differs, incidents, marking. */
export const diffVersions = (
  previous: { number: number; tlp: Tlp; content: VersionContent },
  next: { number: number; tlp: Tlp; content: VersionContent },
): SitrepDiff => {
  const before = new Map(previous.content.sections.map((s) => [s.key, s]));
  const after = new Map(next.content.sections.map((s) => [s.key, s]));
  const keys = [
    ...next.content.sections.map((s) => s.key),
    ...previous.content.sections.map((s) => s.key).filter((k) => !after.has(k)),
  ];
  const sections: SitrepDiff['sections'] = [];
  for (const key of keys) {
    for (const language of locales) {
      const old = before.get(key)?.body[language] ?? '';
      const now = after.get(key)?.body[language] ?? '';
      if (old !== now) sections.push({ key, language, parts: partsOf(old, now) });
    }
  }
  const oldIncidents = new Set(previous.content.incidents.map((i) => i.id));
  const newIncidents = new Set(next.content.incidents.map((i) => i.id));
  return {
    from: previous.number,
    to: next.number,
    sections,
    incidents: {
      added: [...newIncidents].filter((id) => !oldIncidents.has(id)),
      removed: [...oldIncidents].filter((id) => !newIncidents.has(id)),
    },
    tlp: { from: previous.tlp, to: next.tlp },
  };
};

/** Reads a stored version's content (validated: the column is jsonb). */
export const contentOf = (row: SitrepVersionRow): VersionContent => versionContentSchema.parse(row.content);
