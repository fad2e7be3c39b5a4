import { migrateToLatest } from '../db/migrate.js';
import { appendAudit } from '../features/audit/audit-log.js';
import { cliAuditSource, cliConfig, withDatabase } from './cli-database.js';
import { print } from './cli-input.js';

export const migrate = async (): Promise<void> => {
  await withDatabase(
    cliConfig(),
    async (db) => {
      const applied = await migrateToLatest(db);
      if (applied.length === 0) {
        print('database schema is up to date');
        return;
      }
      await db
        .transaction()
        .execute((tx) =>
          appendAudit(tx, cliAuditSource, { action: 'db.migrate', details: { via: 'cli', applied } }),
        );
      print(`applied ${applied.length} migration(s): ${applied.join(', ')}`);
    },
    { initialise: true, requireCurrentSchema: false },
  );
};
