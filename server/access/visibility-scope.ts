import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import { can, isReporterOnly, type Actor } from '../../shared/access/roles.js';

/**
 * Every shareable table carries these columns (see docs/architecture.md, "Shareable records"):
 * tlp, owner_organisation_id, author_user_id, shared_organisation_ids uuid[],
 * shared_community_ids uuid[], shared_user_ids uuid[]. `alias` is the table's alias in the query.
 */
export const shareableColumns = (alias: string) => ({
  tlp: sql.ref(`${alias}.tlp`),
  owner: sql.ref(`${alias}.owner_organisation_id`),
  author: sql.ref(`${alias}.author_user_id`),
  organisations: sql.ref(`${alias}.shared_organisation_ids`),
  communities: sql.ref(`${alias}.shared_community_ids`),
  users: sql.ref(`${alias}.shared_user_ids`),
});

/**
 * The actor's side of the rule as SQL expressions: literals for one actor (visibleTo), the
 * columns of a relation of many actors (visibleToActors). Role questions are answered in
 * TypeScript by `can` and `isReporterOnly`, so the role table lives in one place only.
 */
interface ActorTerms {
  userId: Expression<unknown>;
  organisationId: Expression<unknown>;
  communityIds: Expression<unknown>;
  canRead: Expression<unknown>;
  reporterOnly: Expression<unknown>;
}

/** The one SQL definition of `canSee` (shared/access/tlp.ts). */
const visibilityRule = (a: ActorTerms, alias: string): RawBuilder<SqlBool> => {
  const c = shareableColumns(alias);
  const tlpAllows = sql<SqlBool>`(
    ${c.tlp} = 'clear'
    or (${c.tlp} = 'green' and (${c.owner} = ${a.organisationId} or ${a.organisationId} = any(${c.organisations}) or ${c.communities} && ${a.communityIds}))
    or (${c.tlp} in ('amber', 'amber+strict') and (${c.owner} = ${a.organisationId} or ${a.organisationId} = any(${c.organisations})))
    or (${c.tlp} = 'red' and ${a.userId} = any(${c.users}))
  )`;
  return sql<SqlBool>`(${a.canRead} and (${c.author} = ${a.userId} or (${tlpAllows} and (
    not ${a.reporterOnly} or ${c.tlp} = 'clear' or ${a.userId} = any(${c.users}) or ${a.organisationId} = any(${c.organisations})
  ))))`;
};

/**
 * The SQL form of `canSee` (shared/access/tlp.ts): lists, searches, counts and exports filter
 * with it, so that an invisible record never leaves the database. A property test
 * (visibility-scope.test.ts) holds the two forms together.
 */
export const visibleTo = (actor: Actor, alias: string): Expression<SqlBool> => {
  if (!can(actor, 'content.read')) return sql<SqlBool>`false`;
  // Constants, so that PostgreSQL folds the role branches away while planning.
  return visibilityRule(
    {
      userId: sql`${actor.userId}::uuid`,
      organisationId: sql`${actor.organisationId}::uuid`,
      communityIds: sql`${sql.val([...actor.communityIds])}::uuid[]`,
      canRead: sql.raw('true'),
      reporterOnly: sql.raw(isReporterOnly(actor) ? 'true' : 'false'),
    },
    alias,
  );
};

/**
 * Many actors as one relation, `key` being the actor's index in `actors`: one parameter (jsonb),
 * however many actors. Use it with `visibleToActors` to decide for every actor at once:
 *
 *   select r.id, a.key from records r cross join ${actorsRelation(actors, 'a')}
 *   where ${visibleToActors('a', 'r')}
 */
export const actorsRelation = (actors: readonly Actor[], alias: string): RawBuilder<unknown> => {
  const rows = actors.map((actor, key) => ({
    key,
    user_id: actor.userId,
    organisation_id: actor.organisationId,
    community_ids: actor.communityIds,
    can_read: can(actor, 'content.read'),
    reporter_only: isReporterOnly(actor),
  }));
  return sql`jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as ${sql.id(alias)} (
    key int, user_id uuid, organisation_id uuid, community_ids uuid[], can_read boolean, reporter_only boolean
  )`;
};

/**
 * The set form of `visibleTo`: true for each (actor, record) pair where the actor of the relation
 * `actorsAlias` (see `actorsRelation`) may see the record `recordAlias`. The live stream decides
 * for all its connected users in one query per batch of changes.
 */
export const visibleToActors = (actorsAlias: string, recordAlias: string): Expression<SqlBool> =>
  visibilityRule(
    {
      userId: sql.ref(`${actorsAlias}.user_id`),
      organisationId: sql.ref(`${actorsAlias}.organisation_id`),
      communityIds: sql.ref(`${actorsAlias}.community_ids`),
      canRead: sql.ref(`${actorsAlias}.can_read`),
      reporterOnly: sql.ref(`${actorsAlias}.reporter_only`),
    },
    recordAlias,
  );

/** The columns every shareable table adds, for migrations of later features. */
export const shareableColumnsDdl = sql.raw(`
  tlp text not null check (tlp in ('clear', 'green', 'amber', 'amber+strict', 'red')),
  owner_organisation_id uuid not null references organisations (id),
  author_user_id uuid not null references users (id),
  shared_organisation_ids uuid[] not null default '{}',
  shared_community_ids uuid[] not null default '{}',
  shared_user_ids uuid[] not null default '{}'
`);
