import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tlp } from '../../../../shared/access/tlp.js';
import type {
  Partner,
  PartnerView,
  Release,
  ReleasedList,
  ReleasePage,
} from '../../../../shared/contracts/exchange-partners.js';
import { fromIncidentId } from '../../../../shared/contracts/incident-enums.js';
import {
  createTestApp,
  expectError,
  makeOrganisation,
  rowCounts,
  signedInUser,
  type Client,
  type TestApp,
} from '../../../../test/helpers/app.js';
import {
  API_ROOT,
  makePartner,
  makePartnerToken,
  outboundOf,
  taxiiClient,
} from '../../../../test/helpers/exchange-partners.js';
import { makeIncident } from '../../../../test/helpers/incidents.js';
import { testElectionId } from '../../../../test/helpers/sitreps.js';
import { sampleContent } from '../../sitreps/export/sitrep-sample.js';
import { proposeUpdatedReleases } from './release-updates.js';

const TABLES = ['releases', 'taxii_objects', 'audit_events'];
const UNKNOWN = '6b0f1e2c-0000-4000-8000-000000000000';

type User = Awaited<ReturnType<typeof signedInUser>>;
type StixObject = Record<string, unknown> & { id: string; type: string };

const keyOf = (o: Record<string, unknown>) =>
  `${o.id as string}@${(o.modified ?? o.created ?? '') as string}`;

