import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Tx } from './connection.js';

/**
 * COPY … FROM STDIN inside a Kysely transaction, for bulk writes (a partner's bundle of 100,000
 * objects): PostgreSQL reads rows from a stream instead of parsing statements and thousands of
 * parameters, which halves the database's work, and Node prepares the next rows while the
 * database stores the previous ones.
 *
 * Kysely has no COPY and does not show the pg client under a transaction. Each connection of our
 * pools therefore carries a token of its own in a session setting, set when it connects, before the
 * pool hands it out (pg-pool's onConnect): the transaction asks its connection for the token and
 * finds its client.
 */
const TOKEN_SETTING = 'vaalivahti.connection_token';
const clients = new Map<string, pg.ClientBase>();

/** createPool's onConnect: awaited before the pool hands the new connection out. */
export const registerConnection = async (client: pg.ClientBase): Promise<void> => {
  const token = randomUUID();
  await client.query(`select set_config('${TOKEN_SETTING}', $1, false)`, [token]);
  clients.set(token, client);
  client.once('end', () => clients.delete(token));
};

const clientOf = async (tx: Tx): Promise<pg.ClientBase> => {
  const { rows } = await sql<{
    token: string | null;
  }>`select current_setting(${TOKEN_SETTING}, true) as token`.execute(tx);
  const client = rows[0]?.token ? clients.get(rows[0].token) : undefined;
  if (!client) throw new Error('COPY needs a connection of a pool made by createPool.');
  return client;
};

const identifier = /^[a-z_][a-z0-9_]*$/;

// COPY's text format: backslash, tab, line feed and carriage return escaped; \N is NULL.
const field = (value: string | null): string =>
  value === null
    ? '\\N'
    : value.replace(/[\\\t\n\r]/g, (c) =>
        c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r',
      );

/** Rows buffered before they are handed to the stream: fewer, larger writes. */
const FLUSH_AT = 256 * 1024;

/** Adds a row (one value per column, in order); resolves at once unless the stream is full. */
export type WriteRow = (row: readonly (string | null)[]) => Promise<void>;

/**
 * Runs `COPY table (columns) FROM STDIN` on the transaction's connection while `fill` writes the
 * rows, and resolves once the database has stored every one. Nothing else may be sent on the
 * transaction meanwhile. If `fill` throws, the COPY is cancelled (CopyFail) so that the
 * transaction can roll back; a failure in the database (a constraint, a bad value) aborts the
 * transaction as any failed statement does, and is what this throws.
 */
export const copyInto = async <T>(
  tx: Tx,
  table: string,
  columns: readonly string[],
  fill: (write: WriteRow) => Promise<T>,
): Promise<T> => {
  if (![table, ...columns].every((name) => identifier.test(name)))
    throw new Error(`Not a plain identifier: ${[table, ...columns].join(', ')}`);
  const client = await clientOf(tx);
  const stream = client.query(copyFrom(`copy ${table} (${columns.join(', ')}) from stdin`));
  let failure: { error: unknown } | undefined;
  const finished = new Promise<void>((resolve, reject) => {
    stream.on('finish', resolve);
    stream.on('error', (error) => {
      failure ??= { error };
      reject(error);
    });
  });
  // Awaited below; until then a failure must not count as unhandled.
  finished.catch(() => undefined);

  let buffer = '';
  const flush = async () => {
    if (failure) throw failure.error;
    if (buffer === '') return;
    const full = !stream.write(buffer);
    buffer = '';
    if (full) await Promise.race([new Promise((resolve) => stream.once('drain', resolve)), finished]);
  };
  const write: WriteRow = async (row) => {
    if (row.length !== columns.length) throw new Error(`A row of ${table} has ${columns.length} values.`);
    buffer += `${row.map(field).join('\t')}\n`;
    if (buffer.length >= FLUSH_AT) await flush();
  };
  try {
    const result = await fill(write);
    await flush();
    stream.end();
    await finished;
    return result;
  } catch (error) {
    // The database's own failure is the one to report; otherwise ours, after cancelling the COPY.
    const databaseFailure = failure;
    if (!databaseFailure) {
      stream.destroy(error instanceof Error ? error : new Error(String(error)));
      await finished.catch(() => undefined);
    }
    throw databaseFailure ? databaseFailure.error : error;
  }
};
