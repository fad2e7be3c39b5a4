import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromIncidentId } from '../../../shared/contracts/incident-enums.js';
import {
  createTestApp,
  makeUser,
  signedInUser,
  type Client,
  type TestApp,
} from '../../../test/helpers/app.js';
import { projectIncident, stateOf } from './incident-history.js';
import type { NewIncidentRow } from './incident-queries.js';
import { newIncidentDefaults } from './incident-service.js';
import { insertIncidentWithEventBatched } from './incident-write-batch.js';

/**
 * Creation outside a transaction: a new incident that needs nothing else written is one statement,
 * shared with the creations arriving at the same time (incident-write-batch.ts); one that must tell
 * subscribers, a lead organisation or the audit trail is written in a transaction.
 */
describe('creating incidents', () => {
  let t: TestApp;
  let analyst: Client;
  let analystId: string;
  let organisationId: string;

  const valid = (n: number, overrides: Record<string, unknown> = {}) => ({
    title: `Palvelunestohyökkäys ${n}`,
    domains: ['cyber'],
    category: 'denial_of_service',
    severity: 3,
    ...overrides,
  });

  const eventsOf = (uuid: string) =>
    t.deps.db
      .selectFrom('incidentEvents')
      .select(['id', 'type', 'data'])
      .where('incidentId', '=', uuid)
      .orderBy('id')
      .execute();

  beforeAll(async () => {
    t = await createTestApp();
    const a = await signedInUser(t, ['analyst']);
    analyst = a.client;
    analystId = a.id;
    organisationId = a.organisationId;
  });
  afterAll(() => t.close());

  it('writes many at once, each with its own row and one first event stating exactly that row', async () => {
    const responses = await Promise.all(
      Array.from({ length: 40 }, (_, n) => analyst.post('/api/v1/incidents', valid(n))),
    );
    expect(responses.map((r) => r.statusCode)).toEqual(Array(40).fill(201));
    const ids = responses.map((r) => fromIncidentId((r.json() as { id: string }).id));
    expect(new Set(ids).size).toBe(40);
    const eventIds: number[] = [];
    for (const [n, id] of ids.entries()) {
      const row = await t.deps.db
        .selectFrom('incidents')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      expect(row.title).toBe(`Palvelunestohyökkäys ${n}`);
      const events = await eventsOf(id);
      expect(events.map((e) => e.type)).toEqual(['created']);
      expect(projectIncident(events)).toEqual(stateOf(row as unknown as Record<string, unknown>));
      eventIds.push(Number(events[0]!.id));
    }
    expect(new Set(eventIds).size).toBe(40);
  });

  it('fails only the write that fails when it shared a statement with others', async () => {
    const write = (severity: number) => {
      const row: NewIncidentRow = {
        ...newIncidentDefaults,
        id: randomUUID(),
        tlp: 'amber',
        ownerOrganisationId: organisationId,
        authorUserId: analystId,
        title: `Vakavuus ${severity}`,
        domains: ['cyber'],
        category: 'phishing',
        severity,
        reportedVia: 'analyst',
        intake: null,
      };
      return {
        row,
        event: {
          type: 'created',
          actor: { userId: analystId, organisationId },
          data: { state: stateOf(row) },
        },
      };
    };
    // Severity 9 breaks the table's check: the database refuses it, not the API's validation.
    const writes = [write(2), write(9), write(4), write(5)];
    const results = await Promise.allSettled(writes.map((w) => insertIncidentWithEventBatched(t.deps.db, w)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    const stored = await t.deps.db
      .selectFrom('incidents')
      .select('severity')
      .where(
        'id',
        'in',
        writes.map((w) => w.row.id),
      )
      .execute();
    expect(stored.map((r) => r.severity).sort()).toEqual([2, 4, 5]);
    expect(await eventsOf(writes[1]!.row.id)).toEqual([]);
  });

  it('tells the subscribers a new incident matches, however many are created at once; its author is not told', async () => {
    const subscriber = await makeUser(t, { organisationId, roles: ['analyst'] });
    // Subscribed to an electoral district: matches an incident in one of its municipalities (Tampere).
    await t.deps.db
      .insertInto('subscriptions')
      .values([
        { userId: subscriber.id, areaCodes: ['VP07'] },
        { userId: analystId, areaCodes: [] },
      ])
      .execute();
    const responses = await Promise.all([
      analyst.post('/api/v1/incidents', valid(1, { areaCodes: ['KU837'] })),
      analyst.post('/api/v1/incidents', valid(2)),
      analyst.post('/api/v1/intake', {
        whatHappened: 'Vaalimainoksia revitty Tampereen keskustassa yöllä.',
        where: { areaCodes: ['KU837'] },
        when: new Date().toISOString(),
        howDoYouKnow: 'saw_myself',
      }),
    ]);
    expect(responses.map((r) => r.statusCode)).toEqual([201, 201, 201]);
    const [inTampere, elsewhere, reported] = responses.map((r) =>
      fromIncidentId((r.json() as { id: string }).id),
    );
    const told = async (id: string) =>
      (
        await t.deps.db.selectFrom('notifications').select('userId').where('incidentId', '=', id).execute()
      ).map((r) => r.userId);
    expect(await told(inTampere!)).toEqual([subscriber.id]);
    expect(await told(elsewhere!)).toEqual([]);
    expect(await told(reported!)).toEqual([subscriber.id]);
    await t.deps.db.deleteFrom('subscriptions').execute();
  });
});
