import type { Actor } from '../../../../shared/access/roles.js';
import {
  createPartnerSchema,
  createPartnerTokenSchema,
  updatePartnerSchema,
  type CollectionList,
  type CreatedPartnerToken,
  type CreatePartner,
  type CreatePartnerToken,
  type Partner,
  type PartnerList,
  type PartnerToken,
  type PartnerTokenList,
  type TaxiiCollection,
  type UpdatePartner,
} from '../../../../shared/contracts/exchange-partners.js';
import { AppError } from '../../../../shared/errors.js';
import type { ServiceContext } from '../../../context.js';
import type { Db, Tx } from '../../../db/connection.js';
import { appendAudit } from '../../audit/audit-log.js';
import { assertManagedPartner, requireExchangeCoordinator } from './partner-policy.js';
import {
  collectionsOf,
  countReleased,
  deletePartnerRow,
  findPartner,
  findToken,
  insertCollection,
  insertPartner,
  insertToken,
  listPartnersOf,
  listTokens,
  partnerCounts,
  revokeTokenRow,
  updatePartnerRow,
  type CollectionRow,
  type PartnerRow,
  type TokenRow,
} from './partner-queries.js';
import { generatePartnerToken } from './partner-tokens.js';

const isUniqueViolation = (error: unknown): boolean => (error as { code?: string }).code === '23505';

export const presentCollection = (row: CollectionRow): TaxiiCollection => ({
  id: row.id,
  partnerId: row.partnerId,
  title: row.title,
  description: row.description,
  alias: row.alias,
  canRead: row.canRead,
  canWrite: row.canWrite,
  objectCount: Number(row.objectCount),
  createdAt: row.createdAt.toISOString(),
});

const presentPartners = async (db: Db | Tx, rows: PartnerRow[]): Promise<Partner[]> => {
  const ids = rows.map((r) => r.id);
  const collections = await collectionsOf(db, ids);
  const counts = await partnerCounts(db, ids);
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    description: row.description,
    contact: row.contact,
    ownerOrganisationId: row.ownerOrganisationId,
    tlpCeiling: row.tlpCeiling,
    recordTypes: row.recordTypes,
    redactedFields: row.redactedFields,
    requiresApproval: row.requiresApproval,
    defaultImportTlp: row.defaultImportTlp,
    active: row.active,
    collections: collections.filter((c) => c.partnerId === row.id).map(presentCollection),
    activeTokenCount: counts.get(row.id)?.tokens ?? 0,
    pendingReleaseCount: counts.get(row.id)?.pending ?? 0,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }));
};

const presentPartner = async (db: Db | Tx, row: PartnerRow): Promise<Partner> =>
  (await presentPartners(db, [row]))[0]!;

