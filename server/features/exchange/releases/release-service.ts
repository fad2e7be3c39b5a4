import { releaseRefusal } from '../../../../shared/access/release.js';
import {
  holdReleaseSchema,
  proposeReleaseSchema,
  redactReleaseSchema,
  releaseQuerySchema,
  type HoldRelease,
  type ProposeRelease,
  type RedactRelease,
  type Release,
  type ReleasedList,
  type ReleasePage,
  type ReleaseQuery,
  type ReleaseSummary,
} from '../../../../shared/contracts/exchange-partners.js';
import { AppError } from '../../../../shared/errors.js';
import type { ServiceContext } from '../../../context.js';
import type { Tx } from '../../../db/connection.js';
import { decodeCursor, encodeCursor } from '../../../lib/cursor.js';
import { appendAudit } from '../../audit/audit-log.js';
import { requireExchangeCoordinator } from '../partners/partner-policy.js';
import type { PartnerRow } from '../partners/partner-queries.js';
import { loadManagedPartner } from '../partners/partner-service.js';
import type { StixObject } from '../stix/stix-types.js';
import { buildReleaseObjects } from './release-objects.js';
import { proposeRelease, refusalError, releaseNow, unionFields } from './release-flow.js';
import {
  findRelease,
  listReleased,
  listReleases,
  lockRelease,
  releaseObjects,
  updateRelease,
  type ReleaseRow,
} from './release-queries.js';
import { loadRecordForRelease, recordApiId, recordUuid, type RecordForRelease } from './release-records.js';
import { proposeUpdatedReleases } from './release-updates.js';

const presentSummary = (row: ReleaseRow): ReleaseSummary => ({
  id: row.id,
  partnerId: row.partnerId,
  partnerName: row.partnerName,
  recordType: row.recordType,
  recordId: recordApiId(row.recordType, row.recordId),
  recordVersion: row.recordVersion,
  title: row.recordTitle,
  tlp: row.recordTlp,
  status: row.status,
  redactedFields: row.redactedFields,
  omittedObjectIds: row.omittedObjectIds,
  objectCount: Number(row.objectCount),
  proposedBy: row.proposedByUserId ? { userId: row.proposedByUserId, name: row.proposedByName ?? '' } : null,
  proposedAt: row.proposedAt.toISOString(),
  decidedBy: row.decidedByUserId ? { userId: row.decidedByUserId, name: row.decidedByName ?? '' } : null,
  decidedAt: row.decidedAt?.toISOString() ?? null,
  reason: row.reason,
});

/** The record behind a release, checked again for the actor: the rules may have changed since. */
const loadReleasableRecord = async (
  tx: Tx,
  ctx: ServiceContext,
  partner: PartnerRow,
  type: RecordForRelease['type'],
  uuid: string | undefined,
  versionNumber?: number,
): Promise<RecordForRelease> => {
  const record = uuid ? await loadRecordForRelease(tx, type, uuid, versionNumber) : undefined;
  if (!record)
    throw new AppError(
      'not_found',
      type === 'incident' ? 'No such incident.' : 'No such situation report version.',
    );
  const refusal = releaseRefusal(ctx.actor, record.access, type, partner);
  if (refusal) throw refusalError(refusal);
  return record;
};

/**
 * A release of an agreement the actor manages (404 otherwise), locked for the decision: the
 * agreement first, then the release, the order in which the platform's proposals lock them too.
 */
const loadManagedRelease = async (tx: Tx, ctx: ServiceContext, id: string) => {
  requireExchangeCoordinator(ctx.actor);
  const found = await findRelease(tx, id);
  if (!found) throw new AppError('not_found', 'No such release.');
  const partner = await loadManagedPartner(tx, ctx.actor, found.partnerId, { forUpdate: true }).catch(() => {
    throw new AppError('not_found', 'No such release.');
  });
  await lockRelease(tx, id);
  return { partner, release: (await findRelease(tx, id))! };
};

