import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

const TABLES = ['attachments', 'incident_events', 'audit_events'];
const LIMIT = 2048;

describe('attachments', () => {
  let t: TestApp;
  let ownOrg: string;
  let otherOrg: string;
  let analyst: { id: string; client: Client };
  let viewer: Client;
  let outsider: Client;

  const incident = () =>
    makeIncident(t, { ownerOrganisationId: ownOrg, authorUserId: analyst.id, tlp: 'amber' });
  const upload = (
    client: Client,
    id: string,
    payload: string | Buffer,
    options: { filename?: string; type?: string; headers?: Record<string, string> } = {},
  ) =>
    client.request({
      method: 'POST',
      url: `/api/v1/incidents/${id}/attachments${options.filename === undefined ? '' : `?filename=${encodeURIComponent(options.filename)}`}`,
      headers: { 'content-type': options.type ?? 'application/octet-stream', ...options.headers },
      payload,
    });

  beforeAll(async () => {
    t = await createTestApp({ attachmentMaxBytes: LIMIT });
    [ownOrg, otherOrg] = [await makeOrganisation(t), await makeOrganisation(t)];
    analyst = await signedInUser(t, ['analyst'], ownOrg);
    viewer = (await signedInUser(t, ['viewer'], ownOrg)).client;
    outsider = (await signedInUser(t, ['analyst'], otherOrg)).client;
  });
  afterAll(() => t.close());

  it('refuses every route to an anonymous caller', async () => {
    const id = await incident();
    const aid = '6b0f1e2c-0000-4000-8000-000000000000';
    expectError(await upload(t.anonymous, id, 'x', { filename: 'a.txt' }), 401, 'unauthenticated');
    expectError(await t.anonymous.get(`/api/v1/incidents/${id}/attachments`), 401, 'unauthenticated');
    expectError(await t.anonymous.get(`/api/v1/incidents/${id}/attachments/${aid}`), 401, 'unauthenticated');
    expectError(
      await t.anonymous.delete(`/api/v1/incidents/${id}/attachments/${aid}`),
      401,
      'unauthenticated',
    );
  });

  it('stores the file with its SHA-256 and serves it only as a sandboxed download', async () => {
    const id = await incident();
    const content = Buffer.from('<html><script>alert(1)</script></html>');
    const created = await upload(analyst.client, id, content, {
      filename: 'Äänestys raportti.html',
      type: 'text/html',
    });
    expect(created.statusCode, created.body).toBe(201);
    const sha256 = createHash('sha256').update(content).digest('hex');
    expect(created.json()).toMatchObject({
      filename: 'Äänestys raportti.html',
      contentType: 'application/octet-stream',
      sizeBytes: content.length,
      sha256,
    });
    const list = (await viewer.get(`/api/v1/incidents/${id}/attachments`)).json();
    expect(list.items).toEqual([expect.objectContaining({ id: created.json().id, sha256 })]);

    const download = await viewer.get(`/api/v1/incidents/${id}/attachments/${created.json().id}`);
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.equals(content)).toBe(true);
    expect(download.headers['content-type']).toBe('application/octet-stream');
    expect(download.headers['content-disposition']).toBe(
      `attachment; filename="__nestys raportti.html"; filename*=UTF-8''%C3%84%C3%A4nestys%20raportti.html`,
    );
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(download.headers['content-security-policy']).toMatch(/^sandbox/);
  });

  it('takes the name from X-Filename and strips paths and control characters', async () => {
    const id = await incident();
    const created = await upload(analyst.client, id, 'data', {
      type: 'text/plain',
      headers: { 'x-filename': encodeURIComponent('../../etc/pass\u202Ewd\u0007.txt') },
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ filename: 'passwd.txt', contentType: 'text/plain' });
  });

  it('answers 413 for a file over the limit and stores nothing', async () => {
    const id = await incident();
    const before = await rowCounts(t, TABLES);
    expectError(
      await upload(analyst.client, id, Buffer.alloc(LIMIT + 1), { filename: 'big.bin' }),
      413,
      'payload_too_large',
    );
    expect(await rowCounts(t, TABLES)).toEqual(before);
    expect((await upload(analyst.client, id, Buffer.alloc(LIMIT), { filename: 'ok.bin' })).statusCode).toBe(
      201,
    );
  });

  it('keeps the JSON limit on every other route', async () => {
    const id = await incident();
    const response = await analyst.client.request({
      method: 'POST',
      url: `/api/v1/incidents/${id}/comments`,
      headers: { 'content-type': 'text/plain' },
      payload: 'hello',
    });
    expectError(response, 415, 'unsupported_media_type');
  });

  it('needs the CSRF check for an upload with a cookie', async () => {
    const id = await incident();
    const before = await rowCounts(t, TABLES);
    expectError(
      await upload(analyst.client, id, 'x', {
        filename: 'a.txt',
        headers: { origin: 'https://evil.example' },
      }),
      403,
      'csrf_rejected',
    );
    expect(await rowCounts(t, TABLES)).toEqual(before);
  });

  it('hides files of an incident another organisation may not see', async () => {
    const id = await incident();
    const { id: aid } = (await upload(analyst.client, id, 'secret', { filename: 's.txt' })).json();
    const elsewhere = await incident();
    const before = await rowCounts(t, TABLES);
    expectError(await outsider.get(`/api/v1/incidents/${id}/attachments`), 404, 'not_found');
    expectError(await outsider.get(`/api/v1/incidents/${id}/attachments/${aid}`), 404, 'not_found');
    expectError(await upload(outsider, id, 'x', { filename: 'a.txt' }), 404, 'not_found');
    expectError(await outsider.delete(`/api/v1/incidents/${id}/attachments/${aid}`), 404, 'not_found');
    expectError(
      await analyst.client.get(`/api/v1/incidents/${elsewhere}/attachments/${aid}`),
      404,
      'not_found',
    );
    expect(await rowCounts(t, TABLES)).toEqual(before);
  });

  it('forbids a viewer to upload or delete', async () => {
    const id = await incident();
    const { id: aid } = (await upload(analyst.client, id, 'x', { filename: 'a.txt' })).json();
    const before = await rowCounts(t, TABLES);
    expectError(await upload(viewer, id, 'x', { filename: 'a.txt' }), 403, 'forbidden');
    expectError(await viewer.delete(`/api/v1/incidents/${id}/attachments/${aid}`), 403, 'forbidden');
    expect(await rowCounts(t, TABLES)).toEqual(before);
  });

  it('refuses a missing name, an empty file and unknown parameters', async () => {
    const id = await incident();
    const before = await rowCounts(t, TABLES);
    expectError(await upload(analyst.client, id, 'x'), 400, 'validation_failed');
    expectError(await upload(analyst.client, id, 'x', { filename: '../' }), 400, 'validation_failed');
    expectError(await upload(analyst.client, id, '', { filename: 'empty.txt' }), 400, 'validation_failed');
    const extra = await analyst.client.request({
      method: 'POST',
      url: `/api/v1/incidents/${id}/attachments?filename=a.txt&x=1`,
      headers: { 'content-type': 'text/plain' },
      payload: 'x',
    });
    expectError(extra, 400, 'validation_failed');
    expect(await rowCounts(t, TABLES)).toEqual(before);
  });

  it('removes a file and its content', async () => {
    const id = await incident();
    const { id: aid } = (await upload(analyst.client, id, 'gone soon', { filename: 'a.txt' })).json();
    expect((await analyst.client.delete(`/api/v1/incidents/${id}/attachments/${aid}`)).statusCode).toBe(204);
    expectError(await analyst.client.get(`/api/v1/incidents/${id}/attachments/${aid}`), 404, 'not_found');
    const row = await t.deps.db
      .selectFrom('attachments')
      .select(['data', 'deletedAt'])
      .where('id', '=', aid)
      .executeTakeFirstOrThrow();
    expect(row.data).toBeNull();
    expect(row.deletedAt).not.toBeNull();
  });
});