/** The agreement, if the actor manages it: 403 for other roles, 404 for other organisations. */
export const loadManagedPartner = async (
  db: Db | Tx,
  actor: Actor,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<PartnerRow> => {
  requireExchangeCoordinator(actor);
  return assertManagedPartner(actor, await findPartner(db, id, options));
};

const outboundCollection = (partner: Pick<PartnerRow, 'id' | 'name'>) => ({
  partnerId: partner.id,
  title: `Vaalivahti → ${partner.name}`,
  description: `What the agreement with ${partner.name} releases to it.`,
  canRead: true,
  canWrite: false,
});

const inboundCollection = (partner: Pick<PartnerRow, 'id' | 'name'>) => ({
  partnerId: partner.id,
  title: `${partner.name} → Vaalivahti`,
  description: `What ${partner.name} sends: imported for review, never published as is.`,
  canRead: false,
  canWrite: true,
});

const duplicateName = () =>
  new AppError('conflict', 'Your organisation already has an agreement with that name.');

export const listPartners = async (ctx: ServiceContext): Promise<PartnerList> => {
  requireExchangeCoordinator(ctx.actor);
  return { items: await presentPartners(ctx.db, await listPartnersOf(ctx.db, ctx.actor.organisationId)) };
};

export const getPartner = async (ctx: ServiceContext, id: string): Promise<Partner> =>
  presentPartner(ctx.db, await loadManagedPartner(ctx.db, ctx.actor, id));

export const createPartner = async (ctx: ServiceContext, input: CreatePartner): Promise<Partner> => {
  requireExchangeCoordinator(ctx.actor);
  const data = createPartnerSchema.parse(input);
  try {
    return await ctx.db.transaction().execute(async (tx) => {
      const row = await insertPartner(tx, {
        name: data.name,
        description: data.description,
        contact: data.contact,
        ownerOrganisationId: ctx.actor.organisationId,
        tlpCeiling: data.tlpCeiling,
        recordTypes: data.recordTypes,
        redactedFields: data.redactedFields,
        requiresApproval: data.requiresApproval,
        defaultImportTlp: data.defaultImportTlp,
        active: data.active,
        createdByUserId: ctx.actor.userId,
        updatedAt: ctx.now(),
      });
      const collections = [await insertCollection(tx, outboundCollection(row))];
      if (data.inboundCollection) collections.push(await insertCollection(tx, inboundCollection(row)));
      await appendAudit(tx, ctx.audit, {
        action: 'partner.created',
        targetType: 'partner',
        targetId: row.id,
        details: { ...data, collectionIds: collections.map((c) => c.id) },
      });
      return presentPartner(tx, row);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateName();
    throw error;
  }
};

export const updatePartner = async (
  ctx: ServiceContext,
  id: string,
  input: UpdatePartner,
): Promise<Partner> => {
  requireExchangeCoordinator(ctx.actor);
  const data = updatePartnerSchema.parse(input);
  try {
    return await ctx.db.transaction().execute(async (tx) => {
      const before = await loadManagedPartner(tx, ctx.actor, id, { forUpdate: true });
      const { inboundCollection: wantsInbound, ...fields } = data;
      const row = await updatePartnerRow(tx, id, { ...fields, updatedAt: ctx.now() });
      let inboundId: string | null = null;
      if (wantsInbound) {
        const existing = (await collectionsOf(tx, [id])).find((c) => c.canWrite);
        if (!existing) inboundId = (await insertCollection(tx, inboundCollection(row))).id;
      }
      const changed = Object.fromEntries(
        Object.entries(fields).map(([key, value]) => [
          key,
          { from: before[key as keyof PartnerRow], to: value },
        ]),
      );
      await appendAudit(tx, ctx.audit, {
        action: 'partner.updated',
        targetType: 'partner',
        targetId: id,
        details: { changed, ...(inboundId ? { inboundCollectionId: inboundId } : {}) },
      });
      return presentPartner(tx, row);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateName();
    throw error;
  }
};

/**
 * An agreement through which something was released stays, as the record of what left (deactivate
 * it instead); one that never released anything may be deleted with its tokens and collections.
 */
export const deletePartner = async (ctx: ServiceContext, id: string): Promise<void> => {
  await ctx.db.transaction().execute(async (tx) => {
    const partner = await loadManagedPartner(tx, ctx.actor, id, { forUpdate: true });
    if ((await countReleased(tx, id)) > 0) {
      throw new AppError(
        'conflict',
        'Records were released through this agreement: it is kept as their record. Deactivate it instead.',
      );
    }
    await deletePartnerRow(tx, id);
    await appendAudit(tx, ctx.audit, {
      action: 'partner.deleted',
      targetType: 'partner',
      targetId: id,
      details: { name: partner.name },
    });
  });
};

export const listPartnerCollections = async (ctx: ServiceContext, id: string): Promise<CollectionList> => {
  const partner = await loadManagedPartner(ctx.db, ctx.actor, id);
  return { items: (await collectionsOf(ctx.db, [partner.id])).map(presentCollection) };
};

const presentToken = (row: TokenRow): PartnerToken => ({
  id: row.id,
  partnerId: row.partnerId,
  name: row.name,
  start: row.start,
  createdBy: { userId: row.createdByUserId, name: row.createdByName },
  createdAt: row.createdAt.toISOString(),
  lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  revokedAt: row.revokedAt?.toISOString() ?? null,
});

export const listPartnerTokens = async (ctx: ServiceContext, id: string): Promise<PartnerTokenList> => {
  const partner = await loadManagedPartner(ctx.db, ctx.actor, id);
  return { items: (await listTokens(ctx.db, partner.id)).map(presentToken) };
};

export const createPartnerToken = async (
  ctx: ServiceContext,
  id: string,
  input: CreatePartnerToken,
): Promise<CreatedPartnerToken> => {
  requireExchangeCoordinator(ctx.actor);
  const data = createPartnerTokenSchema.parse(input);
  return ctx.db.transaction().execute(async (tx) => {
    const partner = await loadManagedPartner(tx, ctx.actor, id, { forUpdate: true });
    const secret = generatePartnerToken();
    const { id: tokenId } = await insertToken(tx, {
      partnerId: partner.id,
      name: data.name,
      tokenHash: secret.hash,
      start: secret.start,
      createdByUserId: ctx.actor.userId,
    });
    await appendAudit(tx, ctx.audit, {
      action: 'partner_token.created',
      targetType: 'partner',
      targetId: partner.id,
      details: { tokenId, name: data.name, start: secret.start },
    });
    return { ...presentToken((await findToken(tx, partner.id, tokenId))!), token: secret.token };
  });
};

export const revokePartnerToken = async (
  ctx: ServiceContext,
  id: string,
  tokenId: string,
): Promise<PartnerToken> =>
  ctx.db.transaction().execute(async (tx) => {
    const partner = await loadManagedPartner(tx, ctx.actor, id, { forUpdate: true });
    const token = await findToken(tx, partner.id, tokenId);
    if (!token) throw new AppError('not_found', 'No such partner token.');
    const result = await revokeTokenRow(tx, tokenId, ctx.actor.userId, ctx.now());
    if (Number(result.numUpdatedRows) > 0) {
      await appendAudit(tx, ctx.audit, {
        action: 'partner_token.revoked',
        targetType: 'partner',
        targetId: partner.id,
        details: { tokenId, name: token.name, start: token.start },
      });
    }
    return presentToken((await findToken(tx, partner.id, tokenId))!);
  });
