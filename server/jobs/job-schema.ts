import PgBoss from 'pg-boss';
import { sql, type Kysely } from 'kysely';

/** pg-boss keeps its tables in a schema of their own, in the same PostgreSQL database. */
export const JOBS_SCHEMA = 'pgboss';

// pg-boss wraps its plans in BEGIN … COMMIT. A migration already runs in a transaction, and an inner
// COMMIT would end it early, so the wrapper is taken off and the migration's transaction holds the lock.
const unwrapTransaction = (plans: string): string => {
  const body = plans.trim();
  if (!body.startsWith('BEGIN;') || !body.endsWith('COMMIT;'))
    throw new Error('unexpected shape of the pg-boss construction plans');
  return body.slice('BEGIN;'.length, -'COMMIT;'.length);
};

/**
 * Installs pg-boss's schema as the database owner (a migration): the application role may not create
 * schemas. Creating a queue makes a partition table and attaches it to pgboss.job, which only the owner
 * may do, so create_queue and delete_queue run as their owner (security definer, fixed search_path);
 * only the roles granted by grantJobSchema may call them. An upgrade of pg-boss that changes its schema
 * version needs a new migration running PgBoss.getMigrationPlans.
 */
export const installJobSchema = async <T>(db: Kysely<T>): Promise<void> => {
  const installed = await sql<{ installed: boolean }>`
    select to_regclass(${`${JOBS_SCHEMA}.version`}) is not null as installed`.execute(db);
  if (!installed.rows[0]?.installed) {
    await sql.raw(unwrapTransaction(PgBoss.getConstructionPlans(JOBS_SCHEMA))).execute(db);
  }
  await sql
    .raw(
      `alter function ${JOBS_SCHEMA}.create_queue(text, json) security definer set search_path = pg_catalog, pg_temp;
       alter function ${JOBS_SCHEMA}.delete_queue(text) security definer set search_path = pg_catalog, pg_temp;
       revoke all on function ${JOBS_SCHEMA}.create_queue(text, json), ${JOBS_SCHEMA}.delete_queue(text) from public;`,
    )
    .execute(db);
};

/** Queue options as pg-boss's create_queue function reads them. */
export interface QueueSettings {
  retryLimit: number;
  retryDelay: number;
  retryBackoff: boolean;
  expireInSeconds: number;
}

/** Creates a queue if it does not exist yet (as the owner in a migration, or through create_queue). */
export const createJobQueue = async <T>(
  db: Kysely<T>,
  name: string,
  settings: QueueSettings,
): Promise<void> => {
  await sql`select ${sql.id(JOBS_SCHEMA, 'create_queue')}(${name}, ${JSON.stringify({
    policy: 'standard',
    ...settings,
  })}::json)`.execute(db);
};

/**
 * The embedded database's application role uses the job tables but owns none of them. Run by the
 * owner after every start's migrations (like ensureAppRole), so that it also covers a new role.
 * Partitions made later by create_queue need no grant: PostgreSQL checks the partitioned parent.
 */
export const grantJobSchema = async <T>(owner: Kysely<T>, role: string): Promise<void> => {
  if (!/^[a-z_][a-z0-9_]*$/.test(role)) throw new Error('unexpected characters in the application role');
  await sql
    .raw(
      `grant usage on schema ${JOBS_SCHEMA} to ${role};
       grant select, insert, update, delete on all tables in schema ${JOBS_SCHEMA} to ${role};
       grant execute on function ${JOBS_SCHEMA}.create_queue(text, json), ${JOBS_SCHEMA}.delete_queue(text) to ${role};`,
    )
    .execute(owner);
};
