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

/** One round trip: the user, their organisation's two-factor rule and its communities. */
export const findActorRow = (db: Db, userId: string): Promise<ActorRow | undefined> =>
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
    ])
    .where('u.id', '=', userId)
    .executeTakeFirst();
