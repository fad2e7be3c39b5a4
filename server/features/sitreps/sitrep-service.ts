import type { Actor } from '../../../shared/access/roles.js';
import { compareTlp, strictestTlp, type Tlp } from '../../../shared/access/tlp.js';
import type { Locale } from '../../../shared/contracts/common.js';
import {
  toIncidentId,
  type IncidentDomain,
  type IncidentStatus,
} from '../../../shared/contracts/incident-enums.js';
import {
  createSitrepSchema,
  type CreateSitrep,
  type Sitrep,
  type SitrepListQuery,
  type SitrepSection,
  type SitrepSummary,
  type UpdateSitrep,
  type VersionSummary,
  type WriteSection,
} from '../../../shared/contracts/sitreps.js';
import { AppError } from '../../../shared/errors.js';
import type { ServiceContext } from '../../context.js';
import type { Db, Tx } from '../../db/connection.js';
import type { SitrepSectionsTable } from '../../db/schema-sitreps.js';
import { loadVisibleIncident, requireIncidentUuid } from '../incidents/incident-access.js';
import {
  canManageSitrep,
  canWriteSection,
  isDrafter,
  loadDraftedSitrep,
  loadManagedSitrep,
  readableVersions,
  type SitrepRow,
} from './sitrep-access.js';
import { checkSitrep, contributorsWhoMayNotSee, floorOf, isBelowFloor } from './sitrep-check.js';
import {
  defaultTitle,
  domainText,
  notableText,
  outlookHoursOf,
  periodActivity,
  phasesAhead,
  prefillSections,
  threatLevelsOfPeriod,
} from './sitrep-prefill.js';
import {
  deleteSitrepIncident,
  findElectionNames,
  findSectionRow,
  findTemplateRow,
  findVersionsWithNames,
  insertSections,
  insertSitrep,
  insertSitrepIncidents,
  listLiveIncidents,
  listSectionRows,
  listSitrepRows,
  lockSection,
  missingIds,
  nextIncidentPosition,
  previousPeriodEnd,
  touchSitrep,
  updateSectionRow,
  updateSitrepRow,
  type LiveIncidentRow,
  type SectionWithNames,
  type SitrepListRow,
} from './sitrep-queries.js';

/**
 * Drafting situation reports: create a pre-filled draft, change it, write its sections, choose its
 * notable incidents. The workflow (submit, approve, distribute, correct) is in sitrep-workflow-*.
 */

/** What the drafting use cases need: the bench calls them with just these. */
export type SitrepContext = Pick<ServiceContext, 'db' | 'actor' | 'now'>;

const PRESENCE_MS = 60_000;
const MAX_PERIOD_MS = 366 * 24 * 3_600_000;
const SUMMARY_MAX = 500;

const invalid = (path: string, message: string) =>
  new AppError('validation_failed', message, [{ path, message }]);

const notDraft = () =>
  new AppError(
    'conflict',
    'The report can be changed only while it is a draft: return it or start a correction.',
  );

const summaryOf = (description: string): string => {
  const paragraph =
    description
      .split(/\r?\n\s*\r?\n/)
      .map((p) => p.replace(/\s+/g, ' ').trim())
      .find((p) => p.length > 0) ?? '';
  return paragraph.length > SUMMARY_MAX ? `${paragraph.slice(0, SUMMARY_MAX - 1)}…` : paragraph;
};

// ---------------------------------------------------------------- presenting

export const presentSection = (
  actor: Actor,
  row: SitrepRow,
  section: SectionWithNames,
  now: Date = new Date(),
): SitrepSection => ({
  key: section.key,
  domain: section.domain as IncidentDomain | null,
  title: { fi: section.titleFi, sv: section.titleSv, en: section.titleEn },
  body: { fi: section.bodyFi, sv: section.bodySv, en: section.bodyEn },
  assigneeOrganisationId: section.assigneeOrganisationId,
  revision: section.revision,
  updatedBy: section.updatedByUserId
    ? { userId: section.updatedByUserId, name: section.updatedByName ?? '' }
    : null,
  updatedAt: section.updatedAt.toISOString(),
  editing:
    section.editingUserId &&
    section.editingUserId !== actor.userId &&
    section.editingUntil &&
    section.editingUntil.getTime() > now.getTime()
      ? {
          userId: section.editingUserId,
          name: section.editingName ?? '',
          until: section.editingUntil.toISOString(),
        }
      : null,
  canEdit: canWriteSection(actor, row, section),
});

