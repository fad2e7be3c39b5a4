import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromIncidentId } from '../../../shared/contracts/incident-enums.js';
import type { IncidentStreamEvent } from '../../../shared/contracts/stream.js';
import {
  ADMIN_EMAIL,
  createTestApp,
  errorBody,
  makeOrganisation,
  makeUser,
  signedInUser,
  type Client,
  type TestApp,
} from '../../../test/helpers/app.js';
import { makeIncident } from '../../../test/helpers/incidents.js';
import { appendIncidentEvent } from '../incidents/incident-events.js';
import { connectSse, type SseClient, type SseMessage } from './sse-client.js';
import { REPLAY_LIMIT, streamHubOf } from './stream-routes.js';

let t: TestApp;
let base: string;
const open: SseClient[] = [];

beforeAll(async () => {
  t = await createTestApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const address = t.app.server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
afterAll(async () => {
  for (const client of open) client.close();
  await t?.close();
});

const connect = async (headers: Record<string, string>, query = ''): Promise<SseClient> => {
  const client = await connectSse(`${base}/api/v1/stream${query}`, { headers });
  open.push(client);
  return client;
};
const connectAs = async (client: Client, headers: Record<string, string> = {}, query = '') => {
  const stream = await connect({ cookie: client.cookie!, ...headers }, query);
  expect(stream.status, stream.text()).toBe(200);
  await stream.waitFor((m) => m.event === 'ready' || m.event === 'reset' || m.event === 'incident');
  return stream;
};

/** A committed change of the incident, as every writer makes it; returns the event id. */
const change = (incidentId: string, type = 'updated') =>
  t.deps.db
    .transaction()
    .execute((tx) =>
      appendIncidentEvent(tx, null, { incidentId: fromIncidentId(incidentId), type, data: {} }),
    );

const incidentsOf = (stream: SseClient) =>
  stream.messages.filter((m) => m.event === 'incident').map((m) => JSON.parse(m.data) as IncidentStreamEvent);
const idsOf = (stream: SseClient) => incidentsOf(stream).map((e) => e.id);
const isEvent = (id: number) => (m: SseMessage) => m.event === 'incident' && m.id === String(id);
/** Everything up to `id` has been dispatched and written out. */
const settled = async (id: number) => {
  const hub = streamHubOf(t.app);
  const deadline = Date.now() + 10_000;
  while (hub.dispatchedUpTo < id) {
    if (Date.now() > deadline) throw new Error(`event ${id} was not dispatched`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  await new Promise((resolve) => setTimeout(resolve, 100));
};

describe('GET /api/v1/stream', () => {
  it('answers an anonymous caller 401 in JSON, and a bad token too', async () => {
    const anonymous = await connect({});
    expect(anonymous.status).toBe(401);
    await anonymous.ended;
    expect(JSON.parse(anonymous.text())).toMatchObject({ code: 'unauthenticated' });
    const response = await t.anonymous.get('/api/v1/stream', { authorization: 'Bearer vv_nonsense' });
    expect(response.statusCode).toBe(401);
    expect(errorBody(response).code).toBe('unauthenticated');
  });

  it('refuses a Last-Event-ID that is not an event id, with 400', async () => {
    const { client } = await signedInUser(t, ['analyst']);
    const viaHeader = await client.get('/api/v1/stream', { 'last-event-id': 'abc' });
    expect(viaHeader.statusCode).toBe(400);
    expect(errorBody(viaHeader).code).toBe('validation_failed');
    const viaQuery = await client.get('/api/v1/stream?lastEventId=-1');
    expect(viaQuery.statusCode).toBe(400);
    const unknown = await client.get('/api/v1/stream?since=1');
    expect(unknown.statusCode).toBe(400);
  });

  it('streams with the security headers, no caching and no proxy buffering, and says where it stands', async () => {
    const { client } = await signedInUser(t, ['viewer']);
    const stream = await connectAs(client);
    expect(stream.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(stream.headers['cache-control']).toBe('no-store');
    expect(stream.headers['x-accel-buffering']).toBe('no');
    expect(stream.headers['content-security-policy']).toContain("default-src 'none'");
    expect(stream.headers['x-content-type-options']).toBe('nosniff');
    expect(stream.headers['x-request-id']).toBeTruthy();
    expect(stream.text().startsWith('retry: 3000\n\n')).toBe(true);
    const ready = stream.messages[0]!;
    expect(ready.event).toBe('ready');
    expect(JSON.parse(ready.data)).toEqual({ lastEventId: Number(ready.id) });
    stream.close();
  });

  it('pushes a change to those who may see the incident, and to nobody else', async () => {
    const orgA = await makeOrganisation(t);
    const writer = await signedInUser(t, ['analyst'], orgA);
    const colleague = await signedInUser(t, ['viewer'], orgA);
    const named = await signedInUser(t, ['analyst']);
    const other = await signedInUser(t, ['coordinator']);
    const admin = await t.signIn(ADMIN_EMAIL);
    const amber = await makeIncident(t, { ownerOrganisationId: orgA, authorUserId: writer.id, tlp: 'amber' });
    const red = await makeIncident(t, {
      ownerOrganisationId: orgA,
      authorUserId: writer.id,
      tlp: 'red',
      sharedUserIds: [named.id],
    });
    const clear = await makeIncident(t, { ownerOrganisationId: orgA, authorUserId: writer.id, tlp: 'clear' });
    const streams = {
      writer: await connectAs(writer.client),
      colleague: await connectAs(colleague.client),
      named: await connectAs(named.client),
      other: await connectAs(other.client),
      admin: await connectAs(admin),
    };

    const amberChange = await change(amber, 'status_changed');
    const redChange = await change(red);
    const clearChange = await change(clear);
    await settled(clearChange);

    const received = Object.fromEntries(Object.entries(streams).map(([who, s]) => [who, idsOf(s)]));
    expect(received).toEqual({
      writer: [amberChange, redChange, clearChange],
      colleague: [amberChange, clearChange],
      named: [redChange, clearChange],
      other: [clearChange],
      admin: [],
    });
    // The kind of change and the id, never the content.
    const event = incidentsOf(streams.colleague)[0]!;
    expect(event).toEqual({
      id: amberChange,
      incidentId: amber,
      type: 'status_changed',
      occurredAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as unknown,
    });
    expect(streams.colleague.messages.find(isEvent(amberChange))!.id).toBe(String(amberChange));
    expect(streams.colleague.text()).not.toContain('Test incident');
    for (const stream of Object.values(streams)) stream.close();
  });

  it('resumes from Last-Event-ID with every missed visible change, once, in order, then live', async () => {
    const org = await makeOrganisation(t);
    const me = await signedInUser(t, ['analyst'], org);
    const mine = await makeIncident(t, { ownerOrganisationId: org, authorUserId: me.id, tlp: 'amber' });
    const elsewhere = await signedInUser(t, ['analyst']);
    const theirs = await makeIncident(t, {
      ownerOrganisationId: elsewhere.organisationId,
      authorUserId: elsewhere.id,
      tlp: 'amber',
    });

    const first = await connectAs(me.client);
    const seen = await change(mine);
    await first.waitFor(isEvent(seen));
    first.close();
    await first.ended;

    const missed: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      missed.push(await change(mine));
      await change(theirs);
    }
    const resumed = await connectAs(me.client, { 'last-event-id': String(seen) });
    await resumed.waitFor(isEvent(missed.at(-1)!));
    const live = await change(mine);
    await resumed.waitFor(isEvent(live));
    await settled(live);
    expect(idsOf(resumed)).toEqual([...missed, live]);
    resumed.close();

    // The same through the query parameter, for clients that cannot set headers.
    const viaQuery = await connectAs(me.client, {}, `?lastEventId=${missed[0]}`);
    await viaQuery.waitFor(isEvent(live));
    expect(idsOf(viaQuery)).toEqual([missed[1], missed[2], live]);
    viaQuery.close();
  });

  it('misses nothing and repeats nothing while changes are committed during the catch-up', async () => {
    const org = await makeOrganisation(t);
    const me = await signedInUser(t, ['analyst'], org);
    const mine = await makeIncident(t, { ownerOrganisationId: org, authorUserId: me.id, tlp: 'green' });
    const from = await change(mine);
    const before: number[] = [];
    for (let i = 0; i < 20; i += 1) before.push(await change(mine));
    const writing = (async () => {
      const ids: number[] = [];
      for (let i = 0; i < 30; i += 1) ids.push(await change(mine));
      return ids;
    })();
    const stream = await connectAs(me.client, { 'last-event-id': String(from) });
    const during = await writing;
    await stream.waitFor(isEvent(during.at(-1)!));
    await settled(during.at(-1)!);
    expect(idsOf(stream)).toEqual([...before, ...during]);
    stream.close();
  });

  it('tells a client that missed too much to refetch everything, then carries on live', async () => {
    const org = await makeOrganisation(t);
    const me = await signedInUser(t, ['analyst'], org);
    const mine = await makeIncident(t, { ownerOrganisationId: org, authorUserId: me.id, tlp: 'amber' });
    const from = await change(mine);
    await sql`insert into incident_events (incident_id, type, data)
      select ${fromIncidentId(mine)}::uuid, 'updated', '{}'::jsonb from generate_series(1, ${REPLAY_LIMIT + 1})`.execute(
      t.deps.db,
    );
    const stream = await connectAs(me.client, { 'last-event-id': String(from) });
    const reset = await stream.waitFor((m) => m.event === 'reset');
    const latest = (
      await sql<{ id: number }>`select max(id)::int8 as id from incident_events`.execute(t.deps.db)
    ).rows[0]!.id;
    expect(JSON.parse(reset.data)).toEqual({ lastEventId: Number(latest) });
    expect(reset.id).toBe(String(latest));
    const live = await change(mine);
    await stream.waitFor(isEvent(live));
    expect(idsOf(stream)).toEqual([live]);
    stream.close();
  });

  it('works with a personal API token, and ends when the token is revoked', async () => {
    const org = await makeOrganisation(t);
    const me = await signedInUser(t, ['analyst'], org);
    const created = await me.client.post('/api/v1/me/tokens', { name: 'stream' });
    expect(created.statusCode).toBe(201);
    const { token, secret } = created.json() as { token: { id: string }; secret: string };
    const stream = await connect({ authorization: `Bearer ${secret}` });
    expect(stream.status).toBe(200);
    const mine = await makeIncident(t, { ownerOrganisationId: org, authorUserId: me.id, tlp: 'amber' });
    await stream.waitFor(isEvent(await change(mine)));

    await streamHubOf(t.app).recheck();
    expect(stream.isEnded).toBe(false);
    expect((await me.client.delete(`/api/v1/me/tokens/${token.id}`)).statusCode).toBe(204);
    await streamHubOf(t.app).recheck();
    await stream.ended;
  });

  it("ends a deactivated user's stream at the next session check, and a signed-out one's", async () => {
    const org = await makeOrganisation(t);
    const leaving = await signedInUser(t, ['analyst'], org);
    const staying = await signedInUser(t, ['analyst'], org);
    const signingOut = await signedInUser(t, ['analyst'], org);
    const streams = [
      await connectAs(leaving.client),
      await connectAs(staying.client),
      await connectAs(signingOut.client),
    ];
    const admin = await t.signIn(ADMIN_EMAIL);
    expect((await admin.patch(`/api/v1/users/${leaving.id}`, { active: false })).statusCode).toBe(200);
    expect((await signingOut.client.post('/api/v1/auth/sign-out', {})).statusCode).toBe(200);

    await streamHubOf(t.app).recheck();
    await streams[0]!.ended;
    await streams[2]!.ended;
    expect(streams[1]!.isEnded).toBe(false);
    const incident = await makeIncident(t, {
      ownerOrganisationId: org,
      authorUserId: staying.id,
      tlp: 'amber',
    });
    const id = await change(incident);
    await streams[1]!.waitFor(isEvent(id));
    expect(idsOf(streams[0]!)).toEqual([]);
    streams[1]!.close();
  });

  it('follows a user whose role changes: an admin-only account stops receiving content', async () => {
    const org = await makeOrganisation(t);
    const user = await makeUser(t, { organisationId: org, roles: ['analyst'] });
    const stream = await connectAs(await t.signIn(user.email));
    const incident = await makeIncident(t, { ownerOrganisationId: org, authorUserId: user.id, tlp: 'amber' });
    await stream.waitFor(isEvent(await change(incident)));
    await t.deps.db
      .updateTable('users')
      .set({ roles: ['admin'] })
      .where('id', '=', user.id)
      .execute();
    await streamHubOf(t.app).recheck();
    const hidden = await change(incident);
    await settled(hidden);
    expect(idsOf(stream)).not.toContain(hidden);
    stream.close();
  });

  it('tells a user, and only them, that a notification was created for them, without its content', async () => {
    const org = await makeOrganisation(t);
    const recipient = await signedInUser(t, ['analyst'], org);
    const colleague = await signedInUser(t, ['analyst'], org);
    const incident = await makeIncident(t, {
      ownerOrganisationId: org,
      authorUserId: colleague.id,
      tlp: 'amber',
    });
    const streams = [await connectAs(recipient.client), await connectAs(colleague.client)];
    await t.deps.db
      .insertInto('notifications')
      .values({
        userId: recipient.id,
        kind: 'assigned',
        incidentId: fromIncidentId(incident),
        data: { secret: 'x' },
      })
      .execute();
    const sentinel = await change(incident);
    await streams[1]!.waitFor(isEvent(sentinel));
    const note = await streams[0]!.waitFor((m) => m.event === 'notification');
    expect(note).toMatchObject({ id: undefined, data: '{}' });
    expect(streams[0]!.text()).not.toContain('assigned');
    expect(streams[1]!.messages.some((m) => m.event === 'notification')).toBe(false);
    for (const stream of streams) stream.close();
  });

  it('catches up after its database listener connection was cut', async () => {
    const org = await makeOrganisation(t);
    const me = await signedInUser(t, ['analyst'], org);
    const incident = await makeIncident(t, { ownerOrganisationId: org, authorUserId: me.id, tlp: 'amber' });
    const stream = await connectAs(me.client);
    const cut = await sql<{
      n: number;
    }>`select count(pg_terminate_backend(pid))::int as n from pg_stat_activity
      where application_name = 'vaalivahti-stream' and datname = current_database()`.execute(t.deps.db);
    expect(cut.rows[0]!.n).toBe(1);
    // Committed while nobody listens: its NOTIFY is lost, the catch-up after reconnecting finds it.
    const whileCut = await change(incident);
    await stream.waitFor(isEvent(whileCut), 15_000);
    const after = await change(incident);
    await stream.waitFor(isEvent(after));
    expect(idsOf(stream)).toEqual([whileCut, after]);
    stream.close();
  });
});

describe('shutting down with streams open', () => {
  it('ends every open stream at once, so closing the server is not held up', async () => {
    const own = await createTestApp();
    await own.app.listen({ port: 0, host: '127.0.0.1' });
    const address = own.app.server.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/api/v1/stream`;
    const { client } = await signedInUser(own, ['analyst']);
    const streams = await Promise.all(
      [1, 2, 3].map(() => connectSse(url, { headers: { cookie: client.cookie! } })),
    );
    for (const stream of streams) await stream.waitFor((m) => m.event === 'ready');
    const started = Date.now();
    await own.app.close();
    expect(Date.now() - started).toBeLessThan(2000);
    for (const stream of streams) expect(stream.isEnded).toBe(true);
    await own.close();
  });
});
