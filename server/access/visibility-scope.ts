import { sql, type Expression, type SqlBool } from 'kysely';
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
 * The SQL form of `canSee` (shared/access/tlp.ts): lists, searches, counts, exports and the live
 * stream filter with it, so that an invisible record never leaves the database. A property
 * test (visibility-scope.test.ts) holds the two forms together.
 */
export const visibleTo = (actor: Actor, alias: string): Expression<SqlBool> => {
  if (!can(actor, 'content.read')) return sql<SqlBool>`false`;
  const c = shareableColumns(alias);
  const me = sql`${actor.userId}::uuid`;
  const myOrg = sql`${actor.organisationId}::uuid`;
  const myCommunities = sql`${sql.val([...actor.communityIds])}::uuid[]`;

  const tlpAllows = sql<SqlBool>`(
    ${c.tlp} = 'clear'
    or (${c.tlp} = 'green' and (${c.owner} = ${myOrg} or ${myOrg} = any(${c.organisations}) or ${c.communities} && ${myCommunities}))
    or (${c.tlp} in ('amber', 'amber+strict') and (${c.owner} = ${myOrg} or ${myOrg} = any(${c.organisations})))
    or (${c.tlp} = 'red' and ${me} = any(${c.users}))
  )`;

  if (!isReporterOnly(actor)) return sql<SqlBool>`(${c.author} = ${me} or ${tlpAllows})`;
  return sql<SqlBool>`(${c.author} = ${me} or (${tlpAllows} and (
    ${c.tlp} = 'clear' or ${me} = any(${c.users}) or ${myOrg} = any(${c.organisations})
  )))`;
};

/** The columns every shareable table adds, for migrations of later features. */
export const shareableColumnsDdl = sql.raw(`
  tlp text not null check (tlp in ('clear', 'green', 'amber', 'amber+strict', 'red')),
  owner_organisation_id uuid not null references organisations (id),
  author_user_id uuid not null references users (id),
  shared_organisation_ids uuid[] not null default '{}',
  shared_community_ids uuid[] not null default '{}',
  shared_user_ids uuid[] not null default '{}'
`);
