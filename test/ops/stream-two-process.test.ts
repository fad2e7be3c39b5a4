import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromIncidentId } from '../../shared/contracts/incident-enums.js';
import { createAuth } from '../../server/features/auth/auth-instance.js';
import { ensureAuthSecret } from '../../server/features/bootstrap/first-start.js';
import { appendIncidentEvent } from '../../server/features/incidents/incident-events.js';
import { connectSse, type SseClient } from '../../server/features/stream/sse-client.js';
import { makeOrganisation, makeUser, PASSWORD, type TestApp } from '../helpers/app.js';
import { freshDatabase, type TestDatabase } from '../helpers/database.js';
import { makeIncident } from '../helpers/incidents.js';
import { signIn, startTestServer, type TestServer } from '../helpers/server.js';

/** A DATABASE_URL for the test PostgreSQL (a Unix socket directory goes in `?host=`). */
const databaseUrlOf = (config: TestDatabase['config']): string => {
  if (config.connectionString) {
    const url = new URL(config.connectionString);
    url.pathname = `/${config.database}`;
    return url.toString();
  }
  const auth = `${encodeURIComponent(config.user ?? '')}:${encodeURIComponent(String(config.password ?? ''))}`;
  const socket = String(config.host ?? '').startsWith('/');
  const host = socket ? 'localhost' : (config.host ?? 'localhost');
  const query = socket ? `?host=${encodeURIComponent(String(config.host))}` : '';
  return `postgresql://${auth}@${host}:${config.port ?? 5432}/${config.database}${query}`;
};

describe('the live stream across two server processes on one database', () => {
  let database: TestDatabase;
  let seed: TestApp;
  const servers: TestServer[] = [];
  const streams: SseClient[] = [];

  beforeAll(async () => {
    database = await freshDatabase();
    const env = { DATABASE_URL: databaseUrlOf(database.config) };
    // One after the other: the first creates the admin, the second finds it.
    servers.push(await startTestServer({ env }));
    servers.push(await startTestServer({ env }));
    const auth = createAuth({
      db: database.db,
      baseUrl: servers[0]!.baseUrl,
      secret: await ensureAuthSecret(database.db),
    });
    // The factories need only the database and better-auth of a test app.
    seed = { deps: { db: database.db, pool: database.pool, auth } } as unknown as TestApp;
  });
  afterAll(async () => {
    for (const stream of streams) stream.close();
    for (const server of servers) await server.dispose();
    await database?.close();
  });

  it('delivers a change made through one process to a client of the other, and to its own', async () => {
    const [a, b] = servers as [TestServer, TestServer];
    const org = await makeOrganisation(seed);
    const analyst = await makeUser(seed, { organisationId: org, roles: ['analyst'] });
    const outsider = await makeUser(seed, {
      organisationId: await makeOrganisation(seed),
      roles: ['analyst'],
    });
    const cookie = (await signIn(b.baseUrl, analyst.email, PASSWORD)).cookie!;
    const outsiderCookie = (await signIn(a.baseUrl, outsider.email, PASSWORD)).cookie!;

    const open = async (server: TestServer, cookieHeader: string) => {
      const stream = await connectSse(`${server.baseUrl}/api/v1/stream`, {
        headers: { cookie: cookieHeader },
      });
      streams.push(stream);
      expect(stream.status, stream.text()).toBe(200);
      await stream.waitFor((m) => m.event === 'ready');
      return stream;
    };
    const onB = await open(b, cookie);
    const onA = await open(a, cookie);
    const outsiderOnB = await open(b, outsiderCookie);

    // Created through process A's API: its event reaches the client connected to B.
    const created = await fetch(`${a.baseUrl}/api/v1/incidents`, {
      method: 'POST',
      headers: { cookie, origin: a.baseUrl, 'content-type': 'application/json' },
      body: JSON.stringify({
        title: 'Palvelunestohyökkäys vaalitietopalveluun',
        domains: ['cyber'],
        category: 'denial_of_service',
        severity: 3,
        tlp: 'amber',
      }),
    });
    const body = (await created.json()) as { id: string };
    expect(created.status, JSON.stringify(body)).toBe(201);
    const fromApi = await onB.waitFor((m) => m.event === 'incident' && m.data.includes(body.id), 15_000);
    expect(JSON.parse(fromApi.data)).toMatchObject({ incidentId: body.id });
    await onA.waitFor((m) => m.id === fromApi.id);

    // Written by any other process on the database (here: this one), as every writer does.
    const incident = await makeIncident(seed, { ownerOrganisationId: org, authorUserId: analyst.id });
    const id = await database.db
      .transaction()
      .execute((tx) =>
        appendIncidentEvent(tx, null, { incidentId: fromIncidentId(incident), type: 'updated', data: {} }),
      );
    await onB.waitFor((m) => m.id === String(id), 15_000);
    await onA.waitFor((m) => m.id === String(id), 15_000);
    expect(onB.messages.filter((m) => m.event === 'incident').map((m) => m.id)).toEqual(
      onA.messages.filter((m) => m.event === 'incident').map((m) => m.id),
    );
    // Another organisation's amber incidents never reach its users, on either process.
    expect(outsiderOnB.messages.filter((m) => m.event === 'incident')).toEqual([]);
  });

  it('ends open streams when a process is stopped with SIGTERM, and still exits promptly and cleanly', async () => {
    const b = servers[1]!;
    const stream = streams[0]!; // the analyst, connected to B
    const started = Date.now();
    expect(await b.stop('SIGTERM')).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
    await stream.ended;
    expect(b.output()).not.toMatch(/shutdown took too long|shutdown failed/);
  });
});
