import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fromIncidentId } from '../../../shared/contracts/incident-enums.js';
import { createTestApp, makeOrganisation, makeUser, type TestApp } from '../../../test/helpers/app.js';
import { makeIncident, type IncidentSeed } from '../../../test/helpers/incidents.js';
import { onIncidentCreated, onIncidentEscalated, onLeadAssigned } from './notification-rules.js';

describe('notification rules', () => {
  let t: TestApp;
  let orgA: string;
  let orgB: string;
  let author: string;
  let election: string;
  let otherElection: string;

  const user = async (
    organisationId = orgA,
    roles: ('coordinator' | 'analyst' | 'viewer' | 'reporter')[] = ['analyst'],
  ) => (await makeUser(t, { organisationId, roles })).id;

  const subscribe = (
    userId: string,
    values: {
      electionId?: string | null;
      domains?: string[];
      minSeverity?: number;
      areaCodes?: string[];
      email?: boolean;
    } = {},
  ) =>
    t.deps.db
      .insertInto('subscriptions')
      .values({ userId, ...values })
      .execute();

  const incident = async (seed: Partial<IncidentSeed> = {}) =>
    fromIncidentId(
      await makeIncident(t, { ownerOrganisationId: orgA, authorUserId: author, tlp: 'amber', ...seed }),
    );

  const notified = async (incidentUuid: string, kind?: string) =>
    await t.deps.db
      .selectFrom('notifications')
      .select(['userId', 'kind', 'data'])
      .where('incidentId', '=', incidentUuid)
      .$if(kind !== undefined, (q) => q.where('kind', '=', kind!))
      .execute();

  beforeAll(async () => {
    t = await createTestApp();
    orgA = await makeOrganisation(t);
    orgB = await makeOrganisation(t);
    author = await user();
    const insertElection = async (slug: string) =>
      (
        await t.deps.db
          .insertInto('elections')
          .values({
            slug,
            type: 'parliamentary',
            round: null,
            nameFi: slug,
            nameSv: slug,
            nameEn: slug,
            electionDay: '2027-04-18',
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    election = await insertElection(`test-a-${Date.now()}`);
    otherElection = await insertElection(`test-b-${Date.now()}`);
  });
  afterAll(async () => {
    await t?.close();
  });
  beforeEach(async () => {
    await t.deps.db.deleteFrom('subscriptions').execute();
  });

  describe('onIncidentCreated', () => {
    it('notifies matching subscribers who can see it, but not its author', async () => {
      const matchAll = await user();
      const byElection = await user();
      const byDomain = await user();
      const bySeverity = await user();
      const byArea = await user();
      const wrongElection = await user();
      const wrongDomain = await user();
      const tooMild = await user();
      const wrongArea = await user();
      const outsider = await user(orgB);
      await subscribe(matchAll);
      await subscribe(author);
      await subscribe(byElection, { electionId: election });
      await subscribe(byDomain, { domains: ['information_influence', 'physical'] });
      await subscribe(bySeverity, { minSeverity: 4 });
      await subscribe(byArea, { areaCodes: ['VP01', 'KU049'] });
      await subscribe(wrongElection, { electionId: otherElection });
      await subscribe(wrongDomain, { domains: ['cyber'] });
      await subscribe(tooMild, { minSeverity: 5 });
      await subscribe(wrongArea, { areaCodes: ['KU049'] });
      await subscribe(outsider);

      const id = await incident({
        electionId: election,
        domains: ['information_influence'],
        severity: 4,
        areaCodes: ['KU091', 'VP01'],
      });
      await t.deps.db.transaction().execute((tx) => onIncidentCreated(tx, id));
      const rows = await notified(id);
      expect(rows.map((r) => r.userId).sort()).toEqual(
        [matchAll, byElection, byDomain, bySeverity, byArea].sort(),
      );
      expect(rows.every((r) => r.kind === 'incident_created')).toBe(true);
    });

    it('notifies a user once however many subscriptions match, and without e-mail only if none asks for it', async () => {
      const twice = await user();
      const quiet = await user();
      await subscribe(twice, { email: false });
      await subscribe(twice, { minSeverity: 2 });
      await subscribe(quiet, { email: false });
      const id = await incident({ severity: 3 });
      await t.deps.db.transaction().execute((tx) => onIncidentCreated(tx, id, { actorUserId: null }));
      const rows = await notified(id);
      expect(rows.filter((r) => r.userId === twice)).toHaveLength(1);
      expect(rows.find((r) => r.userId === twice)!.data.email).toBeUndefined();
      expect(rows.find((r) => r.userId === quiet)!.data.email).toBe(false);
    });

    it('does not notify the users of another organisation about an amber incident, however they subscribed', async () => {
      const outsider = await user(orgB, ['coordinator']);
      await subscribe(outsider);
      const id = await incident({ tlp: 'amber' });
      await t.deps.db.transaction().execute((tx) => onIncidentCreated(tx, id));
      expect((await notified(id)).map((r) => r.userId)).not.toContain(outsider);

      const shared = await incident({ tlp: 'amber', sharedOrganisationIds: [orgB] });
      await t.deps.db.transaction().execute((tx) => onIncidentCreated(tx, shared));
      expect((await notified(shared)).map((r) => r.userId)).toContain(outsider);
    });

    it('does not notify an incident whose transaction rolls back', async () => {
      const subscriber = await user();
      await subscribe(subscriber);
      const id = await incident();
      await expect(
        t.deps.db.transaction().execute(async (tx) => {
          await onIncidentCreated(tx, id);
          throw new Error('roll back');
        }),
      ).rejects.toThrow('roll back');
      expect(await notified(id)).toHaveLength(0);
    });
  });

  describe('onIncidentEscalated', () => {
    it('notifies the subscribers the new severity reaches, not the one who escalated', async () => {
      const high = await user();
      const low = await user();
      const escalator = await user();
      const above = await user();
      await subscribe(high, { minSeverity: 4 });
      await subscribe(low, { minSeverity: 1 });
      await subscribe(escalator);
      await subscribe(above, { minSeverity: 5 });
      const id = await incident({ severity: 4 });
      await t.deps.db
        .transaction()
        .execute((tx) =>
          onIncidentEscalated(tx, id, { fromSeverity: 2, toSeverity: 4, actorUserId: escalator }),
        );
      const rows = await notified(id, 'incident_escalated');
      expect(rows.map((r) => r.userId).sort()).toEqual([high, low].sort());
      expect(rows[0]!.data).toEqual({ fromSeverity: 2, toSeverity: 4 });
    });

    it('tells nobody when the severity is lowered or unchanged', async () => {
      const subscriber = await user();
      await subscribe(subscriber);
      const id = await incident({ severity: 2 });
      await t.deps.db.transaction().execute(async (tx) => {
        await onIncidentEscalated(tx, id, { fromSeverity: 4, toSeverity: 2 });
        await onIncidentEscalated(tx, id, { fromSeverity: 2, toSeverity: 2 });
      });
      expect(await notified(id, 'incident_escalated')).toHaveLength(0);
    });
  });

  describe('onLeadAssigned', () => {
    it('notifies the coordinators and analysts of the lead organisation who can see the incident', async () => {
      orgB = await makeOrganisation(t);
      const coordinator = await user(orgB, ['coordinator']);
      const analyst = await user(orgB, ['analyst']);
      const viewer = await user(orgB, ['viewer']);
      const reporter = await user(orgB, ['reporter']);
      const assigner = await user(orgB, ['coordinator']);
      const elsewhere = await user(orgA, ['coordinator']);
      const id = await incident({ tlp: 'amber', sharedOrganisationIds: [orgB] });
      await t.deps.db.transaction().execute((tx) => onLeadAssigned(tx, id, orgB, { actorUserId: assigner }));
      const rows = await notified(id, 'lead_assigned');
      expect(rows.map((r) => r.userId).sort()).toEqual([coordinator, analyst].sort());
      expect(rows[0]!.data).toEqual({ organisationId: orgB });
      void viewer;
      void reporter;
      void elsewhere;
    });

    it('notifies nobody of a lead organisation that cannot see the incident', async () => {
      await user(orgB, ['coordinator']);
      const id = await incident({ tlp: 'amber' });
      await t.deps.db.transaction().execute((tx) => onLeadAssigned(tx, id, orgB));
      expect(await notified(id, 'lead_assigned')).toHaveLength(0);
    });

    it('enqueues one e-mail job per rule, only for users who want e-mail now', async () => {
      const count = async () =>
        (
          await sql<{
            n: number;
          }>`select count(*)::int as n from pgboss.job where name = 'notification-email'`.execute(t.deps.db)
        ).rows[0]!.n;
      const coordinator = await user(orgB, ['coordinator']);
      await t.deps.db
        .insertInto('userNotificationSettings')
        .values({ userId: coordinator, emailEnabled: false })
        .execute();
      const before = await count();
      const id = await incident({ tlp: 'amber', sharedOrganisationIds: [orgB] });
      await t.deps.db.transaction().execute((tx) => onLeadAssigned(tx, id, orgB));
      const jobs = await sql<{ data: { notificationIds: string[] } }>`
        select data from pgboss.job where name = 'notification-email' order by created_on desc limit 1`.execute(
        t.deps.db,
      );
      expect(await count()).toBe(before + 1);
      const mine = await t.deps.db
        .selectFrom('notifications')
        .select('id')
        .where('userId', '=', coordinator)
        .where('incidentId', '=', id)
        .executeTakeFirstOrThrow();
      expect(jobs.rows[0]!.data.notificationIds).not.toContain(mine.id);
    });
  });
});
