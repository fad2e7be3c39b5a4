import { CamelCasePlugin, Kysely, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import { registerConnection } from './copy-in.js';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;

// timestamptz and int8 arrive as Date and string; counts that fit in a double are parsed.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => {
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : value;
});

// A calendar date (election days, phases) stays the string '2027-04-18': no time zone to shift it.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);

export const createPool = (config: pg.PoolConfig): pg.Pool => {
  const pool = new pg.Pool({
    max: 10,
    idleTimeoutMillis: 30_000,
    application_name: 'vaalivahti',
    ...config,
    // So that a transaction can find its client for a COPY (copy-in.ts).
    onConnect: registerConnection,
  });
  // A connection the database has ended can still report a socket error (EPIPE) after its query
  // failed and it left the pool. The query or the pool's own 'error' event has already reported the
  // failure; without a listener this late echo would crash the process.
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
};

export const createDb = (pool: pg.Pool): Db =>
  new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins: [new CamelCasePlugin()] });
