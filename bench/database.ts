import { readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';

/**
 * A pool on the embedded PostgreSQL of a bench data directory, as its owner (to seed and to run
 * reference queries by hand). Errors after the database stops at the end of a run are ignored.
 */
export const dataDirPool = (dataDir: string, max: number): pg.Pool => {
  const credentials = JSON.parse(readFileSync(path.join(dataDir, 'postgres-credentials.json'), 'utf8')) as {
    user: string;
    password: string;
    database: string;
  };
  const pool = new pg.Pool({ ...credentials, host: path.join(dataDir, 'run'), port: 5432, max });
  pool.on('error', () => undefined);
  return pool;
};
