import { sql } from 'kysely';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCursor } from '../../lib/cursor.js';
import {
  ADMIN_EMAIL,
  type Client,
  createTestApp,
  errorBody,
  expectError,
  PASSWORD,
  signedInUser,
  type TestApp,
} from '../../../test/helpers/app.js';

interface Entry {
  seq: number;
  occurredAt: string;
  actorUserId: string | null;
  actorEmail: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  targetLabel: string | null;
  requestId: string | null;
  sourceIp: string | null;
  details: Record<string, unknown>;
  hash: string;
}
interface Page {
  items: Entry[];
  nextCursor: string | null;
}

const organisation = (shortName: string) => ({
  shortName,
  name: { fi: `${shortName} fi`, sv: `${shortName} sv`, en: `${shortName} en` },
});

describe('audit trail', () => {
  let t: TestApp;
  let admin: Client;
  let adminId: string;

  const page = async (query: string): Promise<Page> => {
    const response = await admin.get(`/api/v1/audit${query ? `?${query}` : ''}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as Page;
  };
  const allPages = async (query: string, limit: number): Promise<Entry[]> => {
    const entries: Entry[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 100; i += 1) {
      const current: Page = await page(
        `${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(current.items.length).toBeLessThanOrEqual(limit);
      entries.push(...current.items);
      cursor = current.nextCursor;
      if (!cursor) return entries;
    }
    throw new Error('paging did not end');
  };
  const countWhere = async (where: ReturnType<typeof sql<boolean>>) =>
    (await sql<{ n: number }>`select count(*)::int as n from audit_events where ${where}`.execute(t.deps.db))
      .rows[0]!.n;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.signIn(ADMIN_EMAIL);
    adminId = t.adminId;
    for (const shortName of ['AUD-1', 'AUD-2', 'AUD-3']) {
      expect((await admin.post('/api/v1/organisations', organisation(shortName))).statusCode).toBe(201);
    }
  });
  afterAll(() => t.close());

  describe('access', () => {
    it('refuses the audit trail and its verification to an anonymous caller', async () => {
      expectError(await t.anonymous.get('/api/v1/audit'), 401, 'unauthenticated');
      expectError(await t.anonymous.get('/api/v1/audit/verify'), 401, 'unauthenticated');
    });

    it('shows the audit trail to admins only: coordinators, analysts, reporters and viewers get 403', async () => {
      for (const role of ['coordinator', 'analyst', 'reporter', 'viewer'] as const) {
        const { client } = await signedInUser(t, [role]);
        expectError(await client.get('/api/v1/audit'), 403, 'forbidden');
        expectError(await client.get('/api/v1/audit/verify'), 403, 'forbidden');
      }
    });

    it('shows the audit trail to an admin of any organisation', async () => {
      const { client } = await signedInUser(t, ['admin']);
      expect((await client.get('/api/v1/audit?limit=1')).statusCode).toBe(200);
    });
  });

  describe('what is recorded', () => {
    it('records a failed sign-in with the reason, the source address and the request id', async () => {
      const wrong = await t.anonymous.post(
        '/api/v1/auth/sign-in/email',
        { email: ADMIN_EMAIL, password: 'not-the-password' },
        { 'x-request-id': 'failed-sign-in-0001' },
      );
      expectError(wrong, 401, 'invalid_credentials');
      const unknown = await t.anonymous.post('/api/v1/auth/sign-in/email', {
        email: 'nobody@example.test',
        password: PASSWORD,
      });
      expectError(unknown, 401, 'invalid_credentials');

      const { items } = await page('action=auth.sign_in_failed&limit=2');
      expect(items[1]).toMatchObject({
        action: 'auth.sign_in_failed',
        actorUserId: null,
        targetType: 'user',
        requestId: 'failed-sign-in-0001',
        sourceIp: '127.0.0.1',
        details: { email: ADMIN_EMAIL, reason: 'wrong_password' },
      });
      expect(items[0]).toMatchObject({
        requestId: unknown.headers['x-request-id'],
        sourceIp: '127.0.0.1',
        details: { email: 'nobody@example.test', reason: 'unknown_account' },
      });
      expect(JSON.stringify(items)).not.toContain('not-the-password');
    });

    it('records the connecting address, not one claimed in X-Forwarded-For', async () => {
      const response = await t.anonymous.post(
        '/api/v1/auth/sign-in/email',
        { email: 'forger@example.test', password: PASSWORD },
        { 'x-forwarded-for': '203.0.113.7' },
      );
      expect(response.statusCode).toBe(401);
      const [entry] = (await page('action=auth.sign_in_failed&limit=1')).items;
      expect(entry).toMatchObject({ details: { email: 'forger@example.test' }, sourceIp: '127.0.0.1' });
    });

    it('names the acting user and their e-mail address on each entry', async () => {
      const created = (await admin.post('/api/v1/organisations', organisation('AUD-ACTOR'))).json();
      const [entry] = (await page(`targetId=${created.id}`)).items;
      expect(entry).toMatchObject({
        action: 'organisation.create',
        actorUserId: adminId,
        actorEmail: ADMIN_EMAIL,
        targetType: 'organisation',
        targetId: created.id,
        targetLabel: 'AUD-ACTOR',
        hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
    });

    it('names the target readably: a user.create entry carries the new user’s e-mail address', async () => {
      const organisationId = (await admin.post('/api/v1/organisations', organisation('AUD-LABEL'))).json().id;
      const response = await admin.post('/api/v1/users', {
        name: 'Label Target',
        email: 'Label.Target@Example.TEST',
        organisationId,
        roles: ['viewer'],
      });
      expect(response.statusCode, response.body).toBe(201);
      const { user } = response.json();
      const { items } = await page(`targetId=${user.id}&action=user.create`);
      expect(items).toHaveLength(1);
      expect(items[0]).toMatchObject({
        targetType: 'user',
        targetId: user.id,
        targetLabel: 'label.target@example.test',
      });
    });
  });

  describe('filters and paging', () => {
    it('filters by an exact action', async () => {
      const { items } = await page('action=organisation.create&limit=200');
      expect(items.length).toBe(await countWhere(sql`action = 'organisation.create'`));
      expect(items.length).toBeGreaterThanOrEqual(3);
      expect(new Set(items.map((e) => e.action))).toEqual(new Set(['organisation.create']));
      expect((await page('action=organisation&limit=200')).items).toEqual([]);
    });

    it('filters by an action prefix ending in "."', async () => {
      const items = await allPages('action=auth.', 2);
      expect(items.length).toBe(await countWhere(sql`action like 'auth.%'`));
      expect(items.every((e) => e.action.startsWith('auth.'))).toBe(true);
      expect(items.map((e) => e.action)).toEqual(
        expect.arrayContaining(['auth.sign_in', 'auth.sign_in_failed']),
      );
    });

    it('treats % and _ in an action prefix as ordinary characters', async () => {
      expect((await page('action=%25.')).items).toEqual([]);
      expect((await page('action=auth_sign_in_failed')).items).toEqual([]);
      expect((await page('action=____.')).items).toEqual([]);
    });

    it('filters by the acting user', async () => {
      const other = await signedInUser(t, ['admin']);
      await other.client.post('/api/v1/organisations', organisation('AUD-OTHER'));
      const items = await allPages(`actorUserId=${other.id}`, 50);
      expect(items.map((e) => e.action).sort()).toEqual(['auth.sign_in', 'organisation.create']);
      expect(items.every((e) => e.actorUserId === other.id && e.actorEmail === other.email)).toBe(true);
    });

    it('filters by the target, newest first', async () => {
      const created = (await admin.post('/api/v1/organisations', organisation('AUD-TARGET'))).json();
      await admin.patch(`/api/v1/organisations/${created.id}`, { kind: 'police' });
      const { items } = await page(`targetId=${created.id}`);
      expect(items.map((e) => e.action)).toEqual(['organisation.update', 'organisation.create']);
      expect(items[0]!.details).toEqual({ changes: { kind: 'police' } });
    });

    it('filters by time: from is inclusive, to is exclusive', async () => {
      const create = async (shortName: string) =>
        (await admin.post('/api/v1/organisations', organisation(shortName))).json().id as string;
      await create('AUD-EARLY');
      await sleep(15);
      const from = new Date().toISOString();
      const middle = await create('AUD-MIDDLE');
      await sleep(15);
      const to = new Date().toISOString();
      await create('AUD-LATE');

      const { items } = await page(`action=organisation.create&from=${from}&to=${to}`);
      expect(items.map((e) => e.targetId)).toEqual([middle]);
      const [entry] = items;
      expect((await page(`targetId=${middle}&from=${entry!.occurredAt}`)).items).toHaveLength(1);
      expect((await page(`targetId=${middle}&to=${entry!.occurredAt}`)).items).toHaveLength(0);
      const inHelsinki = (iso: string) =>
        `${new Date(Date.parse(iso) + 2 * 3600_000).toISOString().slice(0, -1)}+02:00`;
      const withOffsets = await page(
        `action=organisation.create&from=${encodeURIComponent(inHelsinki(from))}&to=${encodeURIComponent(inHelsinki(to))}`,
      );
      expect(withOffsets.items.map((e) => e.targetId)).toEqual([middle]);
    });

    it('pages through the whole trail newest first, without duplicates or gaps', async () => {
      const all = await t.deps.db.selectFrom('auditEvents').select('seq').orderBy('seq', 'desc').execute();
      const items = await allPages('', 4);
      const seqs = items.map((e) => e.seq);
      expect(seqs).toEqual(all.map((r) => Number(r.seq)));
      expect(seqs.every((seq, i) => i === 0 || seq < seqs[i - 1]!)).toBe(true);
    });

    it('shows the newest entries first and says when there are no more', async () => {
      const first = await page('limit=1');
      const newest = await t.deps.db
        .selectFrom('auditEvents')
        .select('seq')
        .orderBy('seq', 'desc')
        .limit(1)
        .executeTakeFirstOrThrow();
      expect(first.items[0]!.seq).toBe(Number(newest.seq));
      expect(first.nextCursor).toEqual(expect.any(String));
      expect((await page('limit=200&action=no.such.action')).nextCursor).toBeNull();
    });

    it.each([
      ['a malformed actor id', 'actorUserId=admin'],
      ['a time that is not ISO 8601', 'from=yesterday'],
      ['a page size of 0', 'limit=0'],
      ['a page size of 201', 'limit=201'],
      ['an unknown parameter', 'order=asc'],
      ['an action of 101 characters', `action=${'a'.repeat(101)}`],
    ])('answers 400 with the issues to a query with %s', async (_label, query) => {
      const response = await admin.get(`/api/v1/audit?${query}`);
      expectError(response, 400, 'validation_failed');
      expect(errorBody(response).issues).toEqual(
        expect.arrayContaining([{ path: expect.any(String), message: expect.any(String) }]),
      );
    });

    it('answers 400 to a cursor that is not one of ours', async () => {
      for (const cursor of ['garbage', encodeCursor(['1']), encodeCursor([1, 2])]) {
        const response = await admin.get(`/api/v1/audit?cursor=${encodeURIComponent(cursor)}`);
        expect(response.statusCode, cursor).toBe(400);
      }
    });

    it('answers 400, not 500, to a cursor holding a number that is not a position in the trail', async () => {
      for (const cursor of [encodeCursor([1.5]), encodeCursor([1e20])]) {
        const response = await admin.get(`/api/v1/audit?cursor=${encodeURIComponent(cursor)}`);
        expect(response.statusCode, response.body).toBe(400);
      }
    });

    it('answers 400, not 500, to a filter containing a NUL character', async () => {
      for (const query of ['targetId=a%00b', 'action=a%00b']) {
        const response = await admin.get(`/api/v1/audit?${query}`);
        expect(response.statusCode, `${query}: ${response.body}`).toBe(400);
      }
    });
  });

  describe('integrity', () => {
    it('verifies the hash chain of the whole trail', async () => {
      const response = await admin.get('/api/v1/audit/verify');
      expect(response.statusCode).toBe(200);
      const count = (
        await t.deps.db
          .selectFrom('auditEvents')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n;
      expect(response.json()).toEqual({
        ok: true,
        checked: expect.any(Number),
        problems: [],
        head: { seq: expect.any(Number), hash: expect.stringMatching(/^[0-9a-f]{64}$/) },
      });
      expect(response.json().checked).toBeGreaterThanOrEqual(Number(count));
    });

    it('refuses UPDATE, DELETE and TRUNCATE of the audit trail, even through the application connection', async () => {
      const before = await t.deps.db.selectFrom('auditEvents').selectAll().orderBy('seq').execute();
      await expect(
        t.deps.db.updateTable('auditEvents').set({ action: 'rewritten' }).where('seq', '=', 1).execute(),
      ).rejects.toThrow(/append-only/);
      await expect(t.deps.db.deleteFrom('auditEvents').where('seq', '=', 1).execute()).rejects.toThrow(
        /append-only/,
      );
      await expect(sql`truncate audit_events`.execute(t.deps.db)).rejects.toThrow(/append-only/);
      expect(await t.deps.db.selectFrom('auditEvents').selectAll().orderBy('seq').execute()).toEqual(before);
    });

    it('reports an entry changed and an entry removed behind the application’s back', async () => {
      const [first, second, third] = await t.deps.db
        .selectFrom('auditEvents')
        .select('seq')
        .orderBy('seq')
        .limit(3)
        .execute();
      await t.deps.db.transaction().execute(async (tx) => {
        await sql`alter table audit_events disable trigger audit_events_no_update`.execute(tx);
        await sql`update audit_events set details = '{"forged": true}' where seq = ${first!.seq}`.execute(tx);
        await sql`delete from audit_events where seq = ${third!.seq}`.execute(tx);
        await sql`alter table audit_events enable trigger audit_events_no_update`.execute(tx);
      });
      const result = (await admin.get('/api/v1/audit/verify')).json();
      expect(result.ok).toBe(false);
      expect(result.problems).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ seq: Number(first!.seq), kind: 'changed' }),
          expect.objectContaining({ seq: Number(third!.seq), kind: 'removed' }),
        ]),
      );
      expect(result.problems.some((p: { seq: number }) => p.seq === Number(second!.seq))).toBe(false);
    });
  });
});
