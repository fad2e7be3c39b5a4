import { sql } from 'kysely';
import { canSee, compareTlp, type Tlp } from '../../../shared/access/tlp.js';
import type { Locale } from '../../../shared/contracts/common.js';
import type {
  Receipts,
  SitrepDiff,
  SitrepState,
  SitrepStatus,
  SitrepVersion,
} from '../../../shared/contracts/sitreps.js';
import { AppError } from '../../../shared/errors.js';
import { shareableOf } from '../../access/record-access.js';
import type { ServiceContext } from '../../context.js';
import type { Db, Tx } from '../../db/connection.js';
import { appendAudit } from '../audit/audit-log.js';
import { loadActors } from '../notifications/notification-audience.js';
import { insertNotifications } from '../notifications/notify.js';
import {
  loadDraftedSitrep,
  loadManagedSitrep,
  loadReadableVersion,
  readableVersions,
  type SitrepRow,
  type SitrepVersionRow,
} from './sitrep-access.js';
import { checkSitrep, floorOf } from './sitrep-check.js';
import {
  contentOf,
  diffVersions,
  freezeVersionContent,
  presentVersion,
  withApproverNames,
} from './sitrep-versions.js';

/**
 * The workflow of a situation report: draft → in_review → approved → distributed, back to draft
 * from review, corrections as the next version; sanitised variants and their lower marking; read
 * receipts. Every step: a coordinator of the drafting organisation, one transaction, the report's
 * row locked, the audit entry in the same transaction.
 */

export const SITREP_DISTRIBUTED = 'sitrep_distributed';

/** Approval refused: the issues say which organisation may not see which item. */

export const presentState = (row: SitrepRow): SitrepState => ({
  id: row.id,
  status: row.status,
  versionNumber: row.versionNumber,
  revision: row.revision,
  tlp: row.tlp,
  markingFloor: row.markingFloor,
  sanitisedFromId: row.sanitisedFromId,
});

const requireStatus = (row: SitrepRow, allowed: readonly SitrepStatus[], what: string): void => {
  if (!allowed.includes(row.status)) {
    throw new AppError(
      'invalid_transition',
      `A report that is ${row.status.replace('_', ' ')} cannot be ${what}; it must be ${allowed
        .map((s) => s.replace('_', ' '))
        .join(' or ')}.`,
    );
  }
};

const setStatus = async (
  tx: Tx,
  row: SitrepRow,
  now: Date,
  values: { status: SitrepStatus; versionNumber?: number },
): Promise<SitrepRow> =>
  tx
    .updateTable('sitreps')
    .set({ ...values, revision: sql<number>`revision + 1`, updatedAt: now })
    .where('id', '=', row.id)
    .returningAll()
    .executeTakeFirstOrThrow();

/** One managed step: lock, check the status, change, audit. */
const step = (
  ctx: ServiceContext,
  id: string,
  spec: {
    from: readonly SitrepStatus[];
    what: string;
    action: string;
    change: (
      tx: Tx,
      row: SitrepRow,
      now: Date,
    ) => Promise<{ row: SitrepRow; details?: Record<string, unknown> }>;
  },
): Promise<SitrepRow> =>
  ctx.db.transaction().execute(async (tx) => {
    const row = await loadManagedSitrep(tx, ctx.actor, id, { forUpdate: true });
    requireStatus(row, spec.from, spec.what);
    const now = ctx.now();
    const { row: next, details } = await spec.change(tx, row, now);
    await appendAudit(
      tx,
      ctx.audit,
      {
        action: spec.action,
        targetType: 'sitrep',
        targetId: row.id,
        details: { from: row.status, to: next.status, versionNumber: next.versionNumber, ...details },
      },
      now,
    );
    return next;
  });

export const submitSitrep = async (ctx: ServiceContext, id: string): Promise<SitrepState> =>
  presentState(
    await step(ctx, id, {
      from: ['draft'],
      what: 'submitted for review',
      action: 'sitrep.submit',
      change: async (tx, row, now) => ({ row: await setStatus(tx, row, now, { status: 'in_review' }) }),
    }),
  );

export const returnSitrep = async (ctx: ServiceContext, id: string): Promise<SitrepState> =>
  presentState(
    await step(ctx, id, {
      from: ['in_review'],
      what: 'returned to drafting',
      action: 'sitrep.return',
      change: async (tx, row, now) => ({ row: await setStatus(tx, row, now, { status: 'draft' }) }),
    }),
  );

