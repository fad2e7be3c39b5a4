import { sql } from 'kysely';
import type { Db, Tx } from '../../db/connection.js';

export const findMe = (db: Db, userId: string) =>
  db
    .selectFrom('users as u')
    .innerJoin('organisations as o', 'o.id', 'u.organisationId')
    .select([
      'u.id',
      'u.name',
      'u.email',
      'u.locale',
      'u.timeZone',
      'u.reportFallbackLanguages',
      'u.roles',
      'u.twoFactorEnabled',
      'o.id as organisationId',
      'o.shortName',
      'o.nameFi',
      'o.nameSv',
      'o.nameEn',
      'o.requireTwoFactor',
      sql<{ id: string; nameFi: string; nameSv: string; nameEn: string }[]>`coalesce((
        select json_agg(json_build_object('id', c.id, 'nameFi', c.name_fi, 'nameSv', c.name_sv, 'nameEn', c.name_en) order by c.name_en)
        from community_members m join communities c on c.id = m.community_id
        where m.organisation_id = o.id), '[]'::json)`.as('communities'),
    ])
    .where('u.id', '=', userId)
    .executeTakeFirst();

export const findPasswordHash = async (db: Db | Tx, userId: string): Promise<string | undefined> =>
  (
    await db
      .selectFrom('accounts')
      .select('password')
      .where('userId', '=', userId)
      .where('providerId', '=', 'credential')
      .executeTakeFirst()
  )?.password ?? undefined;

export const listActiveSessions = (db: Db, userId: string) =>
  db
    .selectFrom('sessions')
    .select(['id', 'createdAt', 'expiresAt', 'ipAddress', 'userAgent'])
    .where('userId', '=', userId)
    .where('expiresAt', '>', new Date())
    .orderBy('createdAt', 'desc')
    .execute();

export const deleteOtherSessions = (tx: Tx, userId: string, keepSessionId: string | null) => {
  let query = tx.deleteFrom('sessions').where('userId', '=', userId);
  if (keepSessionId) query = query.where('id', '!=', keepSessionId);
  return query.execute();
};

export const listTokens = (db: Db, userId: string) =>
  db
    .selectFrom('apiKeys')
    .select(['id', 'name', 'start', 'createdAt', 'expiresAt', 'lastRequest'])
    .where('referenceId', '=', userId)
    .orderBy('createdAt', 'desc')
    .execute();

export const deleteToken = (tx: Tx, userId: string, tokenId: string) =>
  tx.deleteFrom('apiKeys').where('id', '=', tokenId).where('referenceId', '=', userId).executeTakeFirst();
