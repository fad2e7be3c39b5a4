import { CamelCasePlugin, Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../../test/helpers/database.js';
import { createDb, createPool } from './connection.js';
import type { Database } from './schema.js';
import { copyInto } from './copy-in.js';

// Every warning of this file, from before its first connection: pg warns once per process when a
// query is queued behind another, so only a listener that is there from the start sees it.
const warnings: string[] = [];
process.on('warning', (warning) => warnings.push(warning.message));

describe('COPY inside a Kysely transaction', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await freshDatabase();
    await sql`create table copy_probe (id int primary key, label text, note text)`.execute(t.db);
  });
  afterAll(async () => t.close());

  const labels = async () =>
    (
      await sql<{ id: number; label: string | null; note: string | null }>`
        select id, label, note from copy_probe order by id`.execute(t.db)
    ).rows;

  it('stores every value exactly, whatever it holds, and NULL as NULL', async () => {
    const awkward = [
      'tab\there',
      'line\nfeed',
      'carriage\rreturn',
      'back\\slash',
      '\\N',
      'ä ö å 🗳️',
      '',
      '"quoted"',
    ];
    await t.db.transaction().execute((tx) =>
      copyInto(tx, 'copy_probe', ['id', 'label', 'note'], async (write) => {
        for (const [i, label] of awkward.entries()) await write([String(i), label, i % 2 ? null : 'x']);
      }),
    );
    expect(await labels()).toEqual(awkward.map((label, id) => ({ id, label, note: id % 2 ? null : 'x' })));
    await sql`delete from copy_probe`.execute(t.db);
  });

  it('streams more rows than fit in a socket buffer, with the rest of the transaction around them', async () => {
    await t.db.transaction().execute(async (tx) => {
      await sql`insert into copy_probe values (-1, 'before', null)`.execute(tx);
      await copyInto(tx, 'copy_probe', ['id', 'label', 'note'], async (write) => {
        for (let i = 0; i < 20_000; i += 1) await write([String(i), 'x'.repeat(100), null]);
      });
      await sql`insert into copy_probe values (-2, 'after', null)`.execute(tx);
    });
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from copy_probe`.execute(t.db);
    expect(rows[0]!.n).toBe(20_002);
    await sql`delete from copy_probe`.execute(t.db);
  });

  it('cancels the COPY when the caller fails, rolls everything back, and the connection lives on', async () => {
    await expect(
      t.db.transaction().execute(async (tx) => {
        await sql`insert into copy_probe values (-1, 'before', null)`.execute(tx);
        await copyInto(tx, 'copy_probe', ['id', 'label', 'note'], async (write) => {
          for (let i = 0; i < 5000; i += 1) await write([String(i), 'x', null]);
          throw new Error('the caller gave up');
        });
      }),
    ).rejects.toThrow('the caller gave up');
    expect(await labels()).toEqual([]);
    // Every connection of the pool still answers.
    await Promise.all(Array.from({ length: 10 }, () => sql`select 1`.execute(t.db)));
  });

  it("reports the database's own failure (a duplicate key) and keeps nothing", async () => {
    await expect(
      t.db.transaction().execute((tx) =>
        copyInto(tx, 'copy_probe', ['id', 'label', 'note'], async (write) => {
          for (let i = 0; i < 3000; i += 1) await write([String(i % 2000), 'x', null]);
        }),
      ),
    ).rejects.toThrow(/duplicate key/);
    expect(await labels()).toEqual([]);
  });

  it('refuses a row of the wrong width and a name that is not a plain identifier', async () => {
    await expect(
      t.db
        .transaction()
        .execute((tx) =>
          copyInto(tx, 'copy_probe', ['id', 'label', 'note'], async (write) => write(['1', 'x'])),
        ),
    ).rejects.toThrow('has 3 values');
    await expect(
      t.db
        .transaction()
        .execute((tx) => copyInto(tx, 'copy_probe; drop table x', ['id'], async () => undefined)),
    ).rejects.toThrow('Not a plain identifier');
    expect(await labels()).toEqual([]);
  });

  it('marks new connections before the pool hands them out, queuing nothing of its own on them', async () => {
    const pool = createPool({ ...t.config, max: 4 });
    const db = createDb(pool);
    try {
      // Four fresh connections at once, each used at once, each able to COPY.
      await Promise.all(
        Array.from({ length: 4 }, (_, n) =>
          db
            .transaction()
            .execute((tx) =>
              copyInto(tx, 'copy_probe', ['id', 'label', 'note'], (write) =>
                write([String(100 + n), 'x', null]),
              ),
            ),
        ),
      );
      expect((await labels()).map((r) => r.id)).toEqual([100, 101, 102, 103]);
      // A new connection is handed out idle: two queries sent back to back (as a LISTEN client
      // does) queue one behind the other only, which pg accepts without its deprecation warning.
      const fresh = createPool({ ...t.config, max: 1 });
      const client = await fresh.connect();
      await Promise.all([client.query('select 1'), client.query('select 2')]);
      client.release();
      await fresh.end();
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.filter((w) => w.includes('already executing a query'))).toEqual([]);
    } finally {
      await db.destroy();
      await sql`delete from copy_probe`.execute(t.db);
    }
  });

  it('says so on a connection of a pool it does not know', async () => {
    const pool = new pg.Pool(t.config);
    const db = new Kysely<Database>({
      dialect: new PostgresDialect({ pool }),
      plugins: [new CamelCasePlugin()],
    });
    try {
      await expect(
        db.transaction().execute((tx) => copyInto(tx, 'copy_probe', ['id'], async () => undefined)),
      ).rejects.toThrow('createPool');
    } finally {
      await db.destroy();
    }
  });
});
