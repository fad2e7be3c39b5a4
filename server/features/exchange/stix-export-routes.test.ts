import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tlp } from '../../../shared/access/tlp.js';
import {
  type Client,
  createTestApp,
  expectError,
  makeOrganisation,
  rowCounts,
  signedInUser,
  type TestApp,
} from '../../../test/helpers/app.js';
import { makeIncident } from '../../../test/helpers/incidents.js';
import { sampleContent } from '../sitreps/export/sitrep-sample.js';
import type { StixBundle } from './stix/stix-types.js';
import { validateStixObject } from './stix/stix-validate.js';

const UNKNOWN_ID = '6b0f1e2c-0000-4000-8000-000000000000';
const TABLES = ['audit_events', 'instance_settings'];
const STIX = 'application/stix+json;version=2.1';

describe('STIX download routes', () => {
  let t: TestApp;
  let ownerOrg: string;
  let recipientOrg: string;
  let author: { id: string; client: Client };
  let colleague: { client: Client };
  let recipient: { client: Client };
  let outsider: { client: Client };
  let reporter: { client: Client };
  let adminOfOwner: { client: Client };

  const redReads = async (targetId: string) =>
    (
      await t.deps.db
        .selectFrom('auditEvents')
        .select('seq')
        .where('action', '=', 'record.read_red')
        .where('targetId', '=', targetId)
        .execute()
    ).length;

  const expectBundle = (response: { statusCode: number; body: string; headers: Record<string, unknown> }) => {
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toBe(STIX);
    expect(response.headers['content-disposition']).toMatch(
      /^attachment; filename="[a-z0-9.-]+\.stix\.json"$/,
    );
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['cache-control']).toBe('no-store');
    const bundle = JSON.parse(response.body) as StixBundle;
    expect(bundle).toMatchObject({ type: 'bundle', id: expect.stringMatching(/^bundle--/) });
    for (const object of bundle.objects) expect(validateStixObject(object)).toMatchObject({ valid: true });
    return bundle;
  };

  beforeAll(async () => {
    t = await createTestApp();
    ownerOrg = await makeOrganisation(t);
    recipientOrg = await makeOrganisation(t);
    author = await signedInUser(t, ['analyst'], ownerOrg);
    colleague = await signedInUser(t, ['viewer'], ownerOrg);
    recipient = await signedInUser(t, ['viewer'], recipientOrg);
    outsider = await signedInUser(t, ['coordinator', 'analyst']);
    reporter = await signedInUser(t, ['reporter'], ownerOrg);
    adminOfOwner = await signedInUser(t, ['admin'], ownerOrg);
  });
  afterAll(() => t.close());

  describe('GET /api/v1/incidents/{id}/stix', () => {
    const url = (id: string) => `/api/v1/incidents/${id}/stix`;
    const incident = (tlp: Tlp = 'amber') =>
      makeIncident(t, { ownerOrganisationId: ownerOrg, authorUserId: author.id, tlp, title: `STIX ${tlp}` });

    it('refuses an anonymous caller (401) and a role that reads no content (403)', async () => {
      const id = await incident();
      expectError(await t.anonymous.get(url(id)), 401, 'unauthenticated');
      expectError(await adminOfOwner.client.get(url(id)), 403, 'forbidden');
    });

    it('answers 404 to another organisation, to a reporter for a record not theirs, and for an unknown id', async () => {
      const id = await incident();
      const before = await rowCounts(t, TABLES);
      expectError(await outsider.client.get(url(id)), 404, 'not_found');
      expectError(await reporter.client.get(url(id)), 404, 'not_found');
      expectError(await author.client.get(url(`incident--${UNKNOWN_ID}`)), 404, 'not_found');
      expect(await rowCounts(t, TABLES)).toEqual(before);
    });

    it('refuses a malformed id with 400 and changes nothing', async () => {
      const before = await rowCounts(t, TABLES);
      for (const id of [
        'not-an-id',
        UNKNOWN_ID,
        'incident--123',
        'report--6b0f1e2c-0000-4000-8000-000000000000',
      ]) {
        expectError(await author.client.get(url(id)), 400, 'validation_failed');
      }
      expect(await rowCounts(t, TABLES)).toEqual(before);
    });

    it('downloads the incident as a bundle of valid objects to whoever may see it', async () => {
      const id = await incident();
      for (const client of [author.client, colleague.client]) {
        const bundle = expectBundle(await client.get(url(id)));
        expect(bundle.objects.find((o) => o.id === id)).toMatchObject({
          type: 'incident',
          name: 'STIX amber',
        });
      }
    });

    it('audits every download of a red incident, and only of a red one', async () => {
      const red = await incident('red');
      const amber = await incident('amber');
      expectError(await colleague.client.get(url(red)), 404, 'not_found');
      expect(await redReads(red)).toBe(0);
      expectBundle(await author.client.get(url(red)));
      expectBundle(await author.client.get(url(red)));
      expect(await redReads(red)).toBe(2);
      expectBundle(await author.client.get(url(amber)));
      expect(await redReads(amber)).toBe(0);
    });
  });

  describe('GET /api/v1/sitreps/{id}/stix', () => {
    const url = (id: string, query = '') => `/api/v1/sitreps/${id}/stix${query}`;

    const makeReport = async (tlp: Tlp, versions: { number: number; distributed: boolean }[]) =>
      t.deps.db.transaction().execute(async (tx) => {
        const electionId = (await tx.selectFrom('elections').select('id').limit(1).executeTakeFirstOrThrow())
          .id;
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
            tlp,
            ownerOrganisationId: ownerOrg,
            authorUserId: author.id,
            recipientOrganisationIds: [recipientOrg],
            versionNumber: versions.length,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        for (const v of versions) {
          await tx
            .insertInto('sitrepVersions')
            .values({
              sitrepId: id,
              number: v.number,
              tlp,
              ownerOrganisationId: ownerOrg,
              authorUserId: author.id,
              sharedOrganisationIds: tlp === 'red' ? [] : [recipientOrg],
              sharedUserIds: tlp === 'red' ? [author.id] : [],
              content: JSON.stringify(sampleContent({ paragraphs: 1, incidents: 2 })),
              languages: ['fi', 'sv'],
              approvedByUserId: author.id,
              approvedByOrganisationId: ownerOrg,
              approvedAt: new Date(`2027-04-18T0${v.number}:30:00Z`),
              distributedByUserId: v.distributed ? author.id : null,
              distributedAt: v.distributed ? new Date(`2027-04-18T0${v.number}:45:00Z`) : null,
            })
            .execute();
        }
        return id;
      });

    it('refuses an anonymous caller (401) and a role that reads no content (403)', async () => {
      const id = await makeReport('amber', [{ number: 1, distributed: true }]);
      expectError(await t.anonymous.get(url(id)), 401, 'unauthenticated');
      expectError(await adminOfOwner.client.get(url(id)), 403, 'forbidden');
    });

    it('answers 404 to another organisation, for an unknown report, and for a version not distributed', async () => {
      const id = await makeReport('amber', [
        { number: 1, distributed: true },
        { number: 2, distributed: false },
      ]);
      const before = await rowCounts(t, TABLES);
      expectError(await outsider.client.get(url(id)), 404, 'not_found');
      expectError(await recipient.client.get(url(UNKNOWN_ID)), 404, 'not_found');
      expectError(await recipient.client.get(url(id, '?version=2')), 404, 'not_found');
      expectError(await recipient.client.get(url(id, '?version=9')), 404, 'not_found');
      expect(await rowCounts(t, TABLES)).toEqual(before);
    });

    it('refuses invalid input with 400 and changes nothing', async () => {
      const id = await makeReport('amber', [{ number: 1, distributed: true }]);
      const before = await rowCounts(t, TABLES);
      for (const bad of [
        url('not-a-uuid'),
        url(id, '?version=0'),
        url(id, '?version=two'),
        url(id, '?version=1.5'),
        url(id, '?language=fi'),
      ]) {
        expectError(await recipient.client.get(bad), 400, 'validation_failed');
      }
      expect(await rowCounts(t, TABLES)).toEqual(before);
    });

    it('downloads the latest readable version, or the one asked for, as a report', async () => {
      const id = await makeReport('amber', [
        { number: 1, distributed: true },
        { number: 2, distributed: false },
      ]);
      const forRecipient = expectBundle(await recipient.client.get(url(id)));
      const report = forRecipient.objects.find((o) => o.type === 'report');
      expect(report).toMatchObject({ id: `report--${id}`, modified: '2027-04-18T01:30:00.000Z' });
      const forDrafter = expectBundle(await author.client.get(url(id)));
      expect(forDrafter.objects.find((o) => o.type === 'report')).toMatchObject({
        modified: '2027-04-18T02:30:00.000Z',
      });
      const first = expectBundle(await author.client.get(url(id, '?version=1')));
      expect(first.objects.find((o) => o.type === 'report')).toMatchObject({ modified: report!.modified });
    });

    it('audits a download of a red version', async () => {
      const id = await makeReport('red', [{ number: 1, distributed: true }]);
      expectError(await colleague.client.get(url(id)), 404, 'not_found');
      expect(await redReads(`${id}/1`)).toBe(0);
      expectBundle(await author.client.get(url(id)));
      expect(await redReads(`${id}/1`)).toBe(1);
    });
  });
});
