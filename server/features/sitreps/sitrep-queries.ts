import { sql, type Insertable, type Selectable, type SqlBool } from 'kysely';
import type { Actor } from '../../../shared/access/roles.js';
import type { Tlp } from '../../../shared/access/tlp.js';
import type { SitrepStatus } from '../../../shared/contracts/sitreps.js';
import { AppError } from '../../../shared/errors.js';
import { visibleTo } from '../../access/visibility-scope.js';
import type { Db, Tx } from '../../db/connection.js';
import type {
  SitrepIncidentsTable,
  SitrepSectionsTable,
  SitrepsTable,
  SitrepTemplatesTable,
} from '../../db/schema-sitreps.js';
import { decodeCursor, encodeCursor } from '../../lib/cursor.js';
import { drafterScope, recipientScope, type SitrepRow } from './sitrep-access.js';

export type TemplateRow = Selectable<SitrepTemplatesTable>;

// ---------------------------------------------------------------- templates

export const listTemplateRows = (db: Db | Tx): Promise<TemplateRow[]> =>
  db
    .selectFrom('sitrepTemplates')
    .selectAll()
    .orderBy(sql`array_position(array['daily', 'election_day', 'weekly', 'ad_hoc'], kind)`)
    .orderBy('key')
    .execute();

export const findTemplateRow = (db: Db | Tx, id: string, options: { forUpdate?: boolean } = {}) => {
  let query = db.selectFrom('sitrepTemplates').selectAll().where('id', '=', id);
  if (options.forUpdate) query = query.forUpdate();
  return query.executeTakeFirst();
};

