import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { SitrepVersion, VersionContent } from '../../../shared/contracts/sitreps.js';
import { ensureAppRole } from '../../db/app-role.js';
import {
  createTestApp,
  makeOrganisation,
  signedInUser,
  type Client,
  type TestApp,
} from '../../../test/helpers/app.js';
import { makeIncident } from '../../../test/helpers/incidents.js';
import { makeSitrep, testElectionId } from '../../../test/helpers/sitreps.js';
import { completeLanguages, diffVersions, readingLanguage, summaryOf } from './sitrep-versions.js';

const content = (
  sections: { key: string; fi: string; sv?: string; en?: string }[],
  incidents: string[] = [],
): VersionContent =>
  ({
    sections: sections.map((s) => ({
      key: s.key,
      domain: null,
      title: { fi: s.key, sv: s.key, en: s.key },
      body: { fi: s.fi, sv: s.sv ?? '', en: s.en ?? '' },
    })),
    incidents: incidents.map((id) => ({ id })),
  }) as unknown as VersionContent;

describe('version helpers', () => {
  it('summarises an incident by its first paragraph, at most 500 characters', () => {
    expect(summaryOf('\n\nEnsimmäinen  kappale\njatkuu.\n\nToinen.')).toBe('Ensimmäinen kappale jatkuu.');
    expect(summaryOf('')).toBe('');
    const long = summaryOf('å'.repeat(600));
    expect(long).toHaveLength(500);
    expect(long.endsWith('…')).toBe(true);
  });

  it('issues a version in the languages where every section has text', () => {
    const body = (fi: string, sv: string, en: string) => ({ body: { fi, sv, en } });
    expect(completeLanguages([body('a', 'b', 'c'), body('d', ' ', 'e')])).toEqual(['fi', 'en']);
    expect(completeLanguages([])).toEqual([]);
  });

  it("reads in the user's language, else the first fallback the version has", () => {
    expect(readingLanguage(['fi', 'sv'], { locale: 'sv', reportFallbackLanguages: ['en'] })).toBe('sv');
    expect(readingLanguage(['fi', 'en'], { locale: 'sv', reportFallbackLanguages: ['en', 'fi'] })).toBe('en');
    expect(readingLanguage(['fi'], { locale: 'en', reportFallbackLanguages: ['sv'] })).toBe('fi');
    expect(readingLanguage([], { locale: 'en', reportFallbackLanguages: ['sv'] })).toBeNull();
  });

  it('diffs changed sections line by line, per language, with incidents and marking', () => {
    const before = content(
      [
        { key: 'cyber', fi: 'rivi 1\nrivi 2\n', sv: 'rad 1\n' },
        { key: 'physical', fi: 'sama\n' },
        { key: 'process', fi: 'poistuu\n' },
      ],
      ['incident--a', 'incident--b'],
    );
    const after = content(
      [
        { key: 'cyber', fi: 'rivi 1\nrivi 2 korjattu\n', sv: 'rad 1\n' },
        { key: 'physical', fi: 'sama\n' },
        { key: 'outlook', fi: 'uusi\n' },
      ],
      ['incident--b', 'incident--c'],
    );
    const diff = diffVersions(
      { number: 1, tlp: 'amber', content: before },
      { number: 2, tlp: 'green', content: after },
    );
    expect(diff).toEqual({
      from: 1,
      to: 2,
      sections: [
        {
          key: 'cyber',
          language: 'fi',
          parts: [
            { kind: 'same', text: 'rivi 1\n' },
            { kind: 'removed', text: 'rivi 2\n' },
            { kind: 'added', text: 'rivi 2 korjattu\n' },
          ],
        },
        { key: 'outlook', language: 'fi', parts: [{ kind: 'added', text: 'uusi\n' }] },
        { key: 'process', language: 'fi', parts: [{ kind: 'removed', text: 'poistuu\n' }] },
      ],
      incidents: { added: ['incident--c'], removed: ['incident--a'] },
      tlp: { from: 'amber', to: 'green' },
    });
  });
});

