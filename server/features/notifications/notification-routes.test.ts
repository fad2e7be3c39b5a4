import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromIncidentId } from '../../../shared/contracts/incident-enums.js';
import type { NotificationPage } from '../../../shared/contracts/notifications.js';
import {
  createTestApp,
  errorBody,
  makeOrganisation,
  rowCounts,
  signedInUser,
  type Client,
  type TestApp,
} from '../../../test/helpers/app.js';
import { makeIncident } from '../../../test/helpers/incidents.js';
import { notifyUsers } from './notify.js';

type SignedIn = Awaited<ReturnType<typeof signedInUser>>;

describe('notification routes', () => {
  let t: TestApp;
  let orgA: string;
  let alice: SignedIn;
  let bob: SignedIn;
  let admin: Client;
  let visibleIncident: string;
  let hiddenLater: string;

  const notify = (userIds: string[], incidentId: string | null, kind = 'incident_created') =>
    t.deps.db.transaction().execute((tx) => notifyUsers(tx, { userIds, kind, incidentId, data: {} }));

  const put = (client: Client, url: string, body: unknown) =>
    client.request({ method: 'PUT', url, payload: body as object });

  beforeAll(async () => {
    t = await createTestApp();
    orgA = await makeOrganisation(t);
    alice = await signedInUser(t, ['analyst'], orgA);
    bob = await signedInUser(t, ['analyst']);
    admin = await t.signIn('admin@example.test');
    visibleIncident = await makeIncident(t, {
      ownerOrganisationId: orgA,
      authorUserId: alice.id,
      tlp: 'amber',
      title: 'Visible to Alice',
      severity: 4,
    });
    hiddenLater = await makeIncident(t, {
      ownerOrganisationId: orgA,
      authorUserId: bob.id,
      tlp: 'amber',
      title: 'Hidden later',
    });
    const bobsIncident = await makeIncident(t, {
      ownerOrganisationId: bob.organisationId,
      authorUserId: bob.id,
      tlp: 'amber',
    });
    for (let i = 0; i < 4; i += 1)
      await notify([alice.id], visibleIncident, i === 0 ? 'lead_assigned' : 'mention');
    await notify([alice.id], hiddenLater);
    await notify([alice.id], null, 'system');
    await notify([bob.id], bobsIncident);
    // Alice loses sight of it: the notification must disappear from her list and count.
    await t.deps.db
      .updateTable('incidents')
      .set({ tlp: 'red' })
      .where('id', '=', fromIncidentId(hiddenLater))
      .execute();
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('GET /api/v1/notifications', () => {
    it('asks an anonymous caller to sign in', async () => {
      const response = await t.anonymous.get('/api/v1/notifications');
      expect(response.statusCode).toBe(401);
      expect(errorBody(response).code).toBe('unauthenticated');
    });

    it('lists my notifications newest first, with the incident as I may see it and the unread count', async () => {
      const response = await alice.client.get('/api/v1/notifications');
      expect(response.statusCode).toBe(200);
      const page = response.json() as NotificationPage;
      expect(page.items).toHaveLength(5);
      expect(page.unreadCount).toBe(5);
      expect(page.nextCursor).toBeNull();
      expect(page.items[0]!.kind).toBe('system');
      expect(page.items[0]!.incident).toBeNull();
      const about = page.items.filter((n) => n.incident);
      expect(about).toHaveLength(4);
      expect(about[0]!.incident).toEqual({
        id: visibleIncident,
        title: 'Visible to Alice',
        tlp: 'amber',
        severity: 4,
      });
      const times = page.items.map((n) => n.createdAt);
      expect([...times].sort().reverse()).toEqual(times);
    });

    it('leaves out a notification about an incident I can no longer see, from the list and the count', async () => {
      const page = (await alice.client.get('/api/v1/notifications')).json() as NotificationPage;
      expect(JSON.stringify(page)).not.toContain(hiddenLater);
      expect(JSON.stringify(page)).not.toContain('Hidden later');
    });

    it('shows another user only their own notifications', async () => {
      const page = (await bob.client.get('/api/v1/notifications')).json() as NotificationPage;
      expect(page.items).toHaveLength(1);
      expect(page.unreadCount).toBe(1);
      expect(JSON.stringify(page)).not.toContain(visibleIncident);
    });

    it('pages with an opaque cursor, without gaps or repeats', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const url: string = `/api/v1/notifications?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
        const page = (await alice.client.get(url)).json() as NotificationPage;
        expect(page.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.items.map((n) => n.id));
        cursor = page.nextCursor;
      } while (cursor);
      const all = ((await alice.client.get('/api/v1/notifications')).json() as NotificationPage).items.map(
        (n) => n.id,
      );
      expect(seen).toEqual(all);
    });

    it('refuses invalid paging and unknown parameters', async () => {
      for (const query of ['limit=0', 'limit=101', 'limit=x', 'unread=yes', 'cursor=bad', 'other=1']) {
        const response = await alice.client.get(`/api/v1/notifications?${query}`);
        expect(response.statusCode, query).toBe(400);
      }
      const forged = Buffer.from(JSON.stringify(["x' or 1=1", 'y'])).toString('base64url');
      expect((await alice.client.get(`/api/v1/notifications?cursor=${forged}`)).statusCode).toBe(400);
    });
  });

  describe('POST /api/v1/notifications/read', () => {
    it('asks an anonymous caller to sign in', async () => {
      expect((await t.anonymous.post('/api/v1/notifications/read', { all: true })).statusCode).toBe(401);
    });

    it('refuses invalid input and changes nothing', async () => {
      for (const body of [
        {},
        { ids: [] },
        { ids: ['x'] },
        { all: false },
        { all: true, ids: [visibleIncident] },
        { all: true, extra: 1 },
      ]) {
        const response = await alice.client.post('/api/v1/notifications/read', body);
        expect(response.statusCode, JSON.stringify(body)).toBe(400);
      }
      const page = (await alice.client.get('/api/v1/notifications')).json() as NotificationPage;
      expect(page.unreadCount).toBe(5);
    });

    it("does not touch another user's notifications", async () => {
      const alices = ((await alice.client.get('/api/v1/notifications')).json() as NotificationPage).items.map(
        (n) => n.id,
      );
      const response = await bob.client.post('/api/v1/notifications/read', { ids: alices });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ updated: 0, unreadCount: 1 });
      expect(((await alice.client.get('/api/v1/notifications')).json() as NotificationPage).unreadCount).toBe(
        5,
      );
    });

    it('marks the given notifications read, then all of them', async () => {
      const page = (await alice.client.get('/api/v1/notifications')).json() as NotificationPage;
      const one = page.items[1]!.id;
      const response = await alice.client.post('/api/v1/notifications/read', { ids: [one] });
      expect(response.json()).toEqual({ updated: 1, unreadCount: 4 });
      const after = (await alice.client.get('/api/v1/notifications')).json() as NotificationPage;
      expect(after.items.find((n) => n.id === one)!.readAt).not.toBeNull();
      const unread = (await alice.client.get('/api/v1/notifications?unread=true')).json() as NotificationPage;
      expect(unread.items.map((n) => n.id)).not.toContain(one);
      expect(unread.items).toHaveLength(4);

      expect((await alice.client.post('/api/v1/notifications/read', { all: true })).json()).toEqual({
        updated: 4,
        unreadCount: 0,
      });
      // The invisible one is neither counted nor touched.
      const hidden = await t.deps.db
        .selectFrom('notifications')
        .select('readAt')
        .where('incidentId', '=', fromIncidentId(hiddenLater))
        .executeTakeFirstOrThrow();
      expect(hidden.readAt).toBeNull();
      expect(((await bob.client.get('/api/v1/notifications')).json() as NotificationPage).unreadCount).toBe(
        1,
      );
    });
  });

  describe('GET and PUT /api/v1/notifications/settings', () => {
    it('asks an anonymous caller to sign in', async () => {
      expect((await t.anonymous.get('/api/v1/notifications/settings')).statusCode).toBe(401);
      expect(
        (
          await put(t.anonymous, '/api/v1/notifications/settings', {
            emailEnabled: false,
            dailyDigest: false,
          })
        ).statusCode,
      ).toBe(401);
    });

    it('starts with e-mail on and no digest, and says whether this instance can send e-mail', async () => {
      const response = await alice.client.get('/api/v1/notifications/settings');
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ emailEnabled: true, dailyDigest: false, emailAvailable: false });
    });

    it('refuses invalid settings and changes nothing', async () => {
      const before = await rowCounts(t, ['user_notification_settings', 'audit_events']);
      for (const body of [
        {},
        { emailEnabled: true },
        { emailEnabled: 'yes', dailyDigest: false },
        { emailEnabled: true, dailyDigest: false, extra: 1 },
      ]) {
        const response = await put(alice.client, '/api/v1/notifications/settings', body);
        expect(response.statusCode, JSON.stringify(body)).toBe(400);
        expect(errorBody(response).code).toBe('validation_failed');
      }
      expect(await rowCounts(t, ['user_notification_settings', 'audit_events'])).toEqual(before);
    });

    it('saves my settings without touching anyone else’s', async () => {
      const response = await put(alice.client, '/api/v1/notifications/settings', {
        emailEnabled: true,
        dailyDigest: true,
      });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ emailEnabled: true, dailyDigest: true, emailAvailable: false });
      expect((await alice.client.get('/api/v1/notifications/settings')).json()).toMatchObject({
        dailyDigest: true,
      });
      expect((await bob.client.get('/api/v1/notifications/settings')).json()).toMatchObject({
        dailyDigest: false,
      });
      await put(alice.client, '/api/v1/notifications/settings', { emailEnabled: false, dailyDigest: false });
      expect((await alice.client.get('/api/v1/notifications/settings')).json()).toMatchObject({
        emailEnabled: false,
        dailyDigest: false,
      });
      const audit = await t.deps.db
        .selectFrom('auditEvents')
        .select('action')
        .where('action', '=', 'notification_settings.update')
        .where('actorUserId', '=', alice.id)
        .execute();
      expect(audit).toHaveLength(2);
    });

    it('an admin without a reading role may keep settings too', async () => {
      expect((await admin.get('/api/v1/notifications/settings')).statusCode).toBe(200);
    });
  });

  describe('/api/v1/subscriptions', () => {
    const tables = ['subscriptions', 'audit_events'];

    it('asks an anonymous caller to sign in', async () => {
      expect((await t.anonymous.get('/api/v1/subscriptions')).statusCode).toBe(401);
      expect((await t.anonymous.post('/api/v1/subscriptions', {})).statusCode).toBe(401);
      expect(
        (await t.anonymous.delete('/api/v1/subscriptions/00000000-0000-4000-8000-000000000000')).statusCode,
      ).toBe(401);
    });

    it('is forbidden to a role that reads no content', async () => {
      expect((await admin.get('/api/v1/subscriptions')).statusCode).toBe(403);
      expect((await admin.post('/api/v1/subscriptions', {})).statusCode).toBe(403);
      expect(
        (await admin.delete('/api/v1/subscriptions/00000000-0000-4000-8000-000000000000')).statusCode,
      ).toBe(403);
    });

    it('refuses invalid subscriptions and changes nothing', async () => {
      const before = await rowCounts(t, tables);
      const bodies = [
        { domains: ['weather'] },
        { minSeverity: 0 },
        { minSeverity: 6 },
        { areaCodes: ['Helsinki'] },
        { areaCodes: ['KU999'] },
        { electionId: 'not-a-uuid' },
        { electionId: '00000000-0000-4000-8000-000000000000' },
        { email: 'yes' },
        { extra: true },
      ];
      for (const body of bodies) {
        const response = await alice.client.post('/api/v1/subscriptions', body);
        expect(response.statusCode, JSON.stringify(body)).toBe(400);
        expect(errorBody(response).code).toBe('validation_failed');
      }
      expect(await rowCounts(t, tables)).toEqual(before);
      expect((await alice.client.delete('/api/v1/subscriptions/not-a-uuid')).statusCode).toBe(400);
    });

    it('creates, lists and deletes my subscriptions', async () => {
      const created = await alice.client.post('/api/v1/subscriptions', {});
      expect(created.statusCode).toBe(201);
      expect(created.json()).toMatchObject({
        electionId: null,
        domains: [],
        minSeverity: 1,
        areaCodes: [],
        email: true,
      });
      const specific = await alice.client.post('/api/v1/subscriptions', {
        domains: ['cyber', 'cyber', 'information_influence'],
        minSeverity: 4,
        areaCodes: ['KU091', 'VP01'],
        email: false,
      });
      expect(specific.statusCode).toBe(201);
      expect(specific.json()).toMatchObject({
        domains: ['cyber', 'information_influence'],
        minSeverity: 4,
        areaCodes: ['KU091', 'VP01'],
        email: false,
      });
      const list = (await alice.client.get('/api/v1/subscriptions')).json() as { items: { id: string }[] };
      expect(list.items.map((s) => s.id)).toEqual([created.json().id, specific.json().id]);

      const deleted = await alice.client.delete(`/api/v1/subscriptions/${created.json().id}`);
      expect(deleted.statusCode).toBe(204);
      expect(
        ((await alice.client.get('/api/v1/subscriptions')).json() as { items: unknown[] }).items,
      ).toHaveLength(1);
      expect((await alice.client.delete(`/api/v1/subscriptions/${created.json().id}`)).statusCode).toBe(404);
    });

    it("neither lists nor deletes another user's subscription", async () => {
      const mine = (await alice.client.post('/api/v1/subscriptions', { minSeverity: 3 })).json() as {
        id: string;
      };
      expect(
        ((await bob.client.get('/api/v1/subscriptions')).json() as { items: unknown[] }).items,
      ).toHaveLength(0);
      const before = await rowCounts(t, tables);
      const response = await bob.client.delete(`/api/v1/subscriptions/${mine.id}`);
      expect(response.statusCode).toBe(404);
      expect(errorBody(response).code).toBe('not_found');
      expect(await rowCounts(t, tables)).toEqual(before);
    });

    it('limits how many subscriptions one user keeps', async () => {
      await t.deps.db
        .insertInto('subscriptions')
        .values(Array.from({ length: 50 }, () => ({ userId: bob.id })))
        .execute();
      const response = await bob.client.post('/api/v1/subscriptions', {});
      expect(response.statusCode).toBe(409);
    });
  });
});