const assertOpen = (release: ReleaseRow) => {
  if (release.status !== 'pending' && release.status !== 'held') {
    throw new AppError('invalid_transition', `The release is ${release.status}: it can no longer change.`);
  }
};

export const getRelease = async (ctx: ServiceContext, id: string): Promise<Release> => {
  requireExchangeCoordinator(ctx.actor);
  const row = await findRelease(ctx.db, id);
  if (!row) throw new AppError('not_found', 'No such release.');
  await loadManagedPartner(ctx.db, ctx.actor, row.partnerId).catch(() => {
    throw new AppError('not_found', 'No such release.');
  });
  return {
    ...presentSummary(row),
    objects: await releaseObjects(ctx.db, id),
    availableObjectIds: row.availableObjects,
  };
};

export const proposeReleaseFor = async (ctx: ServiceContext, input: ProposeRelease): Promise<Release> => {
  requireExchangeCoordinator(ctx.actor);
  const data = proposeReleaseSchema.parse(input);
  const outcome = await ctx.db.transaction().execute(async (tx) => {
    const partner = await loadManagedPartner(tx, ctx.actor, data.partnerId, { forUpdate: true });
    const uuid = recordUuid(data.recordType, data.recordId);
    const record = await loadReleasableRecord(tx, ctx, partner, data.recordType, uuid, data.versionNumber);
    return proposeRelease(tx, {
      partner,
      record,
      redaction: { fields: partner.redactedFields, omitObjectIds: [] },
      proposedByUserId: ctx.actor.userId,
      audit: ctx.audit,
      now: ctx.now(),
    });
  });
  if ('skipped' in outcome) throw new AppError('conflict', outcome.skipped);
  return getRelease(ctx, outcome.releaseId);
};

export const listReleaseQueue = async (ctx: ServiceContext, query: ReleaseQuery): Promise<ReleasePage> => {
  requireExchangeCoordinator(ctx.actor);
  const q = releaseQuerySchema.parse(query);
  const key = decodeCursor<[string, string]>(q.cursor, ['string', 'string']);
  const rows = await listReleases(ctx.db, {
    organisationId: ctx.actor.organisationId,
    partnerId: q.partnerId,
    status: q.status,
    before: key ? { proposedAt: key[0], id: key[1] } : undefined,
    limit: q.limit + 1,
  });
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  return {
    items: page.map(presentSummary),
    nextCursor: rows.length > q.limit && last ? encodeCursor([last.proposedAtKey, last.id]) : null,
  };
};

/**
 * Rebuilds the preview with the agreement's redactions and these (the agreement's cannot be taken
 * away) from the record as it is now: a held release returns to pending, its new preview awaiting
 * a decision.
 */
export const redactRelease = async (
  ctx: ServiceContext,
  id: string,
  input: RedactRelease,
): Promise<Release> => {
  requireExchangeCoordinator(ctx.actor);
  const data = redactReleaseSchema.parse(input);
  await ctx.db.transaction().execute(async (tx) => {
    const { partner, release } = await loadManagedRelease(tx, ctx, id);
    assertOpen(release);
    const versionNumber = release.recordType === 'sitrep' ? Number(release.recordVersion) : undefined;
    const record = await loadReleasableRecord(
      tx,
      ctx,
      partner,
      release.recordType,
      release.recordId,
      versionNumber,
    );
    const fields = unionFields(partner.redactedFields, data.fields);
    const built = await buildReleaseObjects(tx, record, partner.tlpCeiling, {
      fields,
      omitObjectIds: data.omitObjectIds,
    });
    await updateRelease(tx, id, {
      status: 'pending',
      recordVersion: built.version,
      recordTitle: record.title,
      recordTlp: record.access.tlp as PartnerRow['tlpCeiling'],
      objects: JSON.stringify(built.objects),
      availableObjects: JSON.stringify(built.available),
      redactedFields: fields,
      omittedObjectIds: data.omitObjectIds,
      decidedByUserId: null,
      decidedAt: null,
      reason: null,
    });
    await appendAudit(tx, ctx.audit, {
      action: 'release.redacted',
      targetType: 'release',
      targetId: id,
      details: {
        partnerId: partner.id,
        recordVersion: built.version,
        redactedFields: fields,
        omittedObjectIds: data.omitObjectIds,
        objectCount: built.objects.length,
      },
    });
  });
  return getRelease(ctx, id);
};