export const updateTemplateRow = (
  tx: Tx,
  id: string,
  values: Partial<Pick<TemplateRow, 'nameFi' | 'nameSv' | 'nameEn' | 'periodHours'>> & {
    sections?: TemplateRow['sections'];
  },
  userId: string,
) => {
  const { sections, ...rest } = values;
  return tx
    .updateTable('sitrepTemplates')
    .set({
      ...rest,
      ...(sections ? { sections: JSON.stringify(sections) } : {}),
      version: sql<number>`version + 1`,
      updatedByUserId: userId,
      updatedAt: new Date(),
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
};

// ---------------------------------------------------------------- references

export const findElectionNames = (db: Db | Tx, id: string) =>
  db
    .selectFrom('elections')
    .select(['id', 'nameFi', 'nameSv', 'nameEn'])
    .where('id', '=', id)
    .executeTakeFirst();

export const missingIds = async (
  db: Db | Tx,
  table: 'organisations' | 'communities',
  ids: readonly string[],
): Promise<string[]> => {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  const query =
    table === 'organisations'
      ? db.selectFrom('organisations').select('id').where('id', 'in', unique).where('active', '=', true)
      : db.selectFrom('communities').select('id').where('id', 'in', unique);
  const found = new Set((await query.execute()).map((r) => r.id));
  return unique.filter((id) => !found.has(id));
};

/** Where the previous report of this template and election (that the actor drafts) ended. */
export const previousPeriodEnd = async (
  db: Db | Tx,
  actor: Actor,
  input: { electionId: string; templateId: string; before: Date },
): Promise<Date | undefined> =>
  (
    await db
      .selectFrom('sitreps as s')
      .select('s.periodEnd')
      .where('s.electionId', '=', input.electionId)
      .where('s.templateId', '=', input.templateId)
      .where('s.periodEnd', '<', input.before)
      .where(drafterScope(actor, 's'))
      .orderBy('s.periodEnd', 'desc')
      .limit(1)
      .executeTakeFirst()
  )?.periodEnd;

// ---------------------------------------------------------------- the draft

export const insertSitrep = (tx: Tx, values: Insertable<SitrepsTable>): Promise<SitrepRow> =>
  tx.insertInto('sitreps').values(values).returningAll().executeTakeFirstOrThrow();

export const insertSections = async (tx: Tx, rows: Insertable<SitrepSectionsTable>[]) => {
  if (rows.length > 0) await tx.insertInto('sitrepSections').values(rows).execute();
};

export const insertSitrepIncidents = async (tx: Tx, rows: Insertable<SitrepIncidentsTable>[]) => {
  if (rows.length > 0) {
    await tx
      .insertInto('sitrepIncidents')
      .values(rows)
      .onConflict((oc) => oc.columns(['sitrepId', 'incidentId']).doNothing())
      .execute();
  }
};

export const nextIncidentPosition = async (tx: Tx, sitrepId: string): Promise<number> =>
  Number(
    (
      await tx
        .selectFrom('sitrepIncidents')
        .select(sql<number>`coalesce(max(position), 0) + 1`.as('next'))
        .where('sitrepId', '=', sitrepId)
        .executeTakeFirstOrThrow()
    ).next,
  );

export const deleteSitrepIncident = async (tx: Tx, sitrepId: string, incidentId: string): Promise<boolean> =>
  (
    await tx
      .deleteFrom('sitrepIncidents')
      .where('sitrepId', '=', sitrepId)
      .where('incidentId', '=', incidentId)
      .executeTakeFirst()
  ).numDeletedRows > 0n;

export const updateSitrepRow = (tx: Tx, id: string, values: Partial<SitrepRow>) =>
  tx
    .updateTable('sitreps')
    .set({ ...values, updatedAt: new Date() } as never)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow() as Promise<SitrepRow>;

export const touchSitrep = (tx: Tx, id: string) =>
  tx.updateTable('sitreps').set({ updatedAt: new Date() }).where('id', '=', id).execute();

export type SectionWithNames = Selectable<SitrepSectionsTable> & {
  updatedByName: string | null;
  editingName: string | null;
};

const sectionsQuery = (db: Db | Tx, sitrepId: string) =>
  db
    .selectFrom('sitrepSections as sec')
    .leftJoin('users as w', 'w.id', 'sec.updatedByUserId')
    .leftJoin('users as e', 'e.id', 'sec.editingUserId')
    .selectAll('sec')
    .select(['w.name as updatedByName', 'e.name as editingName'])
    .where('sec.sitrepId', '=', sitrepId);

export const listSectionRows = (db: Db | Tx, sitrepId: string): Promise<SectionWithNames[]> =>
  sectionsQuery(db, sitrepId).orderBy('sec.position').execute();

export const findSectionRow = (
  db: Db | Tx,
  sitrepId: string,
  key: string,
): Promise<SectionWithNames | undefined> =>
  sectionsQuery(db, sitrepId).where('sec.key', '=', key).executeTakeFirst();

export const lockSection = (tx: Tx, sitrepId: string, key: string) =>
  tx
    .selectFrom('sitrepSections')
    .selectAll()
    .where('sitrepId', '=', sitrepId)
    .where('key', '=', key)
    .forUpdate()
    .executeTakeFirst();

export const updateSectionRow = (
  tx: Tx,
  sitrepId: string,
  key: string,
  values: Partial<Omit<Selectable<SitrepSectionsTable>, 'sitrepId' | 'key' | 'revision'>> & {
    bumpRevision?: boolean;
  },
) => {
  const { bumpRevision, ...rest } = values;
  return tx
    .updateTable('sitrepSections')
    .set({ ...rest, ...(bumpRevision ? { revision: sql<number>`revision + 1` } : {}) })
    .where('sitrepId', '=', sitrepId)
    .where('key', '=', key)
    .execute();
};

export interface LiveIncidentRow {
  id: string;
  title: string;
  status: string;
  severity: number;
  tlp: Tlp;
  domains: string[];
  description: string;
  createdAt: Date;
  updatedAt: Date;
}

/** The incidents a report includes, in its order, with what a report shows of each. */
export const includedIncidentsQuery = (db: Db | Tx, sitrepId: string) =>
  db
    .selectFrom('sitrepIncidents as si')
    .innerJoin('incidents as i', 'i.id', 'si.incidentId')
    .select([
      'i.id',
      'i.title',
      'i.status',
      'i.severity',
      'i.tlp',
      'i.domains',
      'i.description',
      'i.createdAt',
      'i.updatedAt',
    ])
    .where('si.sitrepId', '=', sitrepId)
    .orderBy('si.position')
    .orderBy('i.id');

/** The report's incidents the actor may see, in order, and how many more it includes. */
export const listLiveIncidents = async (
  db: Db | Tx,
  actor: Actor,
  sitrepId: string,
): Promise<{ visible: LiveIncidentRow[]; hidden: number }> => {
  const rows = await includedIncidentsQuery(db, sitrepId)
    .select(sql<boolean>`${visibleTo(actor, 'i')}`.as('visible'))
    .execute();
  return {
    visible: rows.filter((r) => r.visible).map(({ visible: _visible, ...row }) => row),
    hidden: rows.filter((r) => !r.visible).length,
  };
};

export const findVersionsWithNames = (db: Db | Tx, sitrepId: string, numbers: readonly number[]) =>
  numbers.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom('sitrepVersions as v')
        .innerJoin('users as u', 'u.id', 'v.approvedByUserId')
        .select([
          'v.number',
          'v.tlp',
          'v.approvedByUserId',
          'u.name as approvedByName',
          'v.approvedAt',
          'v.distributedAt',
          'v.languages',
        ])
        .where('v.sitrepId', '=', sitrepId)
        .where('v.number', 'in', numbers)
        .orderBy('v.number', 'desc')
        .execute();

// ---------------------------------------------------------------- the list

export interface SitrepListRow {
  id: string;
  electionId: string;
  kind: SitrepRow['kind'];
  drafter: boolean;
  status: SitrepStatus;
  titleFi: string;
  titleSv: string;
  titleEn: string;
  periodStart: Date;
  periodEnd: Date;
  tlp: Tlp;
  versionNumber: number;
  ownerOrganisationId: string;
  updatedAt: Date;
  vNumber: number | null;
  vTlp: Tlp | null;
  vApprovedByUserId: string | null;
  vApprovedByName: string | null;
  vApprovedAt: Date | null;
  vDistributedAt: Date | null;
  vLanguages: string[] | null;
  vTitle: { fi: string; sv: string; en: string } | null;
  vPeriodStart: string | null;
  vPeriodEnd: string | null;
  sortKey: number;
}

/** Escapes LIKE's wildcards: the search is for the text as typed. */
const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * The reports the actor drafts or receives (a distributed version shared with them), newest
 * period first, keyset-paged on (period end, id). Each row carries the latest version the actor
 * may read. A recipient sees only what their versions say: titles, period and search come from
 * them, never from the draft.
 */
export const listSitrepRows = async (
  db: Db,
  actor: Actor,
  query: {
    electionId?: string | undefined;
    status?: SitrepStatus | undefined;
    q?: string | undefined;
    cursor?: string | undefined;
    limit: number;
  },
): Promise<{ rows: SitrepListRow[]; nextCursor: string | null }> => {
  const after = decodeCursor<[string, number, string]>(query.cursor, ['string', 'number', 'string']);
  if (after && after[0] !== 'sitreps')
    throw new AppError('bad_request', 'The cursor belongs to another list.');
  const pattern = query.q ? likePattern(query.q) : null;
  const readable = sql<SqlBool>`(x.drafter or ${recipientScope(actor, 'v')})`;
  const versionMatches = pattern
    ? sql<SqlBool>`exists (select 1 from sitrep_versions v where v.sitrep_id = x.id and ${readable} and (
        concat_ws(' ', v.content #>> '{title,fi}', v.content #>> '{title,sv}', v.content #>> '{title,en}') ilike ${pattern}
        or exists (select 1 from jsonb_array_elements(v.content -> 'sections') sec
                    where concat_ws(' ', sec #>> '{body,fi}', sec #>> '{body,sv}', sec #>> '{body,en}') ilike ${pattern})))`
    : sql<SqlBool>`true`;
  const draftMatches = pattern
    ? sql<SqlBool>`(x.drafter and (concat_ws(' ', x.title_fi, x.title_sv, x.title_en) ilike ${pattern}
        or exists (select 1 from sitrep_sections sec where sec.sitrep_id = x.id
                    and concat_ws(' ', sec.body_fi, sec.body_sv, sec.body_en) ilike ${pattern})))`
    : sql<SqlBool>`false`;
  const status = query.status
    ? sql<SqlBool>`((x.drafter and x.status = ${query.status}) or (not x.drafter and ${query.status} = 'distributed'))`
    : sql<SqlBool>`true`;
  const sortEnd = sql`coalesce(case when x.drafter then null else (lv.content ->> 'periodEnd')::timestamptz end, x.period_end)`;
  const afterCondition = after
    ? sql<SqlBool>`(${sortEnd}, x.id) < (timestamptz 'epoch' + ${after[1]} * interval '1 microsecond', ${after[2]}::uuid)`
    : sql<SqlBool>`true`;

  const result = await sql<SitrepListRow>`
    select x.id, x.election_id, x.kind, x.drafter, x.status, x.title_fi, x.title_sv, x.title_en,
           x.period_start, x.period_end, x.tlp, x.version_number, x.owner_organisation_id, x.updated_at,
           lv.number as v_number, lv.tlp as v_tlp, lv.approved_by_user_id as v_approved_by_user_id,
           u.name as v_approved_by_name, lv.approved_at as v_approved_at, lv.distributed_at as v_distributed_at,
           lv.languages as v_languages, lv.content -> 'title' as v_title,
           lv.content ->> 'periodStart' as v_period_start, lv.content ->> 'periodEnd' as v_period_end,
           (extract(epoch from ${sortEnd}) * 1000000)::bigint as sort_key
      from (
        select s.*, ${drafterScope(actor, 's')} as drafter from sitreps s
         where ${query.electionId ? sql`s.election_id = ${query.electionId}::uuid` : sql`true`}
      ) x
      left join lateral (
        select v.* from sitrep_versions v
         where v.sitrep_id = x.id and ${readable}
         order by v.number desc limit 1
      ) lv on true
      left join users u on u.id = lv.approved_by_user_id
     where (x.drafter or lv.number is not null)
       and ${status}
       and (${pattern ? sql`${draftMatches} or ${versionMatches}` : sql`true`})
       and ${afterCondition}
     order by ${sortEnd} desc, x.id desc
     limit ${query.limit + 1}`.execute(db);
  const rows = result.rows.slice(0, query.limit);
  const last = rows.at(-1);
  return {
    rows,
    nextCursor:
      result.rows.length > query.limit && last
        ? encodeCursor(['sitreps', Number(last.sortKey), last.id])
        : null,
  };
};
