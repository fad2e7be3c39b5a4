import { CamelCasePlugin, Kysely, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;

// timestamptz and int8 arrive as Date and string; counts that fit in a double are parsed.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => {
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : value;
});

export const createPool = (config: pg.PoolConfig): pg.Pool =>
  new pg.Pool({ max: 10, idleTimeoutMillis: 30_000, application_name: 'vaalivahti', ...config });

export const createDb = (pool: pg.Pool): Db =>
  new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins: [new CamelCasePlugin()] });
