import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mentionToken } from '../../../shared/contracts/collaboration.js';
import {
  type Client,
  createTestApp,
  errorBody,
  expectError,
  makeOrganisation,
  rowCounts,
  signedInUser,
  type TestApp,
} from '../../../test/helpers/app.js';
import { makeIncident } from '../../../test/helpers/incidents.js';

const TABLES = ['comments', 'comment_mentions', 'notifications', 'incident_events'];

describe('comments with mentions', () => {
  let t: TestApp;
  let ownOrg: string;
  let otherOrg: string;
  let analyst: { id: string; client: Client };
  let colleague: { id: string; client: Client };
  let viewer: Client;
  let reporter: { id: string; client: Client };
  let outsider: { id: string; client: Client };

  const incident = (tlp: 'amber' | 'clear' = 'amber') =>
    makeIncident(t, { ownerOrganisationId: ownOrg, authorUserId: analyst.id, tlp });
  const comment = (client: Client, id: string, body: string) =>
    client.post(`/api/v1/incidents/${id}/comments`, { body });

  beforeAll(async () => {
    t = await createTestApp();
    [ownOrg, otherOrg] = [await makeOrganisation(t), await makeOrganisation(t)];
    analyst = await signedInUser(t, ['analyst'], ownOrg);
    colleague = await signedInUser(t, ['analyst'], ownOrg);
    viewer = (await signedInUser(t, ['viewer'], ownOrg)).client;
    reporter = await signedInUser(t, ['reporter'], otherOrg);
    outsider = await signedInUser(t, ['analyst'], otherOrg);
  });
  afterAll(() => t.close());

  it('refuses every route to an anonymous caller', async () => {
    const id = await incident();
    const cid = '6b0f1e2c-0000-4000-8000-000000000000';
    for (const [method, url] of [
      ['GET', `/api/v1/incidents/${id}/comments`],
      ['POST', `/api/v1/incidents/${id}/comments`],
      ['PATCH', `/api/v1/incidents/${id}/comments/${cid}`],
      ['DELETE', `/api/v1/incidents/${id}/comments/${cid}`],
      ['GET', `/api/v1/incidents/${id}/mentionable-users`],
    ] as const) {
      expectError(await t.anonymous.request({ method, url, payload: { body: 'x' } }), 401, 'unauthenticated');
    }
  });

  it('posts a comment that mentions a colleague, who is notified', async () => {
    const id = await incident();
    const body = `Could you look at this, ${mentionToken('Colleague', colleague.id)}?`;
    const created = await comment(analyst.client, id, body);
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({
      body,
      mentionedUserIds: [colleague.id],
      author: { id: analyst.id },
    });
    const notes = await t.deps.db
      .selectFrom('notifications')
      .selectAll()
      .where('userId', '=', colleague.id)
      .execute();
    expect(notes).toEqual([expect.objectContaining({ kind: 'mention' })]);
    expect(notes[0]!.data).toMatchObject({ commentId: created.json().id });
    const list = (await viewer.get(`/api/v1/incidents/${id}/comments`)).json();
    expect(list.items.map((c: { body: string }) => c.body)).toEqual([body]);
  });

  it('refuses a mention of someone who cannot see the incident, storing and notifying nothing', async () => {
    const id = await incident();
    const before = await rowCounts(t, TABLES);
    const response = await comment(analyst.client, id, `FYI ${mentionToken('Outsider', outsider.id)}`);
    expectError(response, 400, 'validation_failed');
    expect(errorBody(response).message).toMatch(/cannot see this incident/);
    expect(await rowCounts(t, TABLES)).toEqual(before);
  });

  it('stores markup verbatim: rendering escapes it', async () => {
    const id = await incident();
    const body = '<script>alert(1)</script><img src=x onerror="alert(2)">';
    const created = await comment(analyst.client, id, body);
    expect(created.statusCode).toBe(201);
    expect((await analyst.client.get(`/api/v1/incidents/${id}/comments`)).json().items[0].body).toBe(body);
  });

  it('hides comments from an organisation the incident is not shared with', async () => {
    const id = await incident();
    await comment(analyst.client, id, 'internal');
    const before = await rowCounts(t, TABLES);
    expectError(await outsider.client.get(`/api/v1/incidents/${id}/comments`), 404, 'not_found');
    expectError(await comment(outsider.client, id, 'hello'), 404, 'not_found');
    expectError(await outsider.client.get(`/api/v1/incidents/${id}/mentionable-users`), 404, 'not_found');
    expect(await rowCounts(t, TABLES)).toEqual(before);
  });

  it('forbids a viewer to comment, and a reporter to comment on a report that is not theirs', async () => {
    const id = await incident('clear');
    const before = await rowCounts(t, TABLES);
    expectError(await comment(viewer, id, 'hello'), 403, 'forbidden');
    expectError(await comment(reporter.client, id, 'hello'), 403, 'forbidden');
    expect(await rowCounts(t, TABLES)).toEqual(before);
  });

  it('lets a reporter answer and read comments on their own report', async () => {
    const report = await makeIncident(t, {
      ownerOrganisationId: otherOrg,
      authorUserId: reporter.id,
      tlp: 'amber',
    });
    expect((await comment(outsider.client, report, 'Which polling station?')).statusCode).toBe(201);
    expect((await comment(reporter.client, report, 'Kallio library')).statusCode).toBe(201);
    const list = (await reporter.client.get(`/api/v1/incidents/${report}/comments`)).json();
    expect(list.items.map((c: { body: string }) => c.body)).toEqual([
      'Which polling station?',
      'Kallio library',
    ]);
  });

  it('refuses invalid input, changing nothing', async () => {
    const id = await incident();
    const before = await rowCounts(t, TABLES);
    expectError(await comment(analyst.client, id, '   '), 400, 'validation_failed');
    expectError(await comment(analyst.client, id, 'x'.repeat(20_001)), 400, 'validation_failed');
    expectError(
      await analyst.client.post(`/api/v1/incidents/${id}/comments`, { body: 'x', pinned: true }),
      400,
      'validation_failed',
    );
    expectError(await analyst.client.post(`/api/v1/incidents/${id}/comments`, {}), 400, 'validation_failed');
    expectError(await comment(analyst.client, 'incident--nope', 'x'), 400, 'validation_failed');
    expect(await rowCounts(t, TABLES)).toEqual(before);
  });

  it('lets only the author edit or delete; deleting removes the text but keeps the place', async () => {
    const id = await incident();
    const { id: cid } = (await comment(analyst.client, id, 'draft')).json();
    expectError(
      await colleague.client.patch(`/api/v1/incidents/${id}/comments/${cid}`, { body: 'mine now' }),
      403,
      'forbidden',
    );
    expectError(await colleague.client.delete(`/api/v1/incidents/${id}/comments/${cid}`), 403, 'forbidden');
    expectError(await outsider.client.delete(`/api/v1/incidents/${id}/comments/${cid}`), 404, 'not_found');
    const edited = await analyst.client.patch(`/api/v1/incidents/${id}/comments/${cid}`, {
      body: `final, ${mentionToken('Colleague', colleague.id)}`,
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json().editedAt).not.toBeNull();
    expect((await analyst.client.delete(`/api/v1/incidents/${id}/comments/${cid}`)).statusCode).toBe(204);
    const [gone] = (await analyst.client.get(`/api/v1/incidents/${id}/comments`)).json().items;
    expect(gone).toMatchObject({ id: cid, body: '', mentionedUserIds: [], deletedAt: expect.any(String) });
    const stored = await t.deps.db
      .selectFrom('comments')
      .select('body')
      .where('id', '=', cid)
      .executeTakeFirstOrThrow();
    expect(stored.body).toBe('');
    expectError(
      await analyst.client.patch(`/api/v1/incidents/${id}/comments/${cid}`, { body: 'again' }),
      404,
      'not_found',
    );
  });

  it('offers only people who can see the incident for mentions, names only', async () => {
    const id = await incident();
    const response = await analyst.client.get(`/api/v1/incidents/${id}/mentionable-users?q=Test`);
    expect(response.statusCode, response.body).toBe(200);
    const ids = response.json().items.map((u: { id: string }) => u.id);
    expect(ids).toContain(colleague.id);
    expect(ids).not.toContain(outsider.id);
    expect(Object.keys(response.json().items[0]).sort()).toEqual(['id', 'name', 'organisationShortName']);
    expectError(await viewer.get(`/api/v1/incidents/${id}/mentionable-users`), 403, 'forbidden');
    expectError(
      await analyst.client.get(`/api/v1/incidents/${id}/mentionable-users?q=${'x'.repeat(101)}`),
      400,
      'validation_failed',
    );
  });
});
