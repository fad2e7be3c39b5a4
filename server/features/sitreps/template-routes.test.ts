import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SitrepTemplate } from '../../../shared/contracts/sitreps.js';
import {
  ADMIN_EMAIL,
  createTestApp,
  errorBody,
  expectError,
  rowCounts,
  signedInUser,
  type Client,
  type TestApp,
} from '../../../test/helpers/app.js';

const UNKNOWN_ID = '6b0f1e2c-0000-4000-8000-000000000000';
const TABLES = ['sitrep_templates', 'audit_events'];

const expectValidationFailed = (response: LightMyRequestResponse) => {
  expectError(response, 400, 'validation_failed');
  expect(errorBody(response).issues).toEqual(
    expect.arrayContaining([{ path: expect.any(String), message: expect.any(String) }]),
  );
};

describe('situation report templates', () => {
  let t: TestApp;
  let coordinator: Awaited<ReturnType<typeof signedInUser>>;
  let readers: Client[];
  let admin: Client;

  const templates = async (client: Client) => {
    const response = await client.get('/api/v1/sitrep-templates');
    expect(response.statusCode, response.body).toBe(200);
    return (response.json() as { items: SitrepTemplate[] }).items;
  };
  const stored = (id: string) =>
    t.deps.db.selectFrom('sitrepTemplates').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  beforeAll(async () => {
    t = await createTestApp();
    coordinator = await signedInUser(t, ['coordinator']);
    readers = [];
    for (const role of ['analyst', 'reporter', 'viewer'] as const) {
      readers.push((await signedInUser(t, [role])).client);
    }
    admin = await t.signIn(ADMIN_EMAIL);
  });
  afterAll(() => t.close());

  it('refuses anonymous callers', async () => {
    const [daily] = await templates(coordinator.client);
    expectError(await t.anonymous.get('/api/v1/sitrep-templates'), 401, 'unauthenticated');
    expectError(await t.anonymous.get(`/api/v1/sitrep-templates/${daily!.id}`), 401, 'unauthenticated');
    expectError(
      await t.anonymous.patch(`/api/v1/sitrep-templates/${daily!.id}`, { version: 1, periodHours: 12 }),
      401,
      'unauthenticated',
    );
  });

  it('shows the four templates to every reading role of any organisation, with their sections in three languages', async () => {
    for (const client of [coordinator.client, ...readers]) {
      const items = await templates(client);
      expect(items.map((x) => x.key)).toEqual(['daily', 'election_day', 'weekly', 'ad_hoc']);
    }
    const items = await templates(readers[0]!);
    const weekly = items.find((x) => x.key === 'weekly')!;
    expect(weekly.periodHours).toBe(168);
    expect(weekly.sections.map((s) => s.key)).toContain('outlook');
    expect(weekly.sections.find((s) => s.key === 'outlook')!.title).toEqual({
      fi: 'Näkymät seuraavalle viikolle',
      sv: 'Utsikter för den kommande veckan',
      en: 'Outlook for the next 7 days',
    });
    expect(weekly.sections.find((s) => s.key === 'cyber')!.domain).toBe('cyber');
    const one = await readers[1]!.get(`/api/v1/sitrep-templates/${weekly.id}`);
    expect(one.statusCode).toBe(200);
    expect(one.json()).toEqual(weekly);
    // Administering accounts grants no reading.
    expectError(await admin.get('/api/v1/sitrep-templates'), 403, 'forbidden');
    expectError(await readers[0]!.get(`/api/v1/sitrep-templates/${UNKNOWN_ID}`), 404, 'not_found');
    expectValidationFailed(await readers[0]!.get('/api/v1/sitrep-templates/daily'));
  });

  it('lets only coordinators change a template', async () => {
    const [daily] = await templates(coordinator.client);
    const counts = await rowCounts(t, TABLES);
    for (const client of [...readers, admin]) {
      expectError(
        await client.patch(`/api/v1/sitrep-templates/${daily!.id}`, {
          version: daily!.version,
          periodHours: 12,
        }),
        403,
        'forbidden',
      );
    }
    expect(await rowCounts(t, TABLES)).toEqual(counts);
  });

  it('refuses invalid changes and changes nothing', async () => {
    const [daily] = await templates(coordinator.client);
    const before = await stored(daily!.id);
    const counts = await rowCounts(t, TABLES);
    const section = { key: 'cyber', domain: 'cyber', title: { fi: 'Kyber', sv: 'Cyber', en: 'Cyber' } };
    for (const body of [
      { version: daily!.version, periodHours: 0 },
      { version: daily!.version, periodHours: 745 },
      { version: daily!.version, sections: [] },
      { version: daily!.version, sections: [section, section] },
      { version: daily!.version, sections: [{ ...section, key: 'Cyber Section' }] },
      { version: daily!.version, sections: [{ ...section, domain: 'space' }] },
      { version: daily!.version, name: { fi: '', sv: 'x', en: 'x' } },
      { version: daily!.version, kind: 'weekly' },
      { periodHours: 12 },
    ]) {
      expectValidationFailed(await coordinator.client.patch(`/api/v1/sitrep-templates/${daily!.id}`, body));
    }
    expectError(
      await coordinator.client.patch(`/api/v1/sitrep-templates/${UNKNOWN_ID}`, {
        version: 1,
        periodHours: 12,
      }),
      404,
      'not_found',
    );
    expect(await rowCounts(t, TABLES)).toEqual(counts);
    expect(await stored(daily!.id)).toEqual(before);
  });

  it('changes a template with its version, audited, and refuses a stale version', async () => {
    const adHoc = (await templates(coordinator.client)).find((x) => x.key === 'ad_hoc')!;
    const sections = [
      ...adHoc.sections.slice(0, 2),
      {
        key: 'media',
        domain: null,
        title: { fi: 'Mediaseuranta', sv: 'Mediebevakning', en: 'Media monitoring' },
      },
    ];
    const response = await coordinator.client.patch(`/api/v1/sitrep-templates/${adHoc.id}`, {
      version: adHoc.version,
      periodHours: 12,
      name: { fi: 'Erillinen katsaus', sv: 'Extra rapport', en: 'Ad hoc report' },
      sections,
    });
    expect(response.statusCode, response.body).toBe(200);
    const changed = response.json() as SitrepTemplate;
    expect(changed).toMatchObject({
      version: adHoc.version + 1,
      periodHours: 12,
      name: { sv: 'Extra rapport' },
      sections,
    });
    const audit = await t.deps.db
      .selectFrom('auditEvents')
      .selectAll()
      .where('targetId', '=', adHoc.id)
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: 'sitrep_template.update',
      actorUserId: coordinator.id,
      details: { key: 'ad_hoc', fromVersion: adHoc.version, changes: { periodHours: 12 } },
    });

    const counts = await rowCounts(t, TABLES);
    expectError(
      await coordinator.client.patch(`/api/v1/sitrep-templates/${adHoc.id}`, {
        version: adHoc.version,
        periodHours: 6,
      }),
      409,
      'version_conflict',
    );
    expect(await rowCounts(t, TABLES)).toEqual(counts);
    expect((await stored(adHoc.id)).periodHours).toBe(12);
  });
});
