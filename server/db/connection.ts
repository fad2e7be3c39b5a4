import { CamelCasePlugin, Kysely, PostgresDialect, type Transaction } from 'kysely';
import { createHash } from 'node:crypto';
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

/**
 * Marks a hot statement to be prepared once per connection and then only bound and executed: PostgreSQL
 * parses and plans it once instead of on every call. Only for statements whose text is fixed (values
 * are parameters) and whose plan does not depend on the values, such as a lookup by key or a write;
 * it is a comment, so the statement means the same without it.
 */
export const PREPARE = '/* prepare */';

const statementNames = new Map<string, string>();

/** pg prepares a statement given a name the first time a connection runs it, and reuses it after. */
const preparingMarkedStatements = (client: pg.PoolClient) => {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as { query: unknown }).query = (text: unknown, ...rest: unknown[]) => {
    if (typeof text !== 'string' || !text.includes(PREPARE) || !Array.isArray(rest[0]))
      return query(text, ...rest);
    let name = statementNames.get(text);
    if (!name) {
      name = `vv_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
      statementNames.set(text, name);
    }
    return query({ name, text, values: rest[0] }, ...rest.slice(1));
  };
};

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
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
    preparingMarkedStatements(client);
  });
  return pool;
};

export const createDb = (pool: pg.Pool): Db =>
  new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins: [new CamelCasePlugin()] });
