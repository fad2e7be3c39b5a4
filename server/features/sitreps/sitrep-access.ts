import { sql, type Expression, type SqlBool } from 'kysely';
import { can, type Actor } from '../../../shared/access/roles.js';
import { canSee } from '../../../shared/access/tlp.js';
import { AppError } from '../../../shared/errors.js';
import { shareableOf } from '../../access/record-access.js';
import { visibleTo } from '../../access/visibility-scope.js';
import type { Db, Tx } from '../../db/connection.js';
import type { Selectable } from 'kysely';
import type { SitrepSectionsTable, SitrepsTable, SitrepVersionsTable } from '../../db/schema-sitreps.js';

/**
 * Who may do what with a situation report: the one place for it (PRODUCT.md, TLP 2.0).
 *
 * - Drafters: whoever may see the `sitreps` row (its owner organisation — the drafting one — and
 *   the organisations it is shared with, i.e. those assigned sections, at the report's marking).
 *   They read the draft and every version.
 * - Recipients: whoever may see a *distributed* `sitrep_versions` row (its sharing lists are the
 *   distribution list). They read distributed versions only, never the draft.
 * - Coordinators of the owner organisation manage the report (edit, approve, distribute, correct).
 * - Analysts and coordinators write the sections assigned to their organisation (unassigned ones
 *   belong to the owner organisation).
 */

export type SitrepRow = Selectable<SitrepsTable>;
export type SitrepVersionRow = Selectable<SitrepVersionsTable>;
export type SitrepSectionRow = Selectable<SitrepSectionsTable>;

/** SQL: the actor drafts the report `alias` (a `sitreps` row). */
export const drafterScope = (actor: Actor, alias: string): Expression<SqlBool> => visibleTo(actor, alias);

/** SQL: the actor receives the version `alias` (a `sitrep_versions` row): distributed and visible. */
export const recipientScope = (actor: Actor, alias: string): Expression<SqlBool> =>
  sql<SqlBool>`(${sql.ref(`${alias}.distributed_at`)} is not null and ${visibleTo(actor, alias)})`;

export const isDrafter = (actor: Actor, row: SitrepRow): boolean => canSee(actor, shareableOf(row));

export const canManageSitrep = (actor: Actor, row: SitrepRow): boolean =>
  isDrafter(actor, row) && can(actor, 'sitrep.approve') && actor.organisationId === row.ownerOrganisationId;

export const canWriteSection = (
  actor: Actor,
  row: SitrepRow,
  section: Pick<SitrepSectionRow, 'assigneeOrganisationId'>,
): boolean =>
  isDrafter(actor, row) &&
  row.status === 'draft' &&
  can(actor, 'content.edit') &&
  (canManageSitrep(actor, row) ||
    (section.assigneeOrganisationId ?? row.ownerOrganisationId) === actor.organisationId);

export const isRecipient = (actor: Actor, version: SitrepVersionRow): boolean =>
  version.distributedAt !== null && canSee(actor, shareableOf(version));

/** The report as its drafter sees it; 404 for anyone else, so that no id can be probed. */
export const loadDraftedSitrep = async (
  db: Db | Tx,
  actor: Actor,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<SitrepRow> => {
  let query = db.selectFrom('sitreps').selectAll().where('id', '=', id);
  if (options.forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  if (!row || !isDrafter(actor, row)) throw new AppError('not_found', 'No such situation report.');
  return row;
};

/** As `loadDraftedSitrep`, and the actor manages it (403 if they draft it but may not manage it). */
export const loadManagedSitrep = async (
  db: Db | Tx,
  actor: Actor,
  id: string,
  options: { forUpdate?: boolean } = {},
) => {
  const row = await loadDraftedSitrep(db, actor, id, options);
  if (!canManageSitrep(actor, row)) {
    throw new AppError('forbidden', 'Only a coordinator of the drafting organisation may do this.');
  }
  return row;
};

/**
 * The versions of a report the actor may read, newest first: all of them for a drafter, the
 * distributed ones shared with them for a recipient. Empty for anyone else.
 */
export const readableVersions = async (
  db: Db | Tx,
  actor: Actor,
  sitrepId: string,
): Promise<SitrepVersionRow[]> => {
  const sitrep = await db.selectFrom('sitreps').selectAll().where('id', '=', sitrepId).executeTakeFirst();
  if (!sitrep) return [];
  const drafter = isDrafter(actor, sitrep);
  return db
    .selectFrom('sitrepVersions as v')
    .selectAll('v')
    .where('v.sitrepId', '=', sitrepId)
    .$if(!drafter, (q) => q.where(recipientScope(actor, 'v')))
    .orderBy('v.number', 'desc')
    .execute();
};

/** One readable version (the latest when `number` is not given); 404 when there is none. */
export const loadReadableVersion = async (
  db: Db | Tx,
  actor: Actor,
  sitrepId: string,
  number?: number,
): Promise<SitrepVersionRow> => {
  const versions = await readableVersions(db, actor, sitrepId);
  const version = number === undefined ? versions[0] : versions.find((v) => v.number === number);
  if (!version) throw new AppError('not_found', 'No such situation report version.');
  return version;
};
