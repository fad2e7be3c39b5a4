import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { createDb, createPool, type Db } from '../../server/db/connection.js';

export interface TestDatabase {
  db: Db;
  pool: pg.Pool;
  config: pg.PoolConfig;
  close(): Promise<void>;
}

/** A fresh, migrated database for one test file: a copy of the template made in global setup. */
export const freshDatabase = async (): Promise<TestDatabase> => {
  const template = inject('postgres');
  const name = `test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ ...template, database: 'postgres' });
  await admin.connect();
  await admin.query(`create database ${name} template ${template.database}`);
  await admin.end();
  const config = { ...template, database: name };
  const pool = createPool(config);
  const db = createDb(pool);
  return {
    db,
    pool,
    config,
    async close() {
      await db.destroy();
      const cleanup = new pg.Client({ ...template, database: 'postgres' });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
};
