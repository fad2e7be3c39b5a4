import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Db } from './connection.js';
import * as m0001 from './migrations/0001-foundation.js';

/** Forward-only: a migration is never edited once released; a fix is a new migration. */
const migrations: Record<string, Migration> = {
  '0001-foundation': m0001,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

const migratorFor = (db: Db) =>
  new Migrator({
    db,
    provider,
    migrationTableName: 'schema_migrations',
    migrationLockTableName: 'schema_migrations_lock',
  });

export const migrateToLatest = async (db: Db): Promise<string[]> => {
  const { error, results } = await migratorFor(db).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new Error(`Database migration ${failed ?? ''} failed: ${(error as Error).message}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
};

/** Migrations this code knows that the database has not run yet. */
export const pendingMigrations = async (db: Db): Promise<string[]> =>
  (await migratorFor(db).getMigrations()).filter((m) => m.executedAt === undefined).map((m) => m.name);