/** The organisations a version goes to: those listed and every member of every listed community. */
const recipientOrganisations = async (tx: Tx, row: SitrepRow): Promise<string[]> => {
  const members =
    row.recipientCommunityIds.length === 0
      ? []
      : (
          await tx
            .selectFrom('communityMembers')
            .select('organisationId')
            .where('communityId', 'in', row.recipientCommunityIds)
            .execute()
        ).map((m) => m.organisationId);
  return [...new Set([...row.recipientOrganisationIds, ...members])].sort();
};

/**
 * Approves the version being drafted: the distribution check must find nothing blocking (missing
 * languages do not block), then everything is frozen into `sitrep_versions`.
 */
export const approveSitrep = async (
  ctx: ServiceContext,
  id: string,
  input: { note?: string | undefined },
): Promise<SitrepVersion> =>
  ctx.db.transaction().execute(async (tx) => {
    const row = await loadManagedSitrep(tx, ctx.actor, id, { forUpdate: true });
    requireStatus(row, ['in_review'], 'approved');
    const check = await checkSitrep(tx, row, ctx.actor);
    const blocking = check.blocking.filter((issue) => issue.code !== 'language_missing');
    if (blocking.length > 0) {
      throw new AppError(
        'approval_blocked',
        'The report cannot be approved: some recipients may not see what it contains.',
        blocking,
      );
    }
    const now = ctx.now();
    const { content, languages } = await freezeVersionContent(tx, row);
    const version = await tx
      .insertInto('sitrepVersions')
      .values({
        sitrepId: row.id,
        number: row.versionNumber,
        tlp: row.tlp,
        ownerOrganisationId: row.ownerOrganisationId,
        authorUserId: row.authorUserId,
        sharedOrganisationIds: await recipientOrganisations(tx, row),
        sharedCommunityIds: [...row.recipientCommunityIds],
        sharedUserIds: [],
        content: JSON.stringify(content),
        languages,
        approvedByUserId: ctx.actor.userId,
        approvedByOrganisationId: ctx.actor.organisationId,
        approvedAt: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await setStatus(tx, row, now, { status: 'approved' });
    await appendAudit(
      tx,
      ctx.audit,
      {
        action: 'sitrep.approve',
        targetType: 'sitrep',
        targetId: row.id,
        details: {
          versionNumber: row.versionNumber,
          tlp: row.tlp,
          languages,
          recipientOrganisationIds: row.recipientOrganisationIds,
          recipientCommunityIds: row.recipientCommunityIds,
          incidentIds: content.incidents.map((i) => i.id),
          missingLanguages: check.missingLanguages,
          ...(input.note ? { note: input.note } : {}),
        },
      },
      now,
    );
    const [named] = await withApproverNames(tx, [version]);
    return presentVersion(named!);
  });

/** The users who receive a version: active members of its organisations who may read it. */
export const versionRecipientUserIds = async (tx: Db | Tx, version: SitrepVersionRow): Promise<string[]> => {
  if (version.sharedOrganisationIds.length === 0) return [];
  const users = await tx
    .selectFrom('users')
    .select('id')
    .where('organisationId', 'in', version.sharedOrganisationIds)
    .where('active', '=', true)
    .execute();
  const record = shareableOf(version);
  return (
    await loadActors(
      tx,
      users.map((u) => u.id),
    )
  )
    .filter((actor) => canSee(actor, record))
    .map((actor) => actor.userId);
};

/** Records the distribution of the approved version once, and tells every recipient (in-app and e-mail). */
export const distributeSitrep = async (ctx: ServiceContext, id: string): Promise<SitrepState> =>
  presentState(
    await step(ctx, id, {
      from: ['approved'],
      what: 'distributed',
      action: 'sitrep.distribute',
      change: async (tx, row, now) => {
        const version = await tx
          .updateTable('sitrepVersions')
          .set({ distributedAt: now, distributedByUserId: ctx.actor.userId })
          .where('sitrepId', '=', row.id)
          .where('number', '=', row.versionNumber)
          .where('distributedAt', 'is', null)
          .returningAll()
          .executeTakeFirst();
        if (!version) throw new AppError('conflict', 'This version has already been distributed.');
        const content = contentOf(version);
        const election = await tx
          .selectFrom('elections')
          .select(['slug'])
          .where('id', '=', row.electionId)
          .executeTakeFirst();
        const recipients = (await versionRecipientUserIds(tx, version)).filter(
          (userId) => userId !== ctx.actor.userId,
        );
        const notified = await insertNotifications(tx, {
          userIds: recipients,
          kind: SITREP_DISTRIBUTED,
          incidentId: null,
          data: {
            sitrepId: row.id,
            versionNumber: version.number,
            title: content.title,
            tlp: version.tlp,
            languages: version.languages,
            electionId: row.electionId,
            electionSlug: election?.slug ?? null,
            electionName: content.election.name,
          },
        });
        return {
          row: await setStatus(tx, row, now, { status: 'distributed' }),
          details: {
            organisationIds: version.sharedOrganisationIds,
            communityIds: version.sharedCommunityIds,
            notifiedUsers: notified.length,
          },
        };
      },
    }),
  );

/** A correction: the report is drafted again as the next version; sections and incidents stay. */
export const correctSitrep = async (ctx: ServiceContext, id: string): Promise<SitrepState> =>
  presentState(
    await step(ctx, id, {
      from: ['approved', 'distributed'],
      what: 'corrected',
      action: 'sitrep.correct',
      change: async (tx, row, now) => ({
        row: await setStatus(tx, row, now, { status: 'draft', versionNumber: row.versionNumber + 1 }),
        details: { correctsVersion: row.versionNumber },
      }),
    }),
  );

/**
 * A coordinator's explicit approval of a sanitised variant's lower marking: the report takes the
 * marking, and the approval (who, when, why, from what) is kept on it and in the audit trail.
 */
export const lowerMarking = async (
  ctx: ServiceContext,
  id: string,
  input: { tlp: Tlp; reason: string },
): Promise<SitrepState> =>
  ctx.db.transaction().execute(async (tx) => {
    const row = await loadManagedSitrep(tx, ctx.actor, id, { forUpdate: true });
    requireStatus(row, ['draft'], 'given a lower marking');
    if (!row.sanitisedFromId) {
      throw new AppError('validation_failed', 'Only a sanitised variant may be marked below its floor.', [
        { path: 'params.id', message: 'Write a sanitised variant first (POST …/sanitised-variant).' },
      ]);
    }
    const floor = await floorOf(tx, row.id);
    if (compareTlp(input.tlp, floor) >= 0) {
      throw new AppError(
        'validation_failed',
        `TLP:${input.tlp.toUpperCase()} is not below the floor TLP:${floor.toUpperCase()}; no approval is needed.`,
        [{ path: 'body.tlp', message: 'Choose a marking below the floor.' }],
      );
    }
    const now = ctx.now();
    const lowered = {
      from: floor,
      to: input.tlp,
      reason: input.reason,
      approvedByUserId: ctx.actor.userId,
      approvedAt: now.toISOString(),
    };
    const next = await tx
      .updateTable('sitreps')
      .set({
        tlp: input.tlp,
        loweredMarking: lowered,
        revision: sql<number>`revision + 1`,
        updatedAt: now,
      })
      .where('id', '=', row.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    // Without the source's marking, the floor is that of the variant's own incidents, if any.
    const ownFloor = await floorOf(tx, row.id);
    if (compareTlp(input.tlp, ownFloor) < 0) {
      throw new AppError(
        'validation_failed',
        `The variant still includes an incident marked TLP:${ownFloor.toUpperCase()}; remove it before lowering the marking.`,
        [{ path: 'body.tlp', message: `At least TLP:${ownFloor.toUpperCase()}.` }],
      );
    }
    const stored = await tx
      .updateTable('sitreps')
      .set({ markingFloor: ownFloor })
      .where('id', '=', row.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await appendAudit(
      tx,
      ctx.audit,
      {
        action: 'sitrep.lower_marking',
        targetType: 'sitrep',
        targetId: row.id,
        details: { from: row.tlp, floor, to: input.tlp, reason: input.reason },
      },
      now,
    );
    return presentState({ ...next, ...stored });
  });

/**
 * A sanitised variant: a new draft of the same election, template and period with the sections'
 * text and assignments copied and no incidents. Its floor is the source's marking until a
 * coordinator approves a lower one.
 */
export const createSanitisedVariant = async (ctx: ServiceContext, id: string): Promise<SitrepState> =>
  ctx.db.transaction().execute(async (tx) => {
    const source = await loadManagedSitrep(tx, ctx.actor, id, { forUpdate: true });
    const now = ctx.now();
    const variant = await tx
      .insertInto('sitreps')
      .values({
        electionId: source.electionId,
        templateId: source.templateId,
        kind: source.kind,
        titleFi: source.titleFi,
        titleSv: source.titleSv,
        titleEn: source.titleEn,
        periodStart: source.periodStart,
        periodEnd: source.periodEnd,
        status: 'draft',
        tlp: source.tlp,
        ownerOrganisationId: source.ownerOrganisationId,
        authorUserId: ctx.actor.userId,
        sharedOrganisationIds: [...source.sharedOrganisationIds],
        sharedCommunityIds: [],
        sharedUserIds: [],
        markingFloor: source.tlp,
        sanitisedFromId: source.id,
        loweredMarking: null,
        createdAt: now,
        updatedAt: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await sql`
      insert into sitrep_sections (sitrep_id, key, position, domain, title_fi, title_sv, title_en,
        assignee_organisation_id, body_fi, body_sv, body_en, updated_by_user_id, updated_at)
      select ${variant.id}::uuid, key, position, domain, title_fi, title_sv, title_en,
        assignee_organisation_id, body_fi, body_sv, body_en, ${ctx.actor.userId}::uuid, ${now}
      from sitrep_sections where sitrep_id = ${source.id}::uuid`.execute(tx);
    await appendAudit(
      tx,
      ctx.audit,
      {
        action: 'sitrep.sanitised_variant',
        targetType: 'sitrep',
        targetId: variant.id,
        details: { sanitisedFromId: source.id, tlp: source.tlp },
      },
      now,
    );
    return presentState(variant);
  });

// ---------------------------------------------------------------- versions and receipts

export const getVersion = async (ctx: ServiceContext, id: string, number: number): Promise<SitrepVersion> => {
  const row = await loadReadableVersion(ctx.db, ctx.actor, id, number);
  const [named] = await withApproverNames(ctx.db, [row]);
  return presentVersion(named!);
};

/** The diff of a version against the one before it; both must be readable (else 404). */
export const getVersionDiff = async (
  ctx: ServiceContext,
  id: string,
  number: number,
): Promise<SitrepDiff> => {
  const versions = await readableVersions(ctx.db, ctx.actor, id);
  const next = versions.find((v) => v.number === number);
  const previous = versions.find((v) => v.number === number - 1);
  if (!next || !previous) throw new AppError('not_found', 'No such situation report version to compare.');
  return diffVersions(
    { number: previous.number, tlp: previous.tlp, content: contentOf(previous) },
    { number: next.number, tlp: next.tlp, content: contentOf(next) },
  );
};

/** A reader opened a version in a language: the first time counts, later ones change nothing. */
export const recordRead = async (
  ctx: ServiceContext,
  id: string,
  number: number,
  language: Locale,
): Promise<void> => {
  await ctx.db.transaction().execute(async (tx) => {
    // The language the reader chose, complete or not: a version approved with a section still empty
    // in every language is read all the same, and its receipt counts.
    const version = await loadReadableVersion(tx, ctx.actor, id, number);
    await tx
      .insertInto('sitrepReads')
      .values({
        sitrepId: version.sitrepId,
        number: version.number,
        userId: ctx.actor.userId,
        organisationId: ctx.actor.organisationId,
        language,
        readAt: ctx.now(),
      })
      .onConflict((oc) => oc.columns(['sitrepId', 'number', 'userId']).doNothing())
      .execute();
  });
};

/** Per recipient organisation of a version: when someone first opened it, and how many have. Drafters only. */
export const getReceipts = async (
  ctx: ServiceContext,
  id: string,
  number: number | undefined,
): Promise<Receipts> => {
  const sitrep = await loadDraftedSitrep(ctx.db, ctx.actor, id);
  const version = await loadReadableVersion(ctx.db, ctx.actor, sitrep.id, number);
  const reads = await ctx.db
    .selectFrom('sitrepReads')
    .select([
      'organisationId',
      sql<Date>`min(read_at)`.as('firstReadAt'),
      sql<number>`count(distinct user_id)::int`.as('readers'),
    ])
    .where('sitrepId', '=', version.sitrepId)
    .where('number', '=', version.number)
    .groupBy('organisationId')
    .execute();
  const byOrganisation = new Map(reads.map((r) => [r.organisationId, r]));
  const names = new Map(
    version.sharedOrganisationIds.length === 0
      ? []
      : (
          await ctx.db
            .selectFrom('organisations')
            .select(['id', 'shortName'])
            .where('id', 'in', version.sharedOrganisationIds)
            .execute()
        ).map((o) => [o.id, o.shortName]),
  );
  return {
    number: version.number,
    organisations: [...version.sharedOrganisationIds]
      .sort((a, b) => (names.get(a) ?? a).localeCompare(names.get(b) ?? b))
      .map((organisationId) => {
        const read = byOrganisation.get(organisationId);
        return {
          organisationId,
          firstReadAt: read ? new Date(read.firstReadAt).toISOString() : null,
          readers: read?.readers ?? 0,
        };
      }),
  };
};
