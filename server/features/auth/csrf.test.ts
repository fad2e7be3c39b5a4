import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_EMAIL,
  ORIGIN,
  PASSWORD,
  createTestApp,
  errorBody,
  signedInUser,
  type Client,
  type TestApp,
} from '../../../test/helpers/app.js';

const EVIL = 'https://evil.example';

describe('cross-site request forgery', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const expectCsrfRejected = (response: { statusCode: number; json(): unknown }) => {
    expect(response.statusCode).toBe(403);
    expect(response.json()).toEqual({
      code: 'csrf_rejected',
      message: expect.any(String),
      requestId: expect.any(String),
    });
  };

  /** As a browser that sends no Origin header, only Sec-Fetch-Site (makeClient always adds our origin). */
  const withoutOrigin = (
    client: Client,
    method: 'POST' | 'PATCH',
    url: string,
    payload: object,
    site: string,
  ) => t.app.inject({ method, url, payload, headers: { cookie: client.cookie!, 'sec-fetch-site': site } });

  const tokenCount = async (client: Client) => (await client.get('/api/v1/me/tokens')).json().items.length;

  it('refuses a cookie-session POST from another site with 403 csrf_rejected and changes nothing', async () => {
    const { client } = await signedInUser(t, ['analyst']);
    expectCsrfRejected(await client.post('/api/v1/me/tokens', { name: 'planted by evil' }, { origin: EVIL }));
    expect(await tokenCount(client)).toBe(0);
    expectCsrfRejected(await client.post('/api/v1/me/sign-out-everywhere', undefined, { origin: EVIL }));
    expect((await client.get('/api/v1/me')).statusCode).toBe(200);
  });

  it('refuses a cross-site PATCH and DELETE as well, and changes nothing', async () => {
    const { client } = await signedInUser(t, ['analyst']);
    expectCsrfRejected(await client.patch('/api/v1/me', { locale: 'en' }, { origin: EVIL }));
    expect((await client.get('/api/v1/me')).json().locale).toBe('fi');
    const { token } = (await client.post('/api/v1/me/tokens', { name: 'keep me' })).json();
    expectCsrfRejected(await client.delete(`/api/v1/me/tokens/${token.id}`, { origin: EVIL }));
    expect(await tokenCount(client)).toBe(1);
  });

  it('refuses a cross-site password change, and the old password still signs in', async () => {
    const { client, email } = await signedInUser(t, ['analyst']);
    const response = await client.post(
      '/api/v1/me/password',
      { currentPassword: PASSWORD, newPassword: 'chosen-by-the-attacker' },
      { origin: EVIL },
    );
    expectCsrfRejected(response);
    await expect(t.signIn(email)).resolves.toBeDefined();
  });

  it('refuses a request that says Sec-Fetch-Site: cross-site even without an Origin header', async () => {
    const { client } = await signedInUser(t, ['analyst']);
    const response = await withoutOrigin(client, 'PATCH', '/api/v1/me', { locale: 'en' }, 'cross-site');
    expectCsrfRejected(response);
    expect((await client.get('/api/v1/me')).json().locale).toBe('fi');
  });

  it('refuses a request from a sibling site (Sec-Fetch-Site: same-site) without an Origin header', async () => {
    const { client } = await signedInUser(t, ['analyst']);
    const response = await withoutOrigin(
      client,
      'POST',
      '/api/v1/me/tokens',
      { name: 'from a sibling' },
      'same-site',
    );
    expectCsrfRejected(response);
    expect(await tokenCount(client)).toBe(0);
  });

  it('refuses Origin: null, which sandboxed frames send', async () => {
    const { client } = await signedInUser(t, ['analyst']);
    expectCsrfRejected(await client.patch('/api/v1/me', { locale: 'en' }, { origin: 'null' }));
  });

  it('refuses an origin that only resembles ours (another port or scheme)', async () => {
    const { client } = await signedInUser(t, ['analyst']);
    expectCsrfRejected(
      await client.patch('/api/v1/me', { locale: 'en' }, { origin: 'http://127.0.0.1:8081' }),
    );
    expectCsrfRejected(
      await client.patch('/api/v1/me', { locale: 'en' }, { origin: 'https://127.0.0.1:8080' }),
    );
  });

  it('accepts a state change from our own origin', async () => {
    const { client } = await signedInUser(t, ['analyst']);
    const response = await client.patch(
      '/api/v1/me',
      { locale: 'sv' },
      { origin: ORIGIN, 'sec-fetch-site': 'same-origin' },
    );
    expect(response.statusCode).toBe(200);
    expect(response.json().locale).toBe('sv');
  });

  it('accepts Sec-Fetch-Site: same-origin without an Origin header', async () => {
    const { client } = await signedInUser(t, ['analyst']);
    const response = await withoutOrigin(client, 'PATCH', '/api/v1/me', { locale: 'en' }, 'same-origin');
    expect(response.statusCode).toBe(200);
    expect(response.json().locale).toBe('en');
  });

  it('does not check safe methods: a cross-site GET reads nothing it could not read anyway', async () => {
    const { client } = await signedInUser(t, ['analyst']);
    const response = await client.get('/api/v1/me', { origin: EVIL });
    expect(response.statusCode).toBe(200);
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('refuses a cross-site sign-in, so an attacker cannot sign a victim into the attacker’s account', async () => {
    const { email } = await signedInUser(t, ['analyst']);
    const response = await t.anonymous.post(
      '/api/v1/auth/sign-in/email',
      { email, password: PASSWORD },
      { origin: EVIL },
    );
    expectCsrfRejected(response);
    expect(response.cookies).toEqual([]);
  });

  it('refuses a cross-site sign-out, and the session lives on', async () => {
    const { client } = await signedInUser(t, ['analyst']);
    expectCsrfRejected(await client.post('/api/v1/auth/sign-out', {}, { origin: EVIL }));
    expect((await client.get('/api/v1/me')).statusCode).toBe(200);
  });

  it('refuses a cross-site two-factor enrolment', async () => {
    const { client } = await signedInUser(t, ['analyst']);
    expectCsrfRejected(
      await client.post('/api/v1/auth/two-factor/enable', { password: PASSWORD }, { origin: EVIL }),
    );
  });

  describe('with a Bearer token', () => {
    let secret: string;

    beforeAll(async () => {
      const admin = await t.signIn(ADMIN_EMAIL);
      secret = (await admin.post('/api/v1/me/tokens', { name: 'automation' })).json().secret;
    });

    it('accepts a Bearer-token POST without an Origin header: a token is no ambient credential', async () => {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/v1/organisations',
        headers: { authorization: `Bearer ${secret}` },
        payload: { shortName: 'BEARER-1', name: { fi: 'Yksi', sv: 'Ett', en: 'One' }, kind: 'agency' },
      });
      expect(response.statusCode).toBe(201);
    });

    it('checks a Bearer-token request that also carries a cookie like a cookie request', async () => {
      const { client } = await signedInUser(t, ['analyst']);
      const response = await client.request({
        method: 'POST',
        url: '/api/v1/organisations',
        headers: { origin: EVIL, authorization: `Bearer ${secret}` },
        payload: { shortName: 'BEARER-2', name: { fi: 'Kaksi', sv: 'Två', en: 'Two' }, kind: 'agency' },
      });
      expectCsrfRejected(response);
      expect(
        await t.deps.db
          .selectFrom('organisations')
          .select('id')
          .where('shortName', '=', 'BEARER-2')
          .executeTakeFirst(),
      ).toBeUndefined();
    });
  });

  it('answers in the error shape', async () => {
    const { client } = await signedInUser(t, ['analyst']);
    const response = await client.patch('/api/v1/me', { locale: 'en' }, { origin: EVIL });
    expect(errorBody(response).requestId).toBe(response.headers['x-request-id']);
  });
});
