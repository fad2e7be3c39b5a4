import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import pino from 'pino';
import type { TestProject } from 'vitest/node';
import { createDb, createPool } from '../server/db/connection.js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../server/db/embedded-postgres.js';
import { migrateToLatest } from '../server/db/migrate.js';

export const TEMPLATE_DATABASE = 'vaalivahti_template';

declare module 'vitest' {
  export interface ProvidedContext {
    postgres: pg.PoolConfig;
  }
}

let embedded: EmbeddedPostgres | undefined;
let dataDir: string | undefined;

/**
 * One real PostgreSQL for the whole run, with a migrated template database; every test file
 * clones the template into a fresh database of its own (test/helpers/database.ts).
 * TEST_DATABASE_URL points the suite at an external server instead.
 */
export async function setup(project: TestProject): Promise<void> {
  let base: pg.PoolConfig;
  if (process.env.TEST_DATABASE_URL) {
    base = { connectionString: process.env.TEST_DATABASE_URL };
  } else {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'vv-test-'));
    embedded = await startEmbeddedPostgres(dataDir, pino({ level: 'warn' }));
    base = embedded.pool;
  }
  const admin = new pg.Client({ ...base, database: 'postgres' });
  await admin.connect();
  await admin.query(`drop database if exists ${TEMPLATE_DATABASE}`);
  await admin.query(`create database ${TEMPLATE_DATABASE}`);
  await admin.end();
  const pool = createPool({ ...base, database: TEMPLATE_DATABASE });
  const db = createDb(pool);
  await migrateToLatest(db);
  await db.destroy();
  project.provide('postgres', { ...base, database: TEMPLATE_DATABASE });
}

export async function teardown(): Promise<void> {
  await embedded?.stop();
  if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
}
