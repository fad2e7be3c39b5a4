import { sql } from 'kysely';
import { contentRoles, type Actor, type Role } from '../../../shared/access/roles.js';
import type { Db, Tx } from '../../db/connection.js';

const baseQuery = (db: Db | Tx) =>
  db
    .selectFrom('comments as c')
    .innerJoin('users as u', 'u.id', 'c.authorUserId')
    .innerJoin('organisations as o', 'o.id', 'u.organisationId')
    .select([
      'c.id',
      'c.incidentId',
      'c.authorUserId',
      'u.name as authorName',
      'o.shortName as authorOrganisationShortName',
      'c.body',
      'c.createdAt',
      'c.editedAt',
      'c.deletedAt',
      sql<
        string[]
      >`array(select m.user_id from comment_mentions m where m.comment_id = c.id order by m.user_id)`.as(
        'mentionedUserIds',
      ),
    ]);

export type CommentRow = Awaited<ReturnType<ReturnType<typeof baseQuery>['executeTakeFirstOrThrow']>>;

export const listComments = (db: Db | Tx, incidentUuid: string) =>
  baseQuery(db).where('c.incidentId', '=', incidentUuid).orderBy('c.createdAt').orderBy('c.id').execute();

export const findComment = (db: Db | Tx, incidentUuid: string, id: string) =>
  baseQuery(db).where('c.incidentId', '=', incidentUuid).where('c.id', '=', id).executeTakeFirst();

export const insertComment = (tx: Tx, values: { incidentId: string; authorUserId: string; body: string }) =>
  tx.insertInto('comments').values(values).returning('id').executeTakeFirstOrThrow();

export const updateCommentBody = (tx: Tx, id: string, body: string, now: Date) =>
  tx.updateTable('comments').set({ body, editedAt: now }).where('id', '=', id).execute();

export const softDeleteComment = (tx: Tx, id: string, now: Date) =>
  tx.updateTable('comments').set({ body: '', deletedAt: now }).where('id', '=', id).execute();

export const replaceMentions = async (tx: Tx, commentId: string, userIds: readonly string[]) => {
  await tx.deleteFrom('commentMentions').where('commentId', '=', commentId).execute();
  if (userIds.length > 0)
    await tx
      .insertInto('commentMentions')
      .values(userIds.map((userId) => ({ commentId, userId })))
      .execute();
};

export interface UserAsActor extends Actor {
  name: string;
  organisationShortName: string;
}

/**
 * Active users with a reading role, as actors, so that the access rules can be asked whether each
 * may see an incident. Either the given ids, or those whose name contains `q`.
 */
export const findUsersAsActors = async (
  db: Db | Tx,
  filter: { ids: readonly string[] } | { q: string; limit: number },
): Promise<UserAsActor[]> => {
  let query = db
    .selectFrom('users as u')
    .innerJoin('organisations as o', 'o.id', 'u.organisationId')
    .select([
      'u.id as userId',
      'u.name',
      'u.organisationId',
      'u.roles',
      'o.shortName as organisationShortName',
      sql<
        string[]
      >`array(select cm.community_id from community_members cm where cm.organisation_id = u.organisation_id)`.as(
        'communityIds',
      ),
    ])
    .where('u.active', '=', true)
    .where('o.active', '=', true)
    .where(sql<boolean>`u.roles && ${sql.val([...contentRoles])}::text[]`);
  if ('ids' in filter) {
    if (filter.ids.length === 0) return [];
    query = query.where('u.id', 'in', filter.ids);
  } else {
    const pattern = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where('u.name', 'ilike', pattern).orderBy('u.name').orderBy('u.id').limit(filter.limit);
  }
  return (await query.execute()).map((row) => ({ ...row, roles: row.roles as Role[] }));
};
