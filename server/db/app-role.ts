import { sql } from 'kysely';
import type { Db } from './connection.js';

/**
 * The embedded database's application role: reads and writes rows, but owns nothing, so it can
 * neither change the schema nor switch off the audit trail's append-only trigger; and it holds no
 * UPDATE, DELETE or TRUNCATE on audit_events at all. Run by the owner after every migration, so
 * that new tables are granted too.
 */
export const ensureAppRole = async (owner: Db, role: string, password: string): Promise<void> => {
  if (!/^[a-z_][a-z0-9_]*$/.test(role) || !/^[A-Za-z0-9_-]+$/.test(password)) {
    throw new Error('unexpected characters in the application role or its password');
  }
  const database = (await sql<{ db: string }>`select current_database() as db`.execute(owner)).rows[0]!.db;
  await owner.transaction().execute(async (tx) => {
    await sql`select pg_advisory_xact_lock(7351004)`.execute(tx);
    const exists = await sql`select 1 from pg_roles where rolname = ${role}`.execute(tx);
    if (exists.rows.length === 0) await sql`create role ${sql.id(role)} login`.execute(tx);
    await sql
      .raw(
        `alter role ${role} with login nosuperuser nocreatedb nocreaterole noreplication password '${password}';
         grant connect on database "${database}" to ${role};
         grant usage on schema public to ${role};
         grant select, insert, update, delete on all tables in schema public to ${role};
         grant usage, select on all sequences in schema public to ${role};
         revoke update, delete, truncate on audit_events from ${role};
         revoke update, delete, truncate on incident_events from ${role};
         revoke update, delete, truncate on threat_levels from ${role};
         revoke delete, truncate on sitrep_versions from ${role};
         revoke insert, update, delete, truncate on schema_migrations, schema_migrations_lock from ${role};`,
      )
      .execute(tx);
  });
};
