import type { FastifyInstance } from 'fastify';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import pino, { type Logger } from 'pino';
import { buildApp } from './app.js';
import type { Config } from './config.js';
import type { AppDeps } from './context.js';
import { createDb, createPool, type Db } from './db/connection.js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './db/embedded-postgres.js';
import { acquireInstanceLock } from './db/instance-lock.js';
import { migrateToLatest } from './db/migrate.js';
import { ensureAppRole } from './db/app-role.js';
import { grantJobSchema } from './jobs/job-schema.js';
import { startJobs, type JobRunner } from './jobs/jobs.js';
import { createAuth } from './features/auth/auth-instance.js';
import { announceFirstAdmin, ensureAuthSecret, ensureFirstAdmin } from './features/bootstrap/first-start.js';
import { seedDemo } from './features/bootstrap/demo-seed.js';

const projectRoot = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  ...(import.meta.url.includes('/dist/') ? ['..'] : []),
);
export const version = (
  JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { version: string }
).version;
export const defaultWebDir = path.join(projectRoot, 'dist', 'web');

export interface Database {
  db: Db;
  pool: pg.Pool;
  embedded: EmbeddedPostgres | null;
  close(): Promise<void>;
}

/** The embedded PostgreSQL in DATA_DIR, or the external one of DATABASE_URL; migrated to the latest schema. */
export const openDatabase = async (config: Config, log: Logger): Promise<Database> => {
  const embedded = config.databaseUrl ? null : await startEmbeddedPostgres(config.dataDir, log);
  let pool = createPool(embedded ? embedded.pool : { connectionString: config.databaseUrl });
  let closing = false;
  // pg attaches the whole client to these errors; the code and message are what an operator needs.
  // While closing, PostgreSQL ends the connections that are still being closed: that is expected.
  const onPoolError = (error: Error & { code?: string }) => {
    if (!closing)
      log.error({ err: { message: error.message, code: error.code } }, 'idle database connection failed');
  };
  pool.on('error', onPoolError);
  let db = createDb(pool);
  try {
    const applied = await migrateToLatest(db);
    if (applied.length > 0) log.info({ applied }, 'database migrated');
    if (embedded) {
      await ensureAppRole(db, embedded.appPool.user!, String(embedded.appPool.password));
      await grantJobSchema(db, embedded.appPool.user!);
      await db.destroy();
      pool = createPool(embedded.appPool);
      pool.on('error', onPoolError);
      db = createDb(pool);
    }
  } catch (error) {
    closing = true;
    await db.destroy();
    await embedded?.stop();
    throw error;
  }
  return {
    db,
    pool,
    embedded,
    async close() {
      closing = true;
      await db.destroy();
      await embedded?.stop();
    },
  };
};

export interface RunningServer {
  app: FastifyInstance;
  url: string;
  database: Database;
  stop(): Promise<void>;
}

export const startServer = async (
  config: Config,
  options: { log?: Logger; webDir?: string; quiet?: boolean } = {},
): Promise<RunningServer> => {
  const log = options.log ?? pino({ level: config.logLevel });
  const lock = config.databaseUrl ? null : await acquireInstanceLock(config.dataDir);
  let database: Database;
  try {
    database = await openDatabase(config, log);
  } catch (error) {
    await lock?.release();
    throw error;
  }
  const { db, pool } = database;
  let app: FastifyInstance | undefined;
  let jobs: JobRunner | undefined;
  try {
    const auth = createAuth({ db, baseUrl: config.baseUrl, secret: await ensureAuthSecret(db) });
    const deps: AppDeps = { config, db, pool, auth };
    // The demo brings its own admin, so on an empty database it goes first and no other admin is made.
    if (config.demo) await seedDemo(db, auth, log);
    const firstAdmin = await ensureFirstAdmin(db, auth, {
      email: config.adminEmail,
      password: config.adminPassword,
    });
    if (firstAdmin) announceFirstAdmin(firstAdmin, log);
    app = await buildApp(deps, {
      logger: options.quiet ? false : { level: config.logLevel },
      webDir: options.webDir ?? defaultWebDir,
      version,
    });
    jobs = await startJobs({ config, db, pool, log });
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await jobs?.stop();
    await app?.close();
    await database.close();
    await lock?.release();
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;

  let stopping: Promise<void> | undefined;
  return {
    app: app as FastifyInstance,
    url,
    database,
    stop() {
      // Stop accepting, let requests in flight finish, then close the pool and stop the database.
      stopping ??= (async () => {
        // Fastify closes idle keep-alive connections once, as closing starts. A connection whose
        // request was still in flight becomes idle later, and a browser keeps it open for minutes,
        // holding up the shutdown: each is closed as soon as its last response has gone.
        const sweep = setInterval(() => app?.server.closeIdleConnections(), 100);
        try {
          await app?.close();
        } finally {
          clearInterval(sweep);
        }
        await jobs?.stop();
        await database.close();
        await lock?.release();
      })();
      return stopping;
    },
  };
};
