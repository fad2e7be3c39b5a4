import type { ApiToken, CreateApiToken } from '../../../shared/contracts/me.js';
import { createApiTokenSchema } from '../../../shared/contracts/me.js';
import { AppError } from '../../../shared/errors.js';
import type { ServiceContext } from '../../context.js';
import type { Tx } from '../../db/connection.js';
import { appendAudit, recordAudit } from '../audit/audit-log.js';
import { deleteToken, listTokens } from './me-queries.js';

const iso = (value: Date | string | null): string | null =>
  value === null ? null : new Date(value).toISOString();

export const getTokens = async (ctx: ServiceContext): Promise<ApiToken[]> =>
  (await listTokens(ctx.db, ctx.actor.userId)).map((t) => ({
    id: t.id,
    name: t.name ?? '',
    start: t.start,
    createdAt: t.createdAt.toISOString(),
    expiresAt: iso(t.expiresAt),
    lastUsedAt: iso(t.lastRequest),
  }));

/** better-auth mints and hashes the token; we keep only its hash and first characters. */
export const createToken = async (ctx: ServiceContext, input: CreateApiToken) => {
  const data = createApiTokenSchema.parse(input);
  const created = await ctx.auth.api.createApiKey({
    body: {
      name: data.name,
      userId: ctx.actor.userId,
      expiresIn: data.expiresInDays === null ? null : data.expiresInDays * 86400,
    },
  });
  await recordAudit(ctx.db, ctx.audit, {
    action: 'token.create',
    targetType: 'api_token',
    targetId: created.id,
    details: { name: data.name, expiresInDays: data.expiresInDays },
  });
  return {
    token: {
      id: created.id,
      name: created.name ?? data.name,
      start: created.start ?? null,
      createdAt: new Date(created.createdAt).toISOString(),
      expiresAt: created.expiresAt ? new Date(created.expiresAt).toISOString() : null,
      lastUsedAt: null,
    },
    secret: created.key,
  };
};

export const revokeToken = (ctx: ServiceContext, tokenId: string) =>
  ctx.db.transaction().execute(async (tx: Tx) => {
    const result = await deleteToken(tx, ctx.actor.userId, tokenId);
    if (Number(result.numDeletedRows) === 0) throw new AppError('not_found', 'No such token.');
    await appendAudit(tx, ctx.audit, { action: 'token.revoke', targetType: 'api_token', targetId: tokenId });
  });
