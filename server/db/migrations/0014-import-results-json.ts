import { sql, type Kysely } from 'kysely';

/**
 * The per-object results of an import as `json`, not `jsonb`: a 100,000-object import writes its
 * results (about 8 MiB) once and reads them a page at a time in bundle order, so the binary form
 * only cost the import its conversion (a tenth of the time of a large import) and gave nothing back.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table stix_imports alter column results drop default;
    alter table stix_imports alter column results type json using results::json;
    alter table stix_imports alter column results set default '[]';
  `.execute(db);
}
