import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Db } from './connection.js';
import * as m0001 from './migrations/0001-foundation.js';
import * as m0002 from './migrations/0002-elections-areas.js';
import * as m0003 from './migrations/0003-incidents.js';
import * as m0004 from './migrations/0004-intel.js';
import * as m0005 from './migrations/0005-collaboration.js';
import * as m0006 from './migrations/0006-jobs.js';
import * as m0007 from './migrations/0007-stream.js';
import * as m0008 from './migrations/0008-threat-levels.js';
import * as m0009 from './migrations/0009-situation.js';
import * as m0010 from './migrations/0010-sitreps.js';
import * as m0011 from './migrations/0011-exchange-partners.js';
import * as m0012 from './migrations/0012-exchange-imports.js';
import * as m0013 from './migrations/0013-exchange-feeds.js';
import * as m0014 from './migrations/0014-import-results-json.js';

/** Forward-only: a migration is never edited once released; a fix is a new migration. */
const migrations: Record<string, Migration> = {
  '0001-foundation': m0001,
  '0002-elections-areas': m0002,
  '0003-incidents': m0003,
  '0004-intel': m0004,
  '0005-collaboration': m0005,
  '0006-jobs': m0006,
  '0007-stream': m0007,
  '0008-threat-levels': m0008,
  '0009-situation': m0009,
  '0010-sitreps': m0010,
  '0011-exchange-partners': m0011,
  '0012-exchange-imports': m0012,
  '0013-exchange-feeds': m0013,
  '0014-import-results-json': m0014,
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
