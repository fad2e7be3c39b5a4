import pg from 'pg';
import pino, { type Logger } from 'pino';
import { loadConfig, type Config } from '../config.js';
import { createDb, createPool, type Db } from '../db/connection.js';
import { hasEmbeddedDatabase, runningPostgresPool, startEmbeddedPostgres } from '../db/embedded-postgres.js';
import { acquireInstanceLock, InstanceLockedError } from '../db/instance-lock.js';
import { pendingMigrations } from '../db/migrate.js';
import type { AuditSource } from '../features/audit/audit-log.js';
import { CliError } from './cli-error.js';

/** Changes made on the command line have no signed-in actor; their audit entries say `via: 'cli'`. */
export const cliAuditSource: AuditSource = {
  requestId: null,
  sourceIp: null,
  actorUserId: null,
  actorOrganisationId: null,
};

/** The server's configuration from the environment; only DATABASE_URL and DATA_DIR matter here. */
export const cliConfig = (): Config => {
  try {
    return loadConfig(process.env);
  } catch (error) {
    throw new CliError((error as Error).message);
  }
};

export interface CliDatabase {
  db: Db;
  close(): Promise<void>;
}

const cliLogger = (): Logger => pino({ level: 'warn' }, pino.destination(2));

const cliPool = (config: pg.PoolConfig): pg.Pool => {
  const pool = createPool({ ...config, max: 4, application_name: 'vaalivahti-cli' });
  // An idle connection that PostgreSQL ends (as it stops) is not a failure of the command.
  pool.on('error', () => undefined);
  return pool;
};

const verifiedPool = async (config: pg.PoolConfig, describe: (error: Error) => string): Promise<pg.Pool> => {
  const pool = cliPool(config);
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new CliError(describe(error as Error));
  }
  return pool;
};

/**
 * Connects like the server does: DATABASE_URL, or else the embedded PostgreSQL of DATA_DIR.
 * When a server already runs on DATA_DIR, its PostgreSQL is used through the socket; otherwise
 * this process takes the instance lock (so no server starts meanwhile), starts PostgreSQL for the
 * duration of the command and stops it again.
 */
export const openCliDatabase = async (
  config: Config,
  options: { initialise?: boolean } = {},
): Promise<CliDatabase> => {
  if (config.databaseUrl) {
    const pool = await verifiedPool(
      { connectionString: config.databaseUrl },
      (e) => `Cannot connect to DATABASE_URL: ${e.message}`,
    );
    const db = createDb(pool);
    return { db, close: () => db.destroy() };
  }

  const { dataDir } = config;
  if (!options.initialise && !(await hasEmbeddedDatabase(dataDir))) {
    throw new CliError(
      `There is no database in DATA_DIR ${dataDir}. Set DATA_DIR (or DATABASE_URL) to the server's, or create the database with "vaalivahti db migrate".`,
    );
  }

  let lock: { release(): Promise<void> };
  try {
    lock = await acquireInstanceLock(dataDir, 'command');
  } catch (error) {
    // Another command's PostgreSQL stops when that command ends: only a server's is worth joining.
    if (!(error instanceof InstanceLockedError) || error.holder !== 'server') throw error;
    const poolConfig = await runningPostgresPool(dataDir);
    const pool = await verifiedPool(
      poolConfig,
      (e) =>
        `A Vaalivahti server is running on DATA_DIR ${dataDir}, but its database cannot be reached through ${poolConfig.host} (${e.message}). If the server is still starting, try again in a moment.`,
    );
    const db = createDb(pool);
    return { db, close: () => db.destroy() };
  }

  let embedded;
  try {
    embedded = await startEmbeddedPostgres(dataDir, cliLogger());
  } catch (error) {
    await lock.release();
    throw error;
  }
  const db = createDb(cliPool(embedded.pool));
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      process.off('SIGINT', interrupted);
      process.off('SIGTERM', interrupted);
      await db.destroy().catch(() => undefined);
      await embedded.stop();
      await lock.release();
    })());
  // Interrupted, the command still stops the PostgreSQL it started and gives the data directory back.
  const interrupted = () => {
    process.stderr.write('\ninterrupted: stopping the database\n');
    void close().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  return { db, close };
};

/** Runs `work` on an open database that has every migration this code knows, then closes it. */
export const withDatabase = async <T>(
  config: Config,
  work: (db: Db) => Promise<T>,
  options: { initialise?: boolean; requireCurrentSchema?: boolean } = {},
): Promise<T> => {
  const database = await openCliDatabase(config, options);
  try {
    if (options.requireCurrentSchema ?? true) {
      const pending = await pendingMigrations(database.db);
      if (pending.length > 0) {
        throw new CliError(
          `The database schema is older than this version of Vaalivahti (not yet applied: ${pending.join(', ')}). Run "vaalivahti db migrate" first.`,
        );
      }
    }
    return await work(database.db);
  } finally {
    await database.close();
  }
};