const presentLiveIncident = (row: LiveIncidentRow) => ({
  id: toIncidentId(row.id),
  title: row.title,
  status: row.status as IncidentStatus,
  severity: row.severity,
  tlp: row.tlp,
  domains: row.domains as IncidentDomain[],
  summary: summaryOf(row.description),
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

interface VersionWithName {
  number: number;
  tlp: Tlp;
  approvedByUserId: string;
  approvedByName: string;
  approvedAt: Date;
  distributedAt: Date | null;
  languages: string[];
}

const presentVersionSummary = (v: VersionWithName): VersionSummary => ({
  number: v.number,
  tlp: v.tlp,
  approvedBy: { userId: v.approvedByUserId, name: v.approvedByName },
  approvedAt: v.approvedAt.toISOString(),
  distributedAt: v.distributedAt ? v.distributedAt.toISOString() : null,
  languages: v.languages as Locale[],
});

/**
 * A report as the actor may see it (`sitrepSchema`): drafters get the working draft and every
 * version; recipients the versions distributed to them and nothing of the draft; anyone else 404.
 * `versions` and the summary of a recipient come from the versions alone.
 */
export const presentSitrep = async (
  db: Db | Tx,
  actor: Actor,
  row: SitrepRow,
  now: Date = new Date(),
): Promise<Sitrep> => {
  const drafter = isDrafter(actor, row);
  const readable = await readableVersions(db, actor, row.id);
  if (!drafter && readable.length === 0) throw new AppError('not_found', 'No such situation report.');
  const versions = (
    await findVersionsWithNames(
      db,
      row.id,
      readable.map((v) => v.number),
    )
  ).map(presentVersionSummary);
  const latest = versions[0] ?? null;

  if (!drafter) {
    const content = readable[0]!.content as {
      title?: Sitrep['title'];
      periodStart?: string;
      periodEnd?: string;
    };
    return {
      id: row.id,
      electionId: row.electionId,
      kind: row.kind,
      title: content.title ?? { fi: '', sv: '', en: '' },
      periodStart: content.periodStart ?? row.periodStart.toISOString(),
      periodEnd: content.periodEnd ?? row.periodEnd.toISOString(),
      status: null,
      tlp: latest!.tlp,
      versionNumber: latest!.number,
      latestVersion: latest,
      ownerOrganisationId: row.ownerOrganisationId,
      updatedAt: latest!.distributedAt ?? latest!.approvedAt,
      draft: null,
      versions,
    };
  }

  const [sections, incidents, check] = await Promise.all([
    listSectionRows(db, row.id),
    listLiveIncidents(db, actor, row.id),
    checkSitrep(db, row, actor),
  ]);
  const manager = canManageSitrep(actor, row);
  return {
    id: row.id,
    electionId: row.electionId,
    kind: row.kind,
    title: { fi: row.titleFi, sv: row.titleSv, en: row.titleEn },
    periodStart: row.periodStart.toISOString(),
    periodEnd: row.periodEnd.toISOString(),
    status: row.status,
    tlp: row.tlp,
    versionNumber: row.versionNumber,
    latestVersion: latest,
    ownerOrganisationId: row.ownerOrganisationId,
    updatedAt: row.updatedAt.toISOString(),
    draft: {
      templateId: row.templateId,
      status: row.status,
      versionNumber: row.versionNumber,
      revision: row.revision,
      sections: sections.map((s) => presentSection(actor, row, s, now)),
      incidents: incidents.visible.map(presentLiveIncident),
      hiddenIncidentCount: incidents.hidden,
      recipients: { organisations: row.recipientOrganisationIds, communities: row.recipientCommunityIds },
      check,
      sanitisedFromId: row.sanitisedFromId,
      permissions: { edit: manager && row.status === 'draft', approve: manager },
    },
    versions,
  };
};

const presentListRow = (row: SitrepListRow): SitrepSummary => {
  const latestVersion =
    row.vNumber !== null
      ? presentVersionSummary({
          number: row.vNumber,
          tlp: row.vTlp!,
          approvedByUserId: row.vApprovedByUserId!,
          approvedByName: row.vApprovedByName ?? '',
          approvedAt: row.vApprovedAt!,
          distributedAt: row.vDistributedAt,
          languages: row.vLanguages ?? [],
        })
      : null;
  if (row.drafter || !latestVersion) {
    return {
      id: row.id,
      electionId: row.electionId,
      kind: row.kind,
      title: { fi: row.titleFi, sv: row.titleSv, en: row.titleEn },
      periodStart: row.periodStart.toISOString(),
      periodEnd: row.periodEnd.toISOString(),
      status: row.status,
      tlp: row.tlp,
      versionNumber: row.versionNumber,
      latestVersion,
      ownerOrganisationId: row.ownerOrganisationId,
      updatedAt: row.updatedAt.toISOString(),
    };
  }
  return {
    id: row.id,
    electionId: row.electionId,
    kind: row.kind,
    title: row.vTitle ?? { fi: '', sv: '', en: '' },
    periodStart: row.vPeriodStart ? new Date(row.vPeriodStart).toISOString() : row.periodStart.toISOString(),
    periodEnd: row.vPeriodEnd ? new Date(row.vPeriodEnd).toISOString() : row.periodEnd.toISOString(),
    status: null,
    tlp: latestVersion.tlp,
    versionNumber: latestVersion.number,
    latestVersion,
    ownerOrganisationId: row.ownerOrganisationId,
    updatedAt: latestVersion.distributedAt ?? latestVersion.approvedAt,
  };
};

// ---------------------------------------------------------------- reading

export const listSitreps = async (
  ctx: { db: Db; actor: Actor },
  query: SitrepListQuery & { limit: number },
): Promise<{ items: SitrepSummary[]; nextCursor: string | null }> => {
  const { rows, nextCursor } = await listSitrepRows(ctx.db, ctx.actor, query);
  return { items: rows.map(presentListRow), nextCursor };
};

const findSitrep = (db: Db | Tx, id: string) =>
  db.selectFrom('sitreps').selectAll().where('id', '=', id).executeTakeFirst();

export const getSitrep = async (ctx: SitrepContext, id: string): Promise<Sitrep> => {
  const row = await findSitrep(ctx.db, id);
  if (!row) throw new AppError('not_found', 'No such situation report.');
  return presentSitrep(ctx.db, ctx.actor, row, ctx.now());
};

// ---------------------------------------------------------------- drafting

/**
 * A new draft for an election, template and period, pre-filled from the period: notable incidents
 * (the drafter's view), a summary per domain, threat levels and the phases ahead. Its marking is
 * raised to the strictest of the incidents it includes. The bench calls this directly.
 */
export const createSitrep = async (ctx: SitrepContext, input: CreateSitrep): Promise<Sitrep> => {
  const data = createSitrepSchema.parse(input);
  const { actor } = ctx;
  const now = ctx.now();
  return ctx.db.transaction().execute(async (tx) => {
    const template = await findTemplateRow(tx, data.templateId);
    if (!template) throw invalid('body.templateId', 'No such template.');
    const election = await findElectionNames(tx, data.electionId);
    if (!election) throw invalid('body.electionId', 'No such election.');

    const end = data.periodEnd ? new Date(data.periodEnd) : now;
    const previousEnd = data.periodStart
      ? undefined
      : await previousPeriodEnd(tx, actor, { electionId: election.id, templateId: template.id, before: end });
    const start = data.periodStart
      ? new Date(data.periodStart)
      : (previousEnd ?? new Date(end.getTime() - template.periodHours * 3_600_000));
    if (start.getTime() >= end.getTime())
      throw invalid('body.periodStart', 'The period must start before it ends.');
    if (end.getTime() - start.getTime() > MAX_PERIOD_MS) {
      throw invalid('body.periodStart', 'A report covers at most a year.');
    }

    const outlookHours = outlookHoursOf(template.kind);
    const [activity, levels, phases] = await Promise.all([
      periodActivity(tx, actor, { electionId: election.id, start, end }),
      threatLevelsOfPeriod(tx, election.id, start, end),
      phasesAhead(tx, election.id, end, outlookHours),
    ]);
    const floor = strictestTlp(activity.notable.map((n) => n.tlp));
    const tlp: Tlp = compareTlp(data.tlp, floor) < 0 ? floor : data.tlp;
    const title = defaultTitle(
      { fi: template.nameFi, sv: template.nameSv, en: template.nameEn },
      template.kind,
      { start, end },
    );
    const row = await insertSitrep(tx, {
      electionId: election.id,
      templateId: template.id,
      kind: template.kind,
      titleFi: title.fi,
      titleSv: title.sv,
      titleEn: title.en,
      periodStart: start,
      periodEnd: end,
      tlp,
      markingFloor: floor,
      ownerOrganisationId: actor.organisationId,
      authorUserId: actor.userId,
      sanitisedFromId: null,
      createdAt: now,
      updatedAt: now,
    });
    const bodies = prefillSections(template.sections, {
      activity,
      levels,
      phases,
      outlookHours,
      period: { start, end },
    });
    await insertSections(
      tx,
      template.sections.map((section, index) => ({
        sitrepId: row.id,
        key: section.key,
        position: index + 1,
        domain: section.domain,
        titleFi: section.fi,
        titleSv: section.sv,
        titleEn: section.en,
        assigneeOrganisationId: null,
        bodyFi: bodies[index]!.fi,
        bodySv: bodies[index]!.sv,
        bodyEn: bodies[index]!.en,
        updatedByUserId: null,
        updatedAt: now,
        editingUserId: null,
        editingUntil: null,
      })),
    );
    await insertSitrepIncidents(
      tx,
      activity.notable.map((incident, index) => ({
        sitrepId: row.id,
        incidentId: incident.id,
        position: index + 1,
        addedByUserId: actor.userId,
      })),
    );
    return presentSitrep(tx, actor, row, now);
  });
};

const belowFloorError = (tlp: Tlp, floor: Tlp) =>
  new AppError(
    'marking_below_floor',
    `TLP:${tlp.toUpperCase()} is below TLP:${floor.toUpperCase()}, the strictest marking of what the report includes.`,
    [{ path: 'body.tlp', message: `At least TLP:${floor.toUpperCase()}.` }],
  );

/** A coordinator's change to the draft: titles, period, marking, recipients, section assignees. */
export const updateSitrep = async (ctx: SitrepContext, id: string, input: UpdateSitrep): Promise<Sitrep> =>
  ctx.db.transaction().execute(async (tx) => {
    const row = await loadManagedSitrep(tx, ctx.actor, id, { forUpdate: true });
    if (row.status !== 'draft') throw notDraft();
    if (input.revision !== row.revision) {
      throw new AppError(
        'version_conflict',
        'Someone changed the report after you opened it: reload and try again.',
      );
    }
    const values: Partial<SitrepRow> = { revision: row.revision + 1 };

    if (input.title) {
      if (input.title.fi !== undefined) values.titleFi = input.title.fi;
      if (input.title.sv !== undefined) values.titleSv = input.title.sv;
      if (input.title.en !== undefined) values.titleEn = input.title.en;
    }
    const start = input.periodStart ? new Date(input.periodStart) : row.periodStart;
    const end = input.periodEnd ? new Date(input.periodEnd) : row.periodEnd;
    if (start.getTime() >= end.getTime())
      throw invalid('body.periodStart', 'The period must start before it ends.');
    if (end.getTime() - start.getTime() > MAX_PERIOD_MS)
      throw invalid('body.periodStart', 'A report covers at most a year.');
    if (input.periodStart) values.periodStart = start;
    if (input.periodEnd) values.periodEnd = end;

    const floor = await floorOf(tx, row.id);
    values.markingFloor = floor;
    if (input.tlp !== undefined) {
      if (isBelowFloor(input.tlp, floor, row.loweredMarking)) throw belowFloorError(input.tlp, floor);
      values.tlp = input.tlp;
    }

    if (input.recipients) {
      const organisations = [...new Set(input.recipients.organisations)];
      const communities = [...new Set(input.recipients.communities)];
      if ((await missingIds(tx, 'organisations', organisations)).length > 0) {
        throw invalid('body.recipients.organisations', 'Unknown or inactive organisation.');
      }
      if ((await missingIds(tx, 'communities', communities)).length > 0) {
        throw invalid('body.recipients.communities', 'Unknown community.');
      }
      values.recipientOrganisationIds = organisations;
      values.recipientCommunityIds = communities;
    }

    if (input.assignees) {
      const sections = await listSectionRows(tx, row.id);
      const keys = new Set(sections.map((s) => s.key));
      for (const key of Object.keys(input.assignees)) {
        if (!keys.has(key)) throw invalid(`body.assignees.${key}`, 'The report has no such section.');
      }
      const organisations = Object.values(input.assignees).filter((o): o is string => o !== null);
      if ((await missingIds(tx, 'organisations', organisations)).length > 0) {
        throw invalid('body.assignees', 'Unknown or inactive organisation.');
      }
      await assertContributorsMaySee(tx, row.id, organisations, 'body.assignees');
      const assignment = new Map(sections.map((s) => [s.key, s.assigneeOrganisationId]));
      for (const [key, organisationId] of Object.entries(input.assignees)) {
        if (assignment.get(key) === organisationId) continue;
        assignment.set(key, organisationId);
        await updateSectionRow(tx, row.id, key, { assigneeOrganisationId: organisationId });
      }
      // The draft is shared with exactly the organisations that write a section of it.
      values.sharedOrganisationIds = [
        ...new Set(
          [...assignment.values()].filter((o): o is string => o !== null && o !== row.ownerOrganisationId),
        ),
      ].sort();
    }

    const updated = await updateSitrepRow(tx, row.id, values);
    return presentSitrep(tx, ctx.actor, updated, ctx.now());
  });

// ---------------------------------------------------------------- sections

const loadWritableSection = async (tx: Tx, actor: Actor, id: string, key: string) => {
  const row = await loadDraftedSitrep(tx, actor, id);
  const section = await lockSection(tx, id, key);
  if (!section) throw new AppError('not_found', 'The report has no such section.');
  if (row.status !== 'draft') throw notDraft();
  if (!canWriteSection(actor, row, section)) {
    throw new AppError(
      'forbidden',
      'Only the organisation this section is assigned to, or a coordinator of the drafting organisation, may write it.',
    );
  }
  return { row, section };
};

const bodyColumn = { fi: 'bodyFi', sv: 'bodySv', en: 'bodyEn' } as const satisfies Record<
  Locale,
  keyof SitrepSectionsTable
>;

/**
 * Writes a section in one language. The write names the revision it was based on: if someone
 * else wrote the section since, it is refused (409 edit_conflict) naming them, instead of the
 * last writer silently winning.
 */
export const writeSection = async (
  ctx: SitrepContext,
  id: string,
  key: string,
  input: WriteSection,
): Promise<SitrepSection> =>
  ctx.db.transaction().execute(async (tx) => {
    const { row, section } = await loadWritableSection(tx, ctx.actor, id, key);
    if (input.baseRevision !== section.revision) {
      const writer = section.updatedByUserId
        ? await tx
            .selectFrom('users')
            .select('name')
            .where('id', '=', section.updatedByUserId)
            .executeTakeFirst()
        : undefined;
      const who = writer?.name ?? 'Someone';
      const message = `${who} saved this section (revision ${section.revision}) at ${section.updatedAt.toISOString()}, after the revision ${input.baseRevision} you edited. Reload it and merge your text.`;
      throw new AppError('edit_conflict', message, [
        { path: 'body.baseRevision', message: `${who} (${section.updatedByUserId ?? 'unknown'})` },
      ]);
    }
    const now = ctx.now();
    await updateSectionRow(tx, id, key, {
      [bodyColumn[input.language]]: input.body,
      updatedByUserId: ctx.actor.userId,
      updatedAt: now,
      bumpRevision: true,
    });
    await touchSitrep(tx, id);
    return presentSection(ctx.actor, row, (await findSectionRow(tx, id, key))!, now);
  });

/** "I have this section open": shown to the others for 60 s unless renewed. */
export const registerPresence = async (ctx: SitrepContext, id: string, key: string): Promise<SitrepSection> =>
  ctx.db.transaction().execute(async (tx) => {
    const { row } = await loadWritableSection(tx, ctx.actor, id, key);
    const now = ctx.now();
    // Someone else's live presence is kept (and shown): presence warns, it does not lock.
    await tx
      .updateTable('sitrepSections')
      .set({ editingUserId: ctx.actor.userId, editingUntil: new Date(now.getTime() + PRESENCE_MS) })
      .where('sitrepId', '=', id)
      .where('key', '=', key)
      .where((eb) =>
        eb.or([
          eb('editingUserId', 'is', null),
          eb('editingUserId', '=', ctx.actor.userId),
          eb('editingUntil', '<=', now),
        ]),
      )
      .execute();
    return presentSection(ctx.actor, row, (await findSectionRow(tx, id, key))!, now);
  });

export const clearPresence = async (ctx: SitrepContext, id: string, key: string): Promise<void> => {
  await ctx.db.transaction().execute(async (tx) => {
    await loadDraftedSitrep(tx, ctx.actor, id);
    const section = await findSectionRow(tx, id, key);
    if (!section) throw new AppError('not_found', 'The report has no such section.');
    await tx
      .updateTable('sitrepSections')
      .set({ editingUserId: null, editingUntil: null })
      .where('sitrepId', '=', id)
      .where('key', '=', key)
      .where('editingUserId', '=', ctx.actor.userId)
      .execute();
  });
};

// ---------------------------------------------------------------- notable incidents

/**
 * Stores the floor after a change of the incidents; a marking that falls below it is raised to
 * it (never silently: the answer shows the new marking and floor).
 */
const settleMarking = async (tx: Tx, row: SitrepRow): Promise<SitrepRow> => {
  const floor = await floorOf(tx, row.id);
  const raise = isBelowFloor(row.tlp, floor, row.loweredMarking);
  return updateSitrepRow(tx, row.id, {
    markingFloor: floor,
    ...(raise ? { tlp: floor, revision: row.revision + 1 } : {}),
  });
};

/**
 * Rewrites the generated text of the sections nobody has written in yet (the domain sections and
 * the notable incidents) from the incidents the report now includes: an incident left out is
 * left out of every word, too. Sections a person has written are theirs and stay as they are.
 */
const regenerateText = async (tx: Tx, actor: Actor, row: SitrepRow): Promise<void> => {
  const sections = (await listSectionRows(tx, row.id)).filter(
    (s) => s.updatedByUserId === null && (s.domain !== null || s.key === 'notable_incidents'),
  );
  if (sections.length === 0) return;
  const included = (
    await tx.selectFrom('sitrepIncidents').select('incidentId').where('sitrepId', '=', row.id).execute()
  ).map((r) => r.incidentId);
  const activity = await periodActivity(tx, actor, {
    electionId: row.electionId,
    start: row.periodStart,
    end: row.periodEnd,
    only: included,
  });
  const period = { start: row.periodStart, end: row.periodEnd };
  for (const section of sections) {
    const text = section.domain
      ? domainText(section.domain as IncidentDomain, activity, period)
      : notableText(activity);
    await updateSectionRow(tx, row.id, section.key, {
      bodyFi: text.fi,
      bodySv: text.sv,
      bodyEn: text.en,
      bumpRevision: true,
    });
  }
};

/**
 * Everyone who writes a section reads the draft: an organisation assigned a section must be able
 * to see every incident the report includes (by the same rule as its recipients).
 */
const assertContributorsMaySee = async (
  tx: Tx,
  sitrepId: string,
  organisationIds: readonly string[],
  path: string,
): Promise<void> => {
  const blind = await contributorsWhoMayNotSee(tx, sitrepId, organisationIds);
  if (blind) {
    const message = `${blind.organisation} writes in this report but may not see the incident "${blind.incident}" it includes: leave one of them out.`;
    throw new AppError('contributor_may_not_see', message, [{ path, message }]);
  }
};

export const addIncident = async (ctx: SitrepContext, id: string, incidentId: string): Promise<Sitrep> =>
  ctx.db.transaction().execute(async (tx) => {
    const row = await loadManagedSitrep(tx, ctx.actor, id, { forUpdate: true });
    if (row.status !== 'draft') throw notDraft();
    const incident = await loadVisibleIncident(tx, ctx.actor, incidentId, { forUpdate: true });
    await insertSitrepIncidents(tx, [
      {
        sitrepId: row.id,
        incidentId: incident.id,
        position: await nextIncidentPosition(tx, row.id),
        addedByUserId: ctx.actor.userId,
      },
    ]);
    await assertContributorsMaySee(tx, row.id, row.sharedOrganisationIds, 'body.incidentId');
    await regenerateText(tx, ctx.actor, row);
    return presentSitrep(tx, ctx.actor, await settleMarking(tx, row), ctx.now());
  });

export const removeIncident = async (ctx: SitrepContext, id: string, incidentId: string): Promise<Sitrep> =>
  ctx.db.transaction().execute(async (tx) => {
    const row = await loadManagedSitrep(tx, ctx.actor, id, { forUpdate: true });
    if (row.status !== 'draft') throw notDraft();
    if (!(await deleteSitrepIncident(tx, row.id, requireIncidentUuid(incidentId)))) {
      throw new AppError('not_found', 'The report does not include this incident.');
    }
    await regenerateText(tx, ctx.actor, row);
    return presentSitrep(tx, ctx.actor, await settleMarking(tx, row), ctx.now());
  });
