import fs from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';

describe('the application database role of the embedded PostgreSQL', () => {
  let server: TestServer;
  let app: pg.Client;

  beforeAll(async () => {
    server = await startTestServer();
    const credentials = JSON.parse(
      await fs.readFile(path.join(server.dataDir, 'postgres-credentials.json'), 'utf8'),
    ) as { appUser: string; appPassword: string; database: string };
    app = new pg.Client({
      host: path.join(server.dataDir, 'run'),
      port: 5432,
      user: credentials.appUser,
      password: credentials.appPassword,
      database: credentials.database,
    });
    await app.connect();
  });
  afterAll(async () => {
    await app?.end();
    await server?.dispose();
  });

  it('is what the running server itself connects as', async () => {
    const sessions = await app.query<{ usename: string }>(
      `select distinct usename from pg_stat_activity where application_name = 'vaalivahti' and pid <> pg_backend_pid()`,
    );
    expect(sessions.rows.map((r) => r.usename)).toEqual(['vaalivahti_app']);
  });

  it('reads and appends audit entries but cannot rewrite, delete or unprotect them', async () => {
    expect((await app.query('select count(*)::int as n from audit_events')).rows[0].n).toBeGreaterThan(0);
    await expect(app.query(`update audit_events set action = 'forged'`)).rejects.toThrow(/permission denied/);
    await expect(app.query('delete from audit_events')).rejects.toThrow(/permission denied/);
    await expect(app.query('truncate audit_events')).rejects.toThrow(/permission denied/);
    await expect(
      app.query('alter table audit_events disable trigger audit_events_no_update'),
    ).rejects.toThrow(/must be owner/);
  });

  it('cannot change the schema or the migration history', async () => {
    await expect(app.query('drop table users')).rejects.toThrow(/must be owner/);
    await expect(app.query('create table intruder (id int)')).rejects.toThrow(/permission denied/);
    await expect(app.query('delete from schema_migrations')).rejects.toThrow(/permission denied/);
  });
});