describe('approved versions', () => {
  let t: TestApp;
  let coordinator: { id: string; client: Client };
  let recipientOrg: string;
  const role = `sitrep_app_${randomBytes(4).toString('hex')}`;
  const password = randomBytes(12).toString('hex');
  let appPool: pg.Pool;

  beforeAll(async () => {
    t = await createTestApp();
    const drafting = await makeOrganisation(t);
    recipientOrg = await makeOrganisation(t);
    coordinator = await signedInUser(t, ['coordinator'], drafting);
    await ensureAppRole(t.deps.db, role, password);
    appPool = new pg.Pool({ ...t.database.config, user: role, password, max: 1 });
  });
  afterAll(async () => {
    await appPool?.end();
    await t?.close();
    const admin = new pg.Client({ ...inject('postgres'), database: 'postgres' });
    await admin.connect();
    await admin.query(`drop role if exists ${role}`);
    await admin.end();
  });

  const approve = async (values: Partial<Parameters<typeof makeSitrep>[1]> = {}) => {
    const id = await makeSitrep(t, {
      ownerOrganisationId: (
        await t.deps.db
          .selectFrom('users')
          .select('organisationId')
          .where('id', '=', coordinator.id)
          .executeTakeFirstOrThrow()
      ).organisationId,
      authorUserId: coordinator.id,
      status: 'in_review',
      tlp: 'amber',
      recipientOrganisationIds: [recipientOrg],
      ...values,
    });
    const response = await coordinator.client.post(`/api/v1/sitreps/${id}/approve`);
    expect(response.statusCode, response.body).toBe(201);
    return { id, version: response.json() as SitrepVersion };
  };

  it("cannot be updated or deleted through the application's database role, but its distribution is recorded once", async () => {
    const { id } = await approve();
    await expect(
      appPool.query(`update sitrep_versions set content = '{}'::jsonb where sitrep_id = $1`, [id]),
    ).rejects.toThrow(/immutable/);
    await expect(
      appPool.query(`update sitrep_versions set tlp = 'clear' where sitrep_id = $1`, [id]),
    ).rejects.toThrow(/immutable/);
    await expect(
      appPool.query(`update sitrep_versions set shared_organisation_ids = '{}' where sitrep_id = $1`, [id]),
    ).rejects.toThrow(/immutable/);
    // The app role may not delete at all (app-role.ts); the trigger stands behind it for any other role.
    await expect(appPool.query(`delete from sitrep_versions where sitrep_id = $1`, [id])).rejects.toThrow(
      /permission denied/,
    );
    const { rowCount } = await appPool.query(
      `update sitrep_versions set distributed_at = now(), distributed_by_user_id = $2 where sitrep_id = $1`,
      [id, coordinator.id],
    );
    expect(rowCount).toBe(1);
    await expect(
      appPool.query(`update sitrep_versions set distributed_at = now() where sitrep_id = $1`, [id]),
    ).rejects.toThrow(/immutable/);
  });

  it('freezes incidents as they were, the current threat levels, the phases ahead and the recipients', async () => {
    const electionId = await testElectionId(t);
    const owner = (
      await t.deps.db
        .selectFrom('users')
        .select('organisationId')
        .where('id', '=', coordinator.id)
        .executeTakeFirstOrThrow()
    ).organisationId;
    const incident = await makeIncident(t, {
      ownerOrganisationId: owner,
      authorUserId: coordinator.id,
      tlp: 'green',
      title: 'Väärennetty äänestysohje',
      description: 'Sosiaalisessa mediassa levisi väärä päivämäärä.',
      sharedOrganisationIds: [recipientOrg],
      severity: 3,
      domains: ['information_influence'],
    });
    await t.deps.db
      .insertInto('threatLevels')
      .values({
        electionId,
        domain: 'cyber',
        level: 3,
        rationale: 'Palvelunestohyökkäyksiä odotetaan vaalipäivänä.',
        setByUserId: coordinator.id,
        setByOrganisationId: owner,
      })
      .execute();
    const { id, version } = await approve({
      electionId,
      tlp: 'green',
      incidentIds: [incident],
      periodEnd: new Date('2027-04-17T06:00:00Z'),
      languages: ['fi', 'sv'],
    });
    const { content: frozen } = version;
    expect(frozen.incidents).toEqual([
      expect.objectContaining({
        id: incident,
        title: 'Väärennetty äänestysohje',
        status: 'new',
        severity: 3,
        tlp: 'green',
        summary: 'Sosiaalisessa mediassa levisi väärä päivämäärä.',
      }),
    ]);
    expect(frozen.threatLevels.find((l) => l.domain === 'cyber')).toMatchObject({
      level: 3,
      name: { fi: 'kohonnut', sv: 'förhöjd', en: 'elevated' },
    });
    expect(frozen.threatLevels.find((l) => l.domain === 'physical')).toMatchObject({
      level: null,
      name: null,
    });
    expect(frozen.phasesAhead.map((p) => p.key)).toContain('election_day');
    expect(frozen.election).toMatchObject({ id: electionId, name: { fi: 'Eduskuntavaalit 2027' } });
    expect(frozen.recipients.organisations).toEqual([
      expect.objectContaining({
        id: recipientOrg,
        name: expect.objectContaining({ fi: expect.any(String) }),
      }),
    ]);
    expect(version.languages).toEqual(['fi', 'sv']);

    // Later changes to the incident do not reach the approved version.
    await t.deps.db
      .updateTable('incidents')
      .set({ title: 'Muutettu otsikko', status: 'responding', severity: 5 })
      .where('id', '=', incident.slice('incident--'.length))
      .execute();
    const again = (await coordinator.client.get(`/api/v1/sitreps/${id}/versions/1`)).json() as SitrepVersion;
    expect(again.content.incidents[0]).toMatchObject({
      title: 'Väärennetty äänestysohje',
      status: 'new',
      severity: 3,
    });
  });
});
