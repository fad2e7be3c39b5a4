import { sql } from 'kysely';
import type { Role } from '../../../shared/access/roles.js';
import { PREPARE, type Db } from '../../db/connection.js';
import { groupCalls, groupedPer } from '../../lib/group-calls.js';

export interface ActorRow {
  userId: string;
  organisationId: string;
  roles: Role[];
  active: boolean;
  mustChangePassword: boolean;
  twoFactorEnabled: boolean;
  requireTwoFactor: boolean;
  communityIds: string[];
}

const actorQuery = (db: Db) =>
  db
    .selectFrom('users as u')
    .modifyFront(sql.raw(PREPARE))
    .innerJoin('organisations as o', 'o.id', 'u.organisationId')
    .select([
      'u.id as userId',
      'u.organisationId',
      'u.roles',
      'u.active',
      'u.mustChangePassword',
      'u.twoFactorEnabled',
      'o.requireTwoFactor',
      sql<
        string[]
      >`array(select cm.community_id from community_members cm where cm.organisation_id = u.organisation_id)`.as(
        'communityIds',
      ),
    ]);

/** One round trip: the user, their organisation's two-factor rule and its communities. */
export const findActorRow = (db: Db, userId: string): Promise<ActorRow | undefined> =>
  actorQuery(db).where('u.id', '=', userId).executeTakeFirst();

const findActorsBySessionTokens = async (db: Db, tokens: readonly string[]) => {
  const rows = await actorQuery(db)
    .innerJoin('sessions as s', 's.userId', 'u.id')
    .select(['s.id as sessionId', 's.token'])
    .where(sql<boolean>`s.token = any(${[...tokens]}::text[])`)
    .where('s.expiresAt', '>', sql<Date>`now()`)
    .execute();
  const byToken = new Map(rows.map(({ token, ...row }) => [token, row]));
  return tokens.map((token) => byToken.get(token));
};

/**
 * The same, found by an unexpired session token: the whole of a cookie request's authentication in
 * one query, shared by the requests arriving at the same time (group-calls.ts).
 */
export const findActorBySessionToken: (
  db: Db,
  token: string,
) => Promise<(ActorRow & { sessionId: string }) | undefined> = groupedPer((db: Db) =>
  groupCalls((tokens: readonly string[]) => findActorsBySessionTokens(db, tokens)),
);
