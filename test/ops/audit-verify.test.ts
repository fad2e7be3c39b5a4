import { sql, type Selectable } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, createPool, type Db } from '../../server/db/connection.js';
import { startEmbeddedPostgres } from '../../server/db/embedded-postgres.js';
import type { AuditEventsTable } from '../../server/db/schema.js';
import { hashAuditEvent } from '../../server/features/audit/audit-log.js';
import { removeDataDir, runCli, signIn, startTestServer } from '../helpers/server.js';

let dataDir: string;
let entries: number;

/** Opens the stopped server's database directly, as someone with the credentials file could, and lets `work` tamper with it. */
const withDirectAccess = async (work: (db: Db) => Promise<void>): Promise<void> => {
  const embedded = await startEmbeddedPostgres(dataDir, pino({ level: 'silent' }));
  const pool = createPool(embedded.pool);
  pool.on('error', () => undefined); // connections ended by the stopping PostgreSQL
  const db = createDb(pool);
  try {
    await work(db);
  } finally {
    await db.destroy();
    await embedded.stop();
  }
};

/** The table is append-only through a trigger; tampering starts by switching it off. */
const bypassingTrigger = async (db: Db, work: () => Promise<void>) => {
  await sql`alter table audit_events disable trigger audit_events_no_update`.execute(db);
  await work();
  await sql`alter table audit_events enable trigger audit_events_no_update`.execute(db);
};

const verify = () => runCli(['audit', 'verify'], { dataDir });

const problemLines = (stdout: string) => stdout.split('\n').filter((line) => /^\s+entry \d+:/.test(line));

beforeAll(async () => {
  const server = await startTestServer();
  dataDir = server.dataDir;
  const admin = await signIn(server.baseUrl);
  for (const shortName of ['AV-1', 'AV-2', 'AV-3', 'AV-4']) {
    const response = await admin.post('/api/v1/organisations', {
      shortName,
      name: { fi: shortName, sv: shortName, en: shortName },
      kind: 'agency',
    });
    expect(response.status).toBe(201);
  }
  expect(await server.stop()).toBe(0);
});

afterAll(async () => {
  if (dataDir) await removeDataDir(dataDir);
});

describe('vaalivahti audit verify on a stopped server’s DATA_DIR', () => {
  it('reports an intact trail with exit code 0', async () => {
    const result = await verify();
    expect(result.stderr).toBe('');
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const match = /^audit trail intact: (\d+) entries$/m.exec(result.stdout);
    expect(match, result.stdout).not.toBeNull();
    entries = Number(match![1]);
    expect(entries).toBeGreaterThanOrEqual(5); // the first admin and four organisations at least
  });

  it('names an entry whose content was changed', async () => {
    let original: unknown;
    await withDirectAccess(async (db) => {
      original = (
        await db.selectFrom('auditEvents').select('details').where('seq', '=', 3).executeTakeFirstOrThrow()
      ).details;
      await bypassingTrigger(db, async () => {
        await sql`update audit_events set details = details || '{"shortName":"FORGED"}' where seq = 3`.execute(
          db,
        );
      });
    });
    const result = await verify();
    expect(result.code, result.stdout + result.stderr).toBe(1);
    expect(problemLines(result.stdout), result.stdout + result.stderr).toEqual([
      expect.stringMatching(/^\s+entry 3: changed\b/),
    ]);

    await withDirectAccess((db) =>
      bypassingTrigger(db, async () => {
        await db
          .updateTable('auditEvents')
          .set({ details: JSON.stringify(original) })
          .where('seq', '=', 3)
          .execute();
      }),
    );
  });

  it('names an entry that was removed', async () => {
    let removed: Selectable<AuditEventsTable> | undefined;
    await withDirectAccess(async (db) => {
      removed = await db.selectFrom('auditEvents').selectAll().where('seq', '=', 2).executeTakeFirstOrThrow();
      await bypassingTrigger(db, async () => {
        await db.deleteFrom('auditEvents').where('seq', '=', 2).execute();
      });
    });
    const result = await verify();
    expect(result.code, result.stdout + result.stderr).toBe(1);
    const lines = problemLines(result.stdout);
    expect(lines[0]).toMatch(/^\s+entry 2: removed\b/);
    expect(lines.every((line) => / removed\b/.test(line))).toBe(true);
    expect(result.stdout).toContain(`in ${entries - 1} entries`);

    await withDirectAccess(async (db) => {
      await db
        .insertInto('auditEvents')
        .values({ ...removed!, details: JSON.stringify(removed!.details) })
        .execute();
    });
  });

  it('names a forged entry that was inserted, even with a hash of its own that matches', async () => {
    const forgedSeq = entries + 1;
    await withDirectAccess(async (db) => {
      const before = await db
        .selectFrom('auditEvents')
        .select('hash')
        .where('seq', '=', entries - 1)
        .executeTakeFirstOrThrow();
      const forged = {
        seq: forgedSeq,
        occurredAt: new Date(),
        actorUserId: null,
        actorOrganisationId: null,
        action: 'user.create',
        targetType: 'user',
        targetId: '00000000-0000-4000-8000-000000000000',
        requestId: null,
        sourceIp: null,
        details: { email: 'intruder@example.test', roles: ['admin'] },
        // Linked to an earlier entry, not to the last one: it was slipped in, not appended by the server.
        prevHash: before.hash,
      };
      await db
        .insertInto('auditEvents')
        .values({ ...forged, details: JSON.stringify(forged.details), hash: hashAuditEvent(forged) })
        .execute();
    });
    const result = await verify();
    expect(result.code, result.stdout + result.stderr).toBe(1);
    expect(problemLines(result.stdout)).toEqual([
      expect.stringMatching(new RegExp(`^\\s+entry ${forgedSeq}: inserted\\b`)),
    ]);

    await withDirectAccess((db) =>
      bypassingTrigger(db, async () => {
        await db.deleteFrom('auditEvents').where('seq', '=', forgedSeq).execute();
      }),
    );
  });

  it('reports the trail intact again once every tampering is undone', async () => {
    const result = await verify();
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain(`audit trail intact: ${entries} entries`);
  });
});
