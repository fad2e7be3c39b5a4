import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_EMAIL, BASE_URL, PASSWORD, createTestApp, type TestApp } from '../helpers/app.js';

interface Operation {
  summary?: string;
  tags?: string[];
  security?: unknown[];
  parameters?: { in: string; name: string; schema?: unknown }[];
  requestBody?: { content?: Record<string, { schema?: Record<string, unknown> }> };
  responses?: Record<string, { content?: Record<string, { schema?: Record<string, unknown> }> }>;
}
interface Document {
  openapi: string;
  info: { title: string; version: string };
  servers?: { url: string }[];
  components?: {
    securitySchemes?: Record<string, { type: string; in?: string; name?: string; scheme?: string }>;
  };
  security?: unknown[];
  paths: Record<string, Record<string, Operation>>;
}

const methods = ['get', 'put', 'post', 'patch', 'delete', 'head', 'options'];

describe('OpenAPI document and readable docs', () => {
  let t: TestApp;
  let doc: Document;
  let operations: [string, string, Operation][];

  const requestSchema = (path: string, method: string) =>
    doc.paths[path]?.[method]?.requestBody?.content?.['application/json']?.schema;
  const responseSchema = (path: string, method: string, status: string) =>
    doc.paths[path]?.[method]?.responses?.[status]?.content?.['application/json']?.schema;

  beforeAll(async () => {
    t = await createTestApp();
    const response = await t.anonymous.get('/api/v1/openapi.json');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    doc = response.json() as Document;
    operations = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([method]) => methods.includes(method))
        .map(([method, op]) => [path, method, op] as [string, string, Operation]),
    );
  });
  afterAll(() => t.close());

  it('is OpenAPI 3.1 with a title, the version and this server', () => {
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(doc.info).toMatchObject({ title: expect.any(String), version: 'test' });
    expect(doc.servers).toEqual([{ url: BASE_URL }]);
  });

  it.each([
    ['/api/v1/me', 'get', null, '200'],
    ['/api/v1/me', 'patch', 'body', '200'],
    ['/api/v1/organisations', 'get', null, '200'],
    ['/api/v1/organisations', 'post', 'body', '201'],
    ['/api/v1/organisations/{id}', 'patch', 'body', '200'],
    ['/api/v1/users', 'get', null, '200'],
    ['/api/v1/users', 'post', 'body', '201'],
    ['/api/v1/users/{id}', 'patch', 'body', '200'],
    ['/api/v1/users/{id}/reset-password', 'post', null, '200'],
    ['/api/v1/communities', 'get', null, '200'],
    ['/api/v1/communities', 'post', 'body', '201'],
    ['/api/v1/communities/{id}', 'patch', 'body', '200'],
    ['/api/v1/audit', 'get', null, '200'],
    ['/api/v1/audit/verify', 'get', null, '200'],
    ['/api/v1/auth/sign-in/email', 'post', 'body', '200'],
  ])('documents %s %s with its request and response schemas', (path, method, body, status) => {
    expect(doc.paths[path]?.[method], `${method} ${path}`).toBeDefined();
    if (body) {
      expect(requestSchema(path, method)).toMatchObject({ type: 'object', properties: expect.any(Object) });
    }
    expect(responseSchema(path, method, status)).toMatchObject({
      type: 'object',
      properties: expect.any(Object),
    });
  });

  it('describes the request bodies precisely: required fields, bounds, and no unknown fields', () => {
    const createUser = requestSchema('/api/v1/users', 'post')!;
    expect(createUser).toMatchObject({
      required: expect.arrayContaining(['name', 'email', 'organisationId', 'roles']),
      additionalProperties: false,
      properties: {
        password: { type: 'string', minLength: 12 },
        roles: {
          type: 'array',
          minItems: 1,
          items: { enum: ['admin', 'coordinator', 'analyst', 'reporter', 'viewer'] },
        },
      },
    });
    expect(requestSchema('/api/v1/auth/sign-in/email', 'post')).toMatchObject({
      required: expect.arrayContaining(['email', 'password']),
      properties: { email: expect.any(Object), password: expect.any(Object) },
    });
  });

  it('documents what a response holds and nothing secret', () => {
    const me = responseSchema('/api/v1/me', 'get', '200')!;
    expect(Object.keys(me.properties as object)).toEqual(
      expect.arrayContaining(['id', 'email', 'roles', 'organisation', 'communities']),
    );
    const signIn = JSON.stringify(responseSchema('/api/v1/auth/sign-in/email', 'post', '200'));
    expect(signIn).not.toMatch(/"token"/);
    const user = JSON.stringify(responseSchema('/api/v1/users', 'get', '200'));
    expect(user).not.toMatch(/"password"|"hash"/);
  });

  it('documents the query parameters of the lists and the path parameters', () => {
    const names = (path: string, where: string) =>
      (doc.paths[path]?.get?.parameters ?? []).filter((p) => p.in === where).map((p) => p.name);
    expect(names('/api/v1/users', 'query')).toEqual(
      expect.arrayContaining(['q', 'organisationId', 'cursor', 'limit']),
    );
    expect(names('/api/v1/audit', 'query')).toEqual(
      expect.arrayContaining(['action', 'actorUserId', 'targetId', 'from', 'to', 'cursor', 'limit']),
    );
    expect(names('/api/v1/users/{id}', 'path')).toEqual(['id']);
  });

  it('gives every operation a summary and a tag, and writes paths in OpenAPI form', () => {
    expect(operations.length).toBeGreaterThan(20);
    for (const [path, method, op] of operations) {
      expect(op.summary?.trim(), `${method} ${path}`).toBeTruthy();
      expect(op.tags?.length, `${method} ${path}`).toBeGreaterThan(0);
      expect(path, `${method} ${path}`).not.toMatch(/\/:|\*/);
    }
  });

  it('leaves out internal routes: the auth relay, the metrics and the documents themselves', () => {
    const paths = Object.keys(doc.paths);
    expect(
      paths.filter(
        (p) =>
          p.includes('*') || p.startsWith('/api/docs') || p === '/metrics' || p === '/api/v1/openapi.json',
      ),
    ).toEqual([]);
  });

  it('names the session cookie as the server actually sets it', async () => {
    expect(doc.components?.securitySchemes).toMatchObject({
      session: { type: 'apiKey', in: 'cookie' },
      token: { type: 'http', scheme: 'bearer' },
    });
    const signIn = await t.anonymous.post('/api/v1/auth/sign-in/email', {
      email: ADMIN_EMAIL,
      password: PASSWORD,
    });
    expect(signIn.cookies.map((c) => c.name)).toContain(doc.components!.securitySchemes!.session!.name);
  });

  it('marks the operations that need no sign-in as open to anyone', () => {
    for (const [path, method] of [
      ['/api/v1/auth/sign-in/email', 'post'],
      ['/api/v1/config', 'get'],
      ['/healthz', 'get'],
      ['/readyz', 'get'],
    ] as const) {
      expect(doc.paths[path]?.[method]?.security, `${method} ${path}`).toEqual([]);
    }
    expect(doc.security).toEqual(expect.arrayContaining([{ session: [] }, { token: [] }]));
  });

  it('serves the readable docs at /api/docs as HTML without sign-in', async () => {
    let response = await t.anonymous.get('/api/docs');
    for (let hops = 0; response.statusCode >= 300 && response.statusCode < 400 && hops < 5; hops += 1) {
      response = await t.anonymous.get(
        new URL(String(response.headers.location), `${BASE_URL}/api/docs`).pathname,
      );
    }
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.body).toMatch(/<html/i);
  });
});