describe('releases to partners', () => {
  let t: TestApp;
  let coordinator: User;
  let analyst: User;
  let otherCoordinator: User;
  let partner: Partner;
  let greenPartner: Partner;
  let incidentsOnly: Partner;
  let partnerToken: string;
  let greenToken: string;
  const incidents: Record<string, string> = {};

  const propose = (client: Client, body: Record<string, unknown>) =>
    client.post('/api/v1/exchange/releases', body);
  const proposed = async (body: Record<string, unknown>, client: Client = coordinator.client) => {
    const response = await propose(client, body);
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as Release;
  };
  const incident = (name: string, tlp: Tlp, seed: Record<string, unknown> = {}) =>
    makeIncident(t, {
      ownerOrganisationId: coordinator.organisationId,
      authorUserId: coordinator.id,
      tlp,
      title: `Incident ${name}`,
      description: `Details of ${name} that only the team should read.`,
      ...seed,
    }).then((id) => (incidents[name] = id));
  const taxiiObjects = async (token: string, p: Partner, query = '?match[version]=all') => {
    const response = await taxiiClient(t, token).get(
      `${API_ROOT}/collections/${outboundOf(p).id}/objects/${query}`,
    );
    expect(response.statusCode, response.body).toBe(200);
    return ((response.json() as { objects?: StixObject[] }).objects ?? []) as StixObject[];
  };
  const touch = (id: string, values: Record<string, unknown> = {}) =>
    t.deps.db
      .updateTable('incidents')
      .set({ updatedAt: new Date(), ...values })
      .where('id', '=', fromIncidentId(id))
      .execute();

  beforeAll(async () => {
    t = await createTestApp();
    coordinator = await signedInUser(t, ['coordinator']);
    analyst = await signedInUser(t, ['analyst'], coordinator.organisationId);
    otherCoordinator = await signedInUser(t, ['coordinator']);
    partner = await makePartner(coordinator.client, { name: 'Election-VIRT', tlpCeiling: 'amber' });
    greenPartner = await makePartner(coordinator.client, {
      name: 'CERT network',
      tlpCeiling: 'green',
      requiresApproval: false,
      redactedFields: ['description'],
    });
    incidentsOnly = await makePartner(coordinator.client, {
      name: 'Incidents only',
      recordTypes: ['incident'],
    });
    partnerToken = (await makePartnerToken(coordinator.client, partner.id)).token;
    greenToken = (await makePartnerToken(coordinator.client, greenPartner.id)).token;
    const other = otherCoordinator.organisationId;
    await incident('amber', 'amber');
    await incident('green', 'green');
    await incident('strict', 'amber+strict');
    await incident('red', 'red', { sharedUserIds: [coordinator.id] });
    await incident('sharedAmber', 'amber', {
      ownerOrganisationId: other,
      sharedOrganisationIds: [coordinator.organisationId],
    });
    await incident('ledAmber', 'amber', {
      ownerOrganisationId: other,
      sharedOrganisationIds: [coordinator.organisationId],
    });
    await t.deps.db
      .updateTable('incidents')
      .set({ leadOrganisationId: coordinator.organisationId })
      .where('id', '=', fromIncidentId(incidents.ledAmber!))
      .execute();
    await incident('hidden', 'amber', { ownerOrganisationId: other, authorUserId: otherCoordinator.id });
  });

  afterAll(async () => {
    await t.close();
  });

  describe('POST /api/v1/exchange/releases', () => {
    it('refuses anonymous callers (401) and other roles (403), changing nothing', async () => {
      const before = await rowCounts(t, TABLES);
      const body = { partnerId: partner.id, recordType: 'incident', recordId: incidents.amber };
      expectError(await propose(t.anonymous, body), 401, 'unauthenticated');
      expectError(await propose(analyst.client, body), 403, 'forbidden');
      expect(await rowCounts(t, TABLES)).toEqual(before);
    });

    it("hides another organisation's agreement and records the caller cannot see (404)", async () => {
      const before = await rowCounts(t, TABLES);
      expectError(
        await propose(otherCoordinator.client, {
          partnerId: partner.id,
          recordType: 'incident',
          recordId: incidents.amber,
        }),
        404,
        'not_found',
      );
      expectError(
        await propose(coordinator.client, {
          partnerId: partner.id,
          recordType: 'incident',
          recordId: incidents.hidden,
        }),
        404,
        'not_found',
      );
      expectError(
        await propose(coordinator.client, {
          partnerId: partner.id,
          recordType: 'incident',
          recordId: `incident--${UNKNOWN}`,
        }),
        404,
        'not_found',
      );
      expectError(
        await propose(coordinator.client, { partnerId: partner.id, recordType: 'sitrep', recordId: UNKNOWN }),
        404,
        'not_found',
      );
      expect(await rowCounts(t, TABLES)).toEqual(before);
    });

    it.each([
      ['an unknown record type', { recordType: 'narrative' }],
      ['no partner', { partnerId: undefined }],
      ['an unknown field', { fields: ['description'] }],
    ])('refuses %s (400), changing nothing', async (_name, extra) => {
      const before = await rowCounts(t, TABLES);
      const response = await propose(coordinator.client, {
        partnerId: partner.id,
        recordType: 'incident',
        recordId: incidents.amber,
        ...extra,
      });
      expectError(response, 400, 'validation_failed');
      expect(await rowCounts(t, TABLES)).toEqual(before);
    });

    it.each([
      ['AMBER+STRICT', 'strict', () => partner],
      ['RED', 'red', () => partner],
      ['AMBER above a GREEN ceiling', 'amber', () => greenPartner],
      ['AMBER the organisation neither owns nor leads', 'sharedAmber', () => partner],
    ])('never releases %s (403 marking_not_allowed), changing nothing', async (_name, which, to) => {
      const before = await rowCounts(t, TABLES);
      const response = await propose(coordinator.client, {
        partnerId: to().id,
        recordType: 'incident',
        recordId: incidents[which],
      });
      expectError(response, 403, 'marking_not_allowed');
      expect(await rowCounts(t, TABLES)).toEqual(before);
    });

    it('proposes a release with a preview of exactly what the partner would receive', async () => {
      const release = await proposed({
        partnerId: partner.id,
        recordType: 'incident',
        recordId: incidents.amber,
      });
      expect(release).toMatchObject({
        partnerId: partner.id,
        partnerName: 'Election-VIRT',
        recordType: 'incident',
        recordId: incidents.amber,
        title: 'Incident amber',
        tlp: 'amber',
        status: 'pending',
        redactedFields: [],
        omittedObjectIds: [],
        proposedBy: { userId: coordinator.id, name: expect.any(String) },
        decidedBy: null,
      });
      const own = release.objects.find((o) => o.id === incidents.amber)!;
      expect(own).toMatchObject({ type: 'incident', spec_version: '2.1' });
      expect(own.description).toContain('only the team should read');
      expect(release.recordVersion).toBe(own.modified);
      expect(release.objectCount).toBe(release.objects.length);
      expect(release.availableObjectIds.map((o) => o.id)).toEqual(release.objects.map((o) => o.id));
      expect(await taxiiObjects(partnerToken, partner)).toEqual([]);
      const audit = await t.deps.db
        .selectFrom('auditEvents')
        .select('details')
        .where('action', '=', 'release.proposed')
        .where('targetId', '=', release.id)
        .executeTakeFirstOrThrow();
      expect(audit.details).toMatchObject({ partnerId: partner.id, recordId: incidents.amber });
    });

    it('refuses proposing the same version again (409)', async () => {
      const before = await rowCounts(t, TABLES);
      const response = await propose(coordinator.client, {
        partnerId: partner.id,
        recordType: 'incident',
        recordId: incidents.amber,
      });
      expectError(response, 409, 'conflict');
      expect(await rowCounts(t, TABLES)).toEqual(before);
    });

    it('lets the lead organisation release an AMBER record it does not own', async () => {
      const release = await proposed({
        partnerId: partner.id,
        recordType: 'incident',
        recordId: incidents.ledAmber,
      });
      expect(release.status).toBe('pending');
    });
  });

  describe('the queue and the preview', () => {
    it('lists the releases of the organisation’s agreements, newest first, by partner and status, in pages', async () => {
      const response = await coordinator.client.get(
        `/api/v1/exchange/releases?partnerId=${partner.id}&status=pending`,
      );
      expect(response.statusCode).toBe(200);
      const page = response.json() as ReleasePage;
      expect(page.items.map((r) => r.recordId)).toEqual([incidents.ledAmber, incidents.amber]);
      const first = (
        await coordinator.client.get(`/api/v1/exchange/releases?partnerId=${partner.id}&limit=1`)
      ).json() as ReleasePage;
      expect(first.items).toHaveLength(1);
      const second = (
        await coordinator.client.get(
          `/api/v1/exchange/releases?partnerId=${partner.id}&limit=1&cursor=${first.nextCursor!}`,
        )
      ).json() as ReleasePage;
      expect(second.items[0]!.id).not.toBe(first.items[0]!.id);
      expect(
        ((await otherCoordinator.client.get('/api/v1/exchange/releases')).json() as ReleasePage).items,
      ).toEqual([]);
      expectError(await analyst.client.get('/api/v1/exchange/releases'), 403, 'forbidden');
      expectError(await t.anonymous.get('/api/v1/exchange/releases'), 401, 'unauthenticated');
      expectError(
        await coordinator.client.get('/api/v1/exchange/releases?status=lost'),
        400,
        'validation_failed',
      );
    });

    it('shows a preview only to the coordinators of the agreement’s organisation', async () => {
      const [release] = (
        (
          await coordinator.client.get(`/api/v1/exchange/releases?partnerId=${partner.id}`)
        ).json() as ReleasePage
      ).items;
      expect((await coordinator.client.get(`/api/v1/exchange/releases/${release!.id}`)).statusCode).toBe(200);
      expectError(
        await otherCoordinator.client.get(`/api/v1/exchange/releases/${release!.id}`),
        404,
        'not_found',
      );
      expectError(await analyst.client.get(`/api/v1/exchange/releases/${release!.id}`), 403, 'forbidden');
      expectError(await coordinator.client.get(`/api/v1/exchange/releases/${UNKNOWN}`), 404, 'not_found');
    });
  });

  describe('redacting, holding and approving', () => {
    let release: Release;

    beforeAll(async () => {
      const page = (
        await coordinator.client.get(`/api/v1/exchange/releases?partnerId=${partner.id}&status=pending`)
      ).json() as ReleasePage;
      release = (
        await coordinator.client.get(
          `/api/v1/exchange/releases/${page.items.find((r) => r.recordId === incidents.amber)!.id}`,
        )
      ).json() as Release;
    });

    it('rebuilds the preview without the redacted fields and the omitted objects', async () => {
      const omitted = release.availableObjectIds.find((o) => o.type === 'identity');
      expect(omitted).toBeDefined();
      const response = await coordinator.client.post(`/api/v1/exchange/releases/${release.id}/redact`, {
        fields: ['description'],
        omitObjectIds: [omitted!.id],
      });
      expect(response.statusCode, response.body).toBe(200);
      const redacted = response.json() as Release;
      expect(redacted.redactedFields).toEqual(['description']);
      const own = redacted.objects.find((o) => o.id === incidents.amber)!;
      expect(own.description).toBeUndefined();
      expect(JSON.stringify(redacted.objects)).not.toContain('only the team should read');
      expect(redacted.objects.some((o) => o.id === omitted!.id)).toBe(false);
      expect(redacted.omittedObjectIds).toEqual([omitted!.id]);
      release = redacted;
    });

    it.each([
      ['omitting the record itself', () => ({ fields: [], omitObjectIds: [incidents.amber] })],
      [
        'omitting an object not in the preview',
        () => ({ fields: [], omitObjectIds: [`indicator--${UNKNOWN}`] }),
      ],
      ['an unknown field', () => ({ fields: ['everything'], omitObjectIds: [] })],
    ])('refuses %s (400), changing nothing', async (_name, body) => {
      const before = await rowCounts(t, TABLES);
      expectError(
        await coordinator.client.post(`/api/v1/exchange/releases/${release.id}/redact`, body()),
        400,
        'validation_failed',
      );
      expect(await rowCounts(t, TABLES)).toEqual(before);
      const still = (
        await coordinator.client.get(`/api/v1/exchange/releases/${release.id}`)
      ).json() as Release;
      expect(still.objects).toEqual(release.objects);
    });

    it('refuses decisions of other roles (403) and organisations (404), changing nothing', async () => {
      const before = await rowCounts(t, TABLES);
      for (const action of ['approve', 'hold', 'redact']) {
        const body = action === 'hold' ? { reason: 'no' } : action === 'redact' ? { fields: [] } : undefined;
        expectError(
          await analyst.client.post(`/api/v1/exchange/releases/${release.id}/${action}`, body),
          403,
          'forbidden',
        );
        expectError(
          await otherCoordinator.client.post(`/api/v1/exchange/releases/${release.id}/${action}`, body),
          404,
          'not_found',
        );
        expectError(
          await t.anonymous.post(`/api/v1/exchange/releases/${release.id}/${action}`, body),
          401,
          'unauthenticated',
        );
      }
      expectError(
        await coordinator.client.post(`/api/v1/exchange/releases/${release.id}/hold`, { reason: '' }),
        400,
        'validation_failed',
      );
      expect(await rowCounts(t, TABLES)).toEqual(before);
    });

    it('holds a pending release with a reason', async () => {
      const response = await coordinator.client.post(`/api/v1/exchange/releases/${release.id}/hold`, {
        reason: 'Wait for the police to agree.',
      });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toMatchObject({
        status: 'held',
        reason: 'Wait for the police to agree.',
        decidedBy: { userId: coordinator.id },
      });
      expectError(
        await coordinator.client.post(`/api/v1/exchange/releases/${release.id}/hold`, { reason: 'again' }),
        400,
        'invalid_transition',
      );
    });

    it('approves: writes exactly the previewed objects into the partner’s collection, audited with their ids', async () => {
      const response = await coordinator.client.post(`/api/v1/exchange/releases/${release.id}/approve`);
      expect(response.statusCode, response.body).toBe(200);
      const approved = response.json() as Release;
      expect(approved).toMatchObject({ status: 'released', decidedBy: { userId: coordinator.id } });
      expect(approved.objects).toEqual(release.objects);
      const served = await taxiiObjects(partnerToken, partner);
      expect(served.map(keyOf).sort()).toEqual(release.objects.map(keyOf).sort());
      const byId = new Map(served.map((o) => [keyOf(o), o]));
      for (const object of release.objects) expect(byId.get(keyOf(object))).toEqual(object);
      const audit = await t.deps.db
        .selectFrom('auditEvents')
        .select('details')
        .where('action', '=', 'release.released')
        .where('targetId', '=', release.id)
        .executeTakeFirstOrThrow();
      expect((audit.details as { objectIds: string[] }).objectIds.sort()).toEqual(
        release.objects.map((o) => o.id).sort(),
      );
    });

    it('cannot decide a released release again', async () => {
      const before = await rowCounts(t, TABLES);
      expectError(
        await coordinator.client.post(`/api/v1/exchange/releases/${release.id}/approve`),
        400,
        'invalid_transition',
      );
      expectError(
        await coordinator.client.post(`/api/v1/exchange/releases/${release.id}/redact`, { fields: [] }),
        400,
        'invalid_transition',
      );
      expect(await rowCounts(t, TABLES)).toEqual(before);
    });

    it('shows the coordinator exactly what the partner sees', async () => {
      const response = await coordinator.client.get(
        `/api/v1/exchange/partners/${partner.id}/view?version=all`,
      );
      expect(response.statusCode, response.body).toBe(200);
      const view = response.json() as PartnerView;
      expect(view.items.map((i) => i.object)).toEqual(await taxiiObjects(partnerToken, partner));
      expect(view.items[0]!.dateAdded).toMatch(/\.\d{6}Z$/);
      const paged = (
        await coordinator.client.get(`/api/v1/exchange/partners/${partner.id}/view?version=all&limit=2`)
      ).json() as PartnerView;
      const rest = (
        await coordinator.client.get(
          `/api/v1/exchange/partners/${partner.id}/view?version=all&limit=200&cursor=${paged.nextCursor!}`,
        )
      ).json() as PartnerView;
      expect([...paged.items, ...rest.items].map((i) => i.id)).toEqual(view.items.map((i) => i.id));
      expectError(
        await otherCoordinator.client.get(`/api/v1/exchange/partners/${partner.id}/view`),
        404,
        'not_found',
      );
      expectError(await analyst.client.get(`/api/v1/exchange/partners/${partner.id}/view`), 403, 'forbidden');
      expectError(
        await coordinator.client.get(`/api/v1/exchange/partners/${partner.id}/view?cursor=bad`),
        400,
        'bad_request',
      );
    });

    it('lists what was released to the partner, by record', async () => {
      const response = await coordinator.client.get(`/api/v1/exchange/partners/${partner.id}/released`);
      expect(response.statusCode).toBe(200);
      const { items } = response.json() as ReleasedList;
      expect(items).toEqual([
        {
          recordType: 'incident',
          recordId: incidents.amber,
          title: 'Incident amber',
          releases: [
            {
              releaseId: release.id,
              recordVersion: release.recordVersion,
              objectCount: release.objects.length,
              releasedBy: { userId: coordinator.id, name: expect.any(String) },
              releasedAt: expect.any(String),
            },
          ],
        },
      ]);
      expectError(
        await otherCoordinator.client.get(`/api/v1/exchange/partners/${partner.id}/released`),
        404,
        'not_found',
      );
      expectError(
        await analyst.client.get(`/api/v1/exchange/partners/${partner.id}/released`),
        403,
        'forbidden',
      );
    });

    it('keeps an agreement that released something from being deleted (409)', async () => {
      expectError(
        await coordinator.client.delete(`/api/v1/exchange/partners/${partner.id}`),
        409,
        'conflict',
      );
    });
  });

  describe('newer versions of released records', () => {
    it('releases at once when the agreement needs no approval, with its redactions', async () => {
      const release = await proposed({
        partnerId: greenPartner.id,
        recordType: 'incident',
        recordId: incidents.green,
      });
      expect(release).toMatchObject({ status: 'released', redactedFields: ['description'] });
      const served = await taxiiObjects(greenToken, greenPartner);
      expect(served.find((o) => o.id === incidents.green)!.description).toBeUndefined();
    });

    it('proposes the newer version of a released incident, and releases it at once without approval', async () => {
      const before = await taxiiObjects(greenToken, greenPartner);
      await touch(incidents.green!, { title: 'Incident green, updated' });
      await touch(incidents.amber!, { title: 'Incident amber, updated' });
      expect(await proposeUpdatedReleases(t.deps.db, new Date())).toBe(2);
      expect(await proposeUpdatedReleases(t.deps.db, new Date())).toBe(0);

      const after = await taxiiObjects(greenToken, greenPartner);
      const versions = after.filter((o) => o.id === incidents.green);
      expect(versions).toHaveLength(2);
      expect(versions[1]!.name).toBe('Incident green, updated');
      const latest = await taxiiObjects(greenToken, greenPartner, `?match[id]=${incidents.green!}`);
      expect(latest.map((o) => o.name)).toEqual(['Incident green, updated']);
      // Versions already held (markings, identities, extension definitions) are not stored twice.
      const added = after.filter((o) => !before.some((b) => keyOf(b) === keyOf(o)));
      expect(added.map((o) => o.id)).toEqual([incidents.green]);
      expect(new Set(after.map(keyOf)).size).toBe(after.length);

      const pending = (
        (
          await coordinator.client.get(`/api/v1/exchange/releases?partnerId=${partner.id}&status=pending`)
        ).json() as ReleasePage
      ).items;
      const update = pending.find((r) => r.recordId === incidents.amber)!;
      expect(update).toMatchObject({
        proposedBy: null,
        title: 'Incident amber, updated',
        redactedFields: ['description'],
      });
    });

    it('supersedes a waiting release when the record changes again', async () => {
      const queue = async () =>
        (
          (
            await coordinator.client.get(`/api/v1/exchange/releases?partnerId=${partner.id}`)
          ).json() as ReleasePage
        ).items.filter((r) => r.recordId === incidents.amber);
      const waiting = (await queue()).find((r) => r.status === 'pending')!;
      await new Promise((resolve) => setTimeout(resolve, 5));
      await touch(incidents.amber!);
      expect(await proposeUpdatedReleases(t.deps.db, new Date())).toBe(1);
      const now = await queue();
      expect(now.find((r) => r.id === waiting.id)!.status).toBe('withdrawn');
      expect(now.filter((r) => r.status === 'pending')).toHaveLength(1);
    });

    it('approving an older version proposes the newer one at once', async () => {
      await proposed({ partnerId: partner.id, recordType: 'incident', recordId: incidents.green });
      const pending = (
        (
          await coordinator.client.get(`/api/v1/exchange/releases?partnerId=${partner.id}&status=pending`)
        ).json() as ReleasePage
      ).items;
      const green = pending.find((r) => r.recordId === incidents.green)!;
      await touch(incidents.green!);
      const response = await coordinator.client.post(`/api/v1/exchange/releases/${green.id}/approve`);
      expect(response.statusCode, response.body).toBe(200);
      const again = (
        (
          await coordinator.client.get(`/api/v1/exchange/releases?partnerId=${partner.id}&status=pending`)
        ).json() as ReleasePage
      ).items;
      const newer = again.find((r) => r.recordId === incidents.green)!;
      expect(newer.id).not.toBe(green.id);
      expect(newer.recordVersion > green.recordVersion).toBe(true);
    });

    it('does not propose a newer version whose marking no longer may leave', async () => {
      await touch(incidents.green!, { tlp: 'red', sharedUserIds: [coordinator.id] });
      const before = await rowCounts(t, ['releases']);
      await proposeUpdatedReleases(t.deps.db, new Date(), { partnerId: greenPartner.id });
      expect(await rowCounts(t, ['releases'])).toEqual(before);
      const served = await taxiiObjects(greenToken, greenPartner, `?match[id]=${incidents.green!}`);
      expect(served.map((o) => o.name)).toEqual(['Incident green, updated']);
    });

    it('stops serving what a lowered ceiling no longer allows', async () => {
      await coordinator.client.patch(`/api/v1/exchange/partners/${partner.id}`, { tlpCeiling: 'clear' });
      const served = await taxiiObjects(partnerToken, partner);
      expect(served.some((o) => o.id === incidents.amber)).toBe(false);
      await coordinator.client.patch(`/api/v1/exchange/partners/${partner.id}`, { tlpCeiling: 'amber' });
      expect((await taxiiObjects(partnerToken, partner)).some((o) => o.id === incidents.amber)).toBe(true);
    });
  });

  describe('situation reports', () => {
    let sitrepId: string;

    beforeAll(async () => {
      const electionId = await testElectionId(t);
      sitrepId = await t.deps.db.transaction().execute(async (tx) => {
        const template = await tx
          .selectFrom('sitrepTemplates')
          .select('id')
          .where('key', '=', 'daily')
          .executeTakeFirstOrThrow();
        const { id } = await tx
          .insertInto('sitreps')
          .values({
            electionId,
            templateId: template.id,
            kind: 'daily',
            periodStart: new Date('2027-04-17T06:00:00Z'),
            periodEnd: new Date('2027-04-18T06:00:00Z'),
            status: 'distributed',
            tlp: 'green',
            ownerOrganisationId: coordinator.organisationId,
            authorUserId: coordinator.id,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await tx
          .insertInto('sitrepVersions')
          .values({
            sitrepId: id,
            number: 1,
            tlp: 'green',
            ownerOrganisationId: coordinator.organisationId,
            authorUserId: coordinator.id,
            content: JSON.stringify(sampleContent({ paragraphs: 1, incidents: 0 })),
            languages: ['fi', 'sv', 'en'],
            approvedByUserId: coordinator.id,
            approvedByOrganisationId: coordinator.organisationId,
          })
          .execute();
        return id;
      });
    });

    it('releases an approved version as a report, and proposes the next version when it is approved', async () => {
      const release = await proposed({
        partnerId: greenPartner.id,
        recordType: 'sitrep',
        recordId: sitrepId,
      });
      expect(release).toMatchObject({ status: 'released', recordVersion: '1', recordId: sitrepId });
      expect(release.objects.some((o) => o.id === `report--${sitrepId}`)).toBe(true);
      await t.deps.db
        .insertInto('sitrepVersions')
        .values({
          sitrepId,
          number: 2,
          tlp: 'green',
          ownerOrganisationId: coordinator.organisationId,
          authorUserId: coordinator.id,
          content: JSON.stringify(sampleContent({ paragraphs: 2, incidents: 0 })),
          languages: ['fi', 'sv', 'en'],
          approvedByUserId: coordinator.id,
          approvedByOrganisationId: coordinator.organisationId,
        })
        .execute();
      expect(await proposeUpdatedReleases(t.deps.db, new Date(), { recordType: 'sitrep' })).toBe(1);
      const reports = await taxiiObjects(
        greenToken,
        greenPartner,
        `?match[id]=report--${sitrepId}&match[version]=all`,
      );
      expect(reports).toHaveLength(2);
    });

    it('refuses a report for an agreement that lets only incidents flow (403)', async () => {
      const before = await rowCounts(t, TABLES);
      const response = await propose(coordinator.client, {
        partnerId: incidentsOnly.id,
        recordType: 'sitrep',
        recordId: sitrepId,
      });
      expectError(response, 403, 'forbidden');
      expect(await rowCounts(t, TABLES)).toEqual(before);
    });
  });

  it('counts pending releases on the agreement', async () => {
    const read = (await coordinator.client.get(`/api/v1/exchange/partners/${partner.id}`)).json() as Partner;
    const pending = await sql<{
      n: number;
    }>`select count(*)::int as n from releases where partner_id = ${partner.id} and status = 'pending'`.execute(
      t.deps.db,
    );
    expect(read.pendingReleaseCount).toBe(pending.rows[0]!.n);
    expect(read.pendingReleaseCount).toBeGreaterThan(0);
  });

  it('keeps organisations apart even for the same record', async () => {
    const orgC = await makeOrganisation(t);
    const coordinatorC = await signedInUser(t, ['coordinator'], orgC);
    const p = await makePartner(coordinatorC.client);
    expectError(
      await propose(coordinatorC.client, {
        partnerId: p.id,
        recordType: 'incident',
        recordId: incidents.amber,
      }),
      404,
      'not_found',
    );
  });
});
