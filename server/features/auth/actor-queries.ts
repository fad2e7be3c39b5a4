import { sql } from 'kysely';
import type { Role } from '../../../shared/access/roles.js';
import type { Db } from '../../db/connection.js';

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

/** The same, found by an unexpired session token: the whole of a cookie request's authentication in one query. */
export const findActorBySessionToken = (
  db: Db,
  token: string,
): Promise<(ActorRow & { sessionId: string }) | undefined> =>
  actorQuery(db)
    .innerJoin('sessions as s', 's.userId', 'u.id')
    .select('s.id as sessionId')
    .where('s.token', '=', token)
    .where('s.expiresAt', '>', sql<Date>`now()`)
    .executeTakeFirst();
