import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_EMAIL,
  createTestApp,
  errorBody,
  signedInUser,
  type Client,
  type TestApp,
} from '../../../test/helpers/app.js';

const newOrganisation = {
  shortName: 'NCSC-FI',
  name: { fi: 'Kyberturvallisuuskeskus', sv: 'Cybersäkerhetscentret', en: 'National Cyber Security Centre' },
  kind: 'cyber_security_centre',
};

describe('organisations', () => {
  let t: TestApp;
  let admin: Client;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.signIn(ADMIN_EMAIL);
  });
  afterAll(() => t.close());

  it('refuses an anonymous caller', async () => {
    const response = await t.anonymous.get('/api/v1/organisations');
    expect(response.statusCode).toBe(401);
    expect(errorBody(response)).toMatchObject({ code: 'unauthenticated', requestId: expect.any(String) });
  });

  it('lets an admin create an organisation with names in three languages and records it in the audit trail', async () => {
    const response = await admin.post('/api/v1/organisations', newOrganisation);
    expect(response.statusCode).toBe(201);
    const created = response.json();
    expect(created).toMatchObject({
      ...newOrganisation,
      requireTwoFactor: false,
      active: true,
      memberCount: 0,
    });
    const audit = await t.deps.db
      .selectFrom('auditEvents')
      .selectAll()
      .where('targetId', '=', created.id)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['organisation.create']);
  });

  it('refuses a duplicate short name, whatever its case, and changes nothing', async () => {
    const before = (await admin.get('/api/v1/organisations')).json().items.length;
    const response = await admin.post('/api/v1/organisations', { ...newOrganisation, shortName: 'ncsc-fi' });
    expect(response.statusCode).toBe(409);
    expect((await admin.get('/api/v1/organisations')).json().items.length).toBe(before);
  });

  it('forbids a coordinator of another organisation from creating or changing organisations', async () => {
    const { client } = await signedInUser(t, ['coordinator']);
    expect(
      (await client.post('/api/v1/organisations', { ...newOrganisation, shortName: 'X1' })).statusCode,
    ).toBe(403);
    const [first] = (await client.get('/api/v1/organisations')).json().items;
    expect(
      (await client.patch(`/api/v1/organisations/${first.id}`, { requireTwoFactor: true })).statusCode,
    ).toBe(403);
  });

  it('lets any signed-in user read the directory of organisations', async () => {
    const { client } = await signedInUser(t, ['viewer']);
    const response = await client.get('/api/v1/organisations');
    expect(response.statusCode).toBe(200);
    expect(response.json().items.some((o: { shortName: string }) => o.shortName === 'NCSC-FI')).toBe(true);
  });

  it.each([
    ['a missing Swedish name', { ...newOrganisation, shortName: 'A1', name: { fi: 'x', en: 'y' } }],
    ['an unknown field', { ...newOrganisation, shortName: 'A2', secret: true }],
    ['a wrong type', { ...newOrganisation, shortName: 42 }],
    [
      'an overlong name',
      { ...newOrganisation, shortName: 'A3', name: { ...newOrganisation.name, fi: 'x'.repeat(201) } },
    ],
    ['an unknown kind', { ...newOrganisation, shortName: 'A4', kind: 'cabal' }],
  ])('answers 400 to %s', async (_label, body) => {
    const response = await admin.post('/api/v1/organisations', body);
    expect(response.statusCode).toBe(400);
    expect(errorBody(response)).toMatchObject({
      code: 'validation_failed',
      message: expect.any(String),
      requestId: expect.any(String),
    });
  });

  it('answers 404 for an organisation that does not exist and 400 for a malformed id', async () => {
    expect((await admin.get('/api/v1/organisations/6b0f1e2c-0000-4000-8000-000000000000')).statusCode).toBe(
      404,
    );
    expect((await admin.get('/api/v1/organisations/not-a-uuid')).statusCode).toBe(400);
  });

  it('lets an admin require two-factor authentication of an organisation', async () => {
    const [org] = (await admin.get('/api/v1/organisations'))
      .json()
      .items.filter((o: { shortName: string }) => o.shortName === 'NCSC-FI');
    const response = await admin.patch(`/api/v1/organisations/${org.id}`, { requireTwoFactor: true });
    expect(response.statusCode).toBe(200);
    expect(response.json().requireTwoFactor).toBe(true);
  });
});