/** Writes exactly the previewed objects into the partner's collection. */
export const approveRelease = async (ctx: ServiceContext, id: string): Promise<Release> => {
  requireExchangeCoordinator(ctx.actor);
  const released = await ctx.db.transaction().execute(async (tx) => {
    const { partner, release } = await loadManagedRelease(tx, ctx, id);
    assertOpen(release);
    const versionNumber = release.recordType === 'sitrep' ? Number(release.recordVersion) : undefined;
    await loadReleasableRecord(tx, ctx, partner, release.recordType, release.recordId, versionNumber);
    await releaseNow(tx, {
      releaseId: id,
      partner,
      record: {
        type: release.recordType,
        apiId: recordApiId(release.recordType, release.recordId),
        version: release.recordVersion,
        tlp: release.recordTlp,
      },
      objects: (await releaseObjects(tx, id)) as StixObject[],
      decidedByUserId: ctx.actor.userId,
      audit: ctx.audit,
      now: ctx.now(),
    });
    return release;
  });
  // The record may have changed while its release waited: propose the newer version at once.
  await proposeUpdatedReleases(ctx.db, ctx.now(), {
    partnerId: released.partnerId,
    recordType: released.recordType,
    recordId: released.recordId,
    log: ctx.log,
  });
  return getRelease(ctx, id);
};

export const holdRelease = async (ctx: ServiceContext, id: string, input: HoldRelease): Promise<Release> => {
  requireExchangeCoordinator(ctx.actor);
  const data = holdReleaseSchema.parse(input);
  await ctx.db.transaction().execute(async (tx) => {
    const { partner, release } = await loadManagedRelease(tx, ctx, id);
    if (release.status !== 'pending') {
      throw new AppError(
        'invalid_transition',
        `Only a pending release can be held; this one is ${release.status}.`,
      );
    }
    await updateRelease(tx, id, {
      status: 'held',
      reason: data.reason,
      decidedByUserId: ctx.actor.userId,
      decidedAt: ctx.now(),
    });
    await appendAudit(tx, ctx.audit, {
      action: 'release.held',
      targetType: 'release',
      targetId: id,
      details: {
        partnerId: partner.id,
        recordId: recordApiId(release.recordType, release.recordId),
        reason: data.reason,
      },
    });
  });
  return getRelease(ctx, id);
};

/** What was released to the partner, by record, newest first. */
export const listReleasedToPartner = async (
  ctx: ServiceContext,
  partnerId: string,
): Promise<ReleasedList> => {
  const partner = await loadManagedPartner(ctx.db, ctx.actor, partnerId);
  const rows = await listReleased(ctx.db, partner.id);
  const records = new Map<string, ReleasedList['items'][number]>();
  for (const row of rows) {
    const key = `${row.recordType}:${row.recordId}`;
    let record = records.get(key);
    if (!record) {
      record = {
        recordType: row.recordType,
        recordId: recordApiId(row.recordType, row.recordId),
        title: row.recordTitle,
        releases: [],
      };
      records.set(key, record);
    }
    record.releases.push({
      releaseId: row.id,
      recordVersion: row.recordVersion,
      objectCount: Number(row.objectCount),
      releasedBy: row.decidedByUserId ? { userId: row.decidedByUserId, name: row.decidedByName ?? '' } : null,
      releasedAt: row.decidedAt!.toISOString(),
    });
  }
  return { items: [...records.values()] };
};
