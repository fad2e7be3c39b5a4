import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tlp } from '../../../shared/access/tlp.js';
import type { VersionContent } from '../../../shared/contracts/sitreps.js';
import {
  type Client,
  createTestApp,
  expectError,
  makeCommunity,
  makeOrganisation,
  makeUser,
  rowCounts,
  signedInUser,
  type TestApp,
} from '../../../test/helpers/app.js';
import { sampleContent } from './export/sitrep-sample.js';

const run = promisify(execFile);
const UNKNOWN_ID = '6b0f1e2c-0000-4000-8000-000000000000';
const TABLES = ['audit_events', 'sitrep_versions', 'sitrep_reads'];

interface VersionSeed {
  number: number;
  tlp?: Tlp;
  distributed?: boolean;
  sharedOrganisationIds?: string[];
  sharedCommunityIds?: string[];
  sharedUserIds?: string[];
  languages?: string[];
  content?: VersionContent;
}

describe('situation report exports', () => {
  let t: TestApp;
  let drafterOrg: string;
  let recipientOrg: string;
  let drafter: { id: string; client: Client };
  let recipient: { id: string; client: Client };
  let outsider: { client: Client };
  let adminOfRecipient: { client: Client };
  let electionId: string;
  let templateId: string;

  /**
   * A report with approved versions written straight into the tables (no drafting or workflow
   * routes): each version's sharing lists are its recipients; distributed ones have distributed_at.
   */
  const makeReport = async (versions: VersionSeed[], tlp: Tlp = 'amber'): Promise<string> =>
    t.deps.db.transaction().execute(async (tx) => {
      const periodEnd = new Date('2027-04-18T06:00:00Z');
      const { id } = await tx
        .insertInto('sitreps')
        .values({
          electionId,
          templateId,
          kind: 'daily',
          titleFi: 'Päivittäinen tilannekatsaus',
          titleSv: 'Daglig lägesrapport',
          titleEn: 'Daily situation report',
          periodStart: new Date(periodEnd.getTime() - 24 * 3600_000),
          periodEnd,
          status: 'distributed',
          tlp,
          ownerOrganisationId: drafterOrg,
          authorUserId: drafter.id,
          recipientOrganisationIds: [recipientOrg],
          versionNumber: Math.max(...versions.map((v) => v.number)),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      for (const v of versions) {
        const content = v.content ?? sampleContent({ paragraphs: 1, incidents: 2 });
        content.title.fi = `Päivittäinen tilannekatsaus ${v.number} – Vörå`;
        await tx
          .insertInto('sitrepVersions')
          .values({
            sitrepId: id,
            number: v.number,
            tlp: v.tlp ?? tlp,
            ownerOrganisationId: drafterOrg,
            authorUserId: drafter.id,
            sharedOrganisationIds: v.sharedOrganisationIds ?? [recipientOrg],
            sharedCommunityIds: v.sharedCommunityIds ?? [],
            sharedUserIds: v.sharedUserIds ?? [],
            content: JSON.stringify(content),
            languages: v.languages ?? ['fi', 'sv'],
            approvedByUserId: drafter.id,
            approvedByOrganisationId: drafterOrg,
            approvedAt: new Date('2027-04-18T05:30:00Z'),
            distributedByUserId: v.distributed === false ? null : drafter.id,
            distributedAt: v.distributed === false ? null : new Date('2027-04-18T05:45:00Z'),
          })
          .execute();
      }
      return id;
    });

  beforeAll(async () => {
    t = await createTestApp();
    drafterOrg = await makeOrganisation(t);
    recipientOrg = await makeOrganisation(t);
    drafter = await signedInUser(t, ['coordinator'], drafterOrg);
    recipient = await signedInUser(t, ['viewer'], recipientOrg);
    outsider = await signedInUser(t, ['coordinator']);
    adminOfRecipient = await signedInUser(t, ['admin'], recipientOrg);
    electionId = (await t.deps.db.selectFrom('elections').select('id').limit(1).executeTakeFirstOrThrow()).id;
    templateId = (
      await t.deps.db
        .selectFrom('sitrepTemplates')
        .select('id')
        .where('key', '=', 'daily')
        .executeTakeFirstOrThrow()
    ).id;
  });
  afterAll(() => t.close());

  const urls = (id: string, query = '') =>
    (['pdf', 'md', 'html'] as const).map((f) => `/api/v1/sitreps/${id}/export.${f}${query}`);

  it('refuses an anonymous caller (401) and a role that reads no content (403)', async () => {
    const id = await makeReport([{ number: 1 }]);
    for (const url of urls(id)) {
      expectError(await t.anonymous.get(url), 401, 'unauthenticated');
      expectError(await adminOfRecipient.client.get(url), 403, 'forbidden');
    }
  });

  it('answers 404 to another organisation, for an unknown report and for a version not distributed', async () => {
    const id = await makeReport([{ number: 1 }, { number: 2, distributed: false }]);
    const before = await rowCounts(t, TABLES);
    for (const url of [...urls(id), ...urls(UNKNOWN_ID)]) {
      expectError(await outsider.client.get(url), 404, 'not_found');
    }
    for (const url of [...urls(UNKNOWN_ID), ...urls(id, '?version=2'), ...urls(id, '?version=9')]) {
      expectError(await recipient.client.get(url), 404, 'not_found');
    }
    expect(await rowCounts(t, TABLES)).toEqual(before);
    // An organisation in a community with a recipient does not read a version shared with organisations only.
    const memberOrg = await makeOrganisation(t);
    await makeCommunity(t, [memberOrg, recipientOrg]);
    const member = await signedInUser(t, ['analyst'], memberOrg);
    for (const url of urls(id)) expectError(await member.client.get(url), 404, 'not_found');
  });

  it('refuses invalid input with 400 and changes nothing', async () => {
    const id = await makeReport([{ number: 1 }]);
    const before = await rowCounts(t, TABLES);
    for (const query of [
      '?version=0',
      '?version=-1',
      '?version=abc',
      '?version=1.5',
      '?language=de',
      '?language=',
      '?format=pdf',
    ]) {
      for (const url of urls(id, query))
        expectError(await recipient.client.get(url), 400, 'validation_failed');
    }
    for (const url of urls('not-a-uuid'))
      expectError(await recipient.client.get(url), 400, 'validation_failed');
    expect(await rowCounts(t, TABLES)).toEqual(before);
  });

  it('lets a recipient download the latest distributed version, with download headers', async () => {
    const id = await makeReport([{ number: 1 }, { number: 2 }, { number: 3, distributed: false }]);
    const pdf = await recipient.client.get(`/api/v1/sitreps/${id}/export.pdf`);
    expect(pdf.statusCode, pdf.body).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toBe(
      'attachment; filename="paivittainen-tilannekatsaus-2-vora-v2-fi.pdf"',
    );
    expect(pdf.headers['x-content-type-options']).toBe('nosniff');
    expect(pdf.headers['cache-control']).toBe('no-store');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'sitrep-route-'));
    try {
      await fs.writeFile(path.join(dir, 'r.pdf'), pdf.rawPayload);
      const { stdout } = await run('pdftotext', ['-enc', 'UTF-8', path.join(dir, 'r.pdf'), '-']);
      expect(stdout).toContain('TLP:AMBER');
      expect(stdout.replace(/\s+/g, ' ')).toContain('Päivittäinen tilannekatsaus 2 – Vörå');
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }

    const md = await recipient.client.get(`/api/v1/sitreps/${id}/export.md?version=1`);
    expect(md.statusCode, md.body).toBe(200);
    expect(md.headers['content-type']).toBe('text/markdown; charset=utf-8');
    expect(md.headers['content-disposition']).toBe(
      'attachment; filename="paivittainen-tilannekatsaus-1-vora-v1-fi.md"',
    );
    expect(md.headers['x-content-type-options']).toBe('nosniff');
    expect(md.headers['cache-control']).toBe('no-store');
    expect(md.body.startsWith('**TLP:AMBER**')).toBe(true);
    expect(md.body).toContain('# Päivittäinen tilannekatsaus 1 – Vörå');

    const html = await recipient.client.get(`/api/v1/sitreps/${id}/export.html?language=sv`);
    expect(html.statusCode, html.body).toBe(200);
    expect(html.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(html.headers['content-disposition']).toBe(
      'attachment; filename="daglig-lagesrapport-aland-vora-narpes-v2-sv.html"',
    );
    expect(html.headers['x-content-type-options']).toBe('nosniff');
    expect(html.headers['cache-control']).toBe('no-store');
    expect(html.headers['content-security-policy']).toMatch(
      /^sandbox; default-src 'none'; style-src 'unsafe-inline'/,
    );
    expect(html.body).toContain('<html lang="sv">');
    expect(html.body).not.toContain('<script');
  });

  it('lets a drafter download a version that is not distributed yet', async () => {
    const id = await makeReport([{ number: 1 }, { number: 2, distributed: false }]);
    const md = await drafter.client.get(`/api/v1/sitreps/${id}/export.md`);
    expect(md.statusCode, md.body).toBe(200);
    expect(md.headers['content-disposition']).toContain('-v2-fi.md');
  });

  it('reads a version shared with a community to its member organisations (TLP:GREEN)', async () => {
    const memberOrg = await makeOrganisation(t);
    const community = await makeCommunity(t, [memberOrg]);
    const member = await signedInUser(t, ['analyst'], memberOrg);
    const id = await makeReport(
      [{ number: 1, tlp: 'green', sharedOrganisationIds: [], sharedCommunityIds: [community] }],
      'green',
    );
    const md = await member.client.get(`/api/v1/sitreps/${id}/export.md`);
    expect(md.statusCode, md.body).toBe(200);
    expect(md.body.startsWith('**TLP:GREEN**')).toBe(true);
  });

  it("chooses the reader's language, else their first fallback the version has, and says when a section falls back", async () => {
    const org = await makeOrganisation(t);
    const user = await makeUser(t, { organisationId: org, roles: ['viewer'] });
    await t.deps.db
      .updateTable('users')
      .set({ locale: 'sv', reportFallbackLanguages: ['en', 'fi', 'sv'] })
      .where('id', '=', user.id)
      .execute();
    const client = await t.signIn(user.email);
    const id = await makeReport([{ number: 1, sharedOrganisationIds: [org], languages: ['fi', 'en'] }]);
    const md = await client.get(`/api/v1/sitreps/${id}/export.md`);
    expect(md.statusCode, md.body).toBe(200);
    expect(md.headers['content-disposition']).toContain('-v1-en.md');
    expect(md.headers['content-language']).toBe('en');
    // The recommendations are not written in English: shown in the reader's first fallback that has them.
    expect(md.body).toContain('This section has not been written in English, so it is shown in Finnish.');
    const sv = await client.get(`/api/v1/sitreps/${id}/export.md?language=sv`);
    expect(sv.headers['content-disposition']).toContain('-v1-sv.md');
    expect(sv.body).toContain('## Huvudsakliga bedömningar');
  });

  it('audits every read of a red version, and only red ones', async () => {
    const id = await makeReport([{ number: 1, tlp: 'red', sharedUserIds: [recipient.id] }], 'red');
    const amber = await makeReport([{ number: 1 }]);
    const audits = () =>
      t.deps.db
        .selectFrom('auditEvents')
        .selectAll()
        .where('action', '=', 'record.read_red')
        .where('targetType', '=', 'sitrep_version')
        .execute();
    const before = (await audits()).length;
    expect((await recipient.client.get(`/api/v1/sitreps/${amber}/export.md`)).statusCode).toBe(200);
    expect(await audits()).toHaveLength(before);
    // Red: only the named user, not their organisation.
    const colleague = await signedInUser(t, ['coordinator'], recipientOrg);
    expectError(await colleague.client.get(`/api/v1/sitreps/${id}/export.md`), 404, 'not_found');
    const md = await recipient.client.get(`/api/v1/sitreps/${id}/export.md`);
    expect(md.statusCode, md.body).toBe(200);
    expect(md.body.startsWith('**TLP:RED**')).toBe(true);
    const after = await audits();
    expect(after).toHaveLength(before + 1);
    expect(after.at(-1)).toMatchObject({ targetId: `${id}/1`, actorUserId: recipient.id });
  });
});
