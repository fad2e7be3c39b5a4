import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_EMAIL,
  PASSWORD,
  createTestApp,
  makeClient,
  type Client,
  type TestApp,
} from '../helpers/app.js';

const directives = (response: LightMyRequestResponse): Map<string, string> =>
  new Map(
    String(response.headers['content-security-policy'] ?? '')
      .split(';')
      .map((part) => part.trim())
      .filter(Boolean)
      .map((part) => {
        const [name = '', ...values] = part.split(/\s+/);
        return [name, values.join(' ')] as const;
      }),
  );

const keysOf = (value: unknown): string[] =>
  Array.isArray(value)
    ? value.flatMap(keysOf)
    : value && typeof value === 'object'
      ? Object.entries(value).flatMap(([key, item]) => [key, ...keysOf(item)])
      : [];

describe('security headers and response filtering', () => {
  let t: TestApp;
  let admin: Client;
  let responses: [string, LightMyRequestResponse][];

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.signIn(ADMIN_EMAIL);
    responses = [
      ['a signed-in API read', await admin.get('/api/v1/me')],
      ['an anonymous API refusal', await t.anonymous.get('/api/v1/me')],
      ['a validation error', await admin.get('/api/v1/users?limit=0')],
      ['an unknown API path', await admin.get('/api/v1/nothing-here')],
      [
        'a sign-in',
        await t.anonymous.post('/api/v1/auth/sign-in/email', { email: ADMIN_EMAIL, password: PASSWORD }),
      ],
      ['a health check', await t.anonymous.get('/healthz')],
    ];
  });
  afterAll(() => t.close());

  it("sends a Content-Security-Policy with default-src 'none', script-src 'self' and frame-ancestors 'none'", () => {
    for (const [label, response] of responses) {
      const csp = directives(response);
      expect(csp.get('default-src'), label).toBe("'none'");
      expect(csp.get('script-src'), label).toBe("'self'");
      expect(csp.get('frame-ancestors'), label).toBe("'none'");
      expect(csp.get('object-src'), label).toBe("'none'");
      expect(csp.get('base-uri'), label).toBe("'none'");
      expect(csp.get('script-src'), label).not.toMatch(/unsafe-inline|unsafe-eval/);
    }
  });

  it('sends nosniff, no-referrer and no X-Powered-By on every response', () => {
    for (const [label, response] of responses) {
      expect(response.headers['x-content-type-options'], label).toBe('nosniff');
      expect(response.headers['referrer-policy'], label).toBe('no-referrer');
      expect(response.headers['x-powered-by'], label).toBeUndefined();
      expect(response.headers['permissions-policy'], label).toMatch(/camera=\(\)/);
    }
  });

  it('forbids caching of API responses, including errors', () => {
    for (const [label, response] of responses) {
      expect(response.headers['cache-control'], label).toBe('no-store');
    }
  });

  it('sends no Strict-Transport-Security over plain HTTP, and sends it when the base URL is https', async () => {
    expect(responses[0]![1].headers['strict-transport-security']).toBeUndefined();
    const https = await createTestApp({ baseUrl: 'https://vaalivahti.example' });
    try {
      const response = await https.anonymous.get('/healthz');
      expect(response.headers['strict-transport-security']).toMatch(/max-age=\d{7,}; includeSubDomains/);
      expect(directives(response).has('upgrade-insecure-requests')).toBe(true);
    } finally {
      await https.close();
    }
  });

  describe('request ids', () => {
    it('gives every response an X-Request-Id that its error body repeats', () => {
      for (const [label, response] of responses) {
        expect(response.headers['x-request-id'], label).toMatch(/^[\w.-]{8,64}$/);
      }
      const [, refused] = responses[1]!;
      expect(refused.json().requestId).toBe(refused.headers['x-request-id']);
    });

    it('reuses a valid X-Request-Id supplied by the caller', async () => {
      const response = await admin.get('/api/v1/users/not-a-uuid', { 'x-request-id': 'proxy-req.0042_abc' });
      expect(response.headers['x-request-id']).toBe('proxy-req.0042_abc');
      expect(response.json().requestId).toBe('proxy-req.0042_abc');
    });

    it.each([
      ['that is too short', 'abc'],
      ['that is too long', 'x'.repeat(65)],
      ['with spaces', 'forged id with spaces'],
      ['with encoded line breaks', 'abcdefgh%0d%0aSet-Cookie:x=y'],
      ['with quotes and angle brackets', '"><script>1</script>'],
    ])('replaces a supplied X-Request-Id %s with its own', async (_label, given) => {
      const response = await admin.get('/api/v1/me', { 'x-request-id': given });
      expect(response.headers['x-request-id']).not.toBe(given);
      expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    });
  });

  describe('response schemas strip what they do not declare', () => {
    it('never returns the session token in the sign-in response body', () => {
      const [, signIn] = responses[4]!;
      expect(signIn.statusCode).toBe(200);
      expect(signIn.json()).toEqual({
        user: { id: expect.any(String), email: ADMIN_EMAIL, name: expect.any(String) },
      });
      const token = signIn.cookies.find((c) => c.name === 'vaalivahti.session_token')!.value.split('.')[0]!;
      expect(signIn.body).not.toContain(token);
      expect(keysOf(signIn.json())).not.toContain('token');
    });

    it('sets the session cookie HttpOnly and SameSite', () => {
      const [, signIn] = responses[4]!;
      const cookie = signIn.cookies.find((c) => c.name === 'vaalivahti.session_token')!;
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    });

    it('never returns a session token in any JSON body, where a script could read it', async () => {
      const signIn = await t.anonymous.post('/api/v1/auth/sign-in/email', {
        email: ADMIN_EMAIL,
        password: PASSWORD,
      });
      const token = signIn.cookies.find((c) => c.name === 'vaalivahti.session_token')!.value.split('.')[0]!;
      const client = makeClient(t.app, signIn.cookies.map((c) => `${c.name}=${c.value}`).join('; '));
      for (const url of [
        '/api/v1/me',
        '/api/v1/me/sessions',
        '/api/v1/auth/get-session',
        '/api/v1/auth/list-sessions',
      ]) {
        const response = await client.get(url);
        expect(response.body, url).not.toContain(token);
        expect(keysOf(JSON.parse(response.body || 'null')), url).not.toContain('token');
      }
    });

    it('never returns a password or its hash in GET /api/v1/users', async () => {
      const response = await admin.get('/api/v1/users?limit=200');
      expect(response.statusCode).toBe(200);
      const keys = new Set(keysOf(response.json()));
      for (const forbidden of [
        'password',
        'passwordHash',
        'hash',
        'accounts',
        'sessions',
        'emailVerified',
        'image',
        'timeZone',
      ]) {
        expect(keys.has(forbidden), forbidden).toBe(false);
      }
      const hashes = await t.deps.db.selectFrom('accounts').select('password').execute();
      for (const { password } of hashes) expect(response.body).not.toContain(password!);
    });
  });
});
