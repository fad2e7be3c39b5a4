import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_EMAIL,
  createTestApp,
  makeOrganisation,
  makeUser,
  rowCounts,
  type Client,
  type TestApp,
} from '../helpers/app.js';

const TABLES = ['organisations', 'users', 'accounts', 'communities', 'community_members', 'audit_events'];
const MIB = 1024 * 1024;

const validOrganisation = {
  shortName: 'VALID',
  name: { fi: 'Kelvollinen', sv: 'Giltig', en: 'Valid' },
  kind: 'agency',
};
const json = (text: string) => ({ payload: text, headers: { 'content-type': 'application/json' } });

/** A refused request: a 4xx in our shape, nothing of the server's insides, and whatever status and code the case expects. */
const expectCleanRefusal = (response: LightMyRequestResponse, status: number, codes: readonly string[]) => {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  const body = response.json() as Record<string, unknown>;
  expect(codes).toContain(body.code);
  expect(body).toMatchObject({ message: expect.any(String), requestId: response.headers['x-request-id'] });
  expect(Object.keys(body).every((key) => ['code', 'message', 'requestId', 'issues'].includes(key))).toBe(
    true,
  );
  expect(response.body).not.toMatch(/\bat .+:\d+:\d+|\bat [\w.<>]+ \(/);
  expect(response.body.toLowerCase()).not.toMatch(
    /select|insert|update |postgres|relation|syntax error|stack/,
  );
};

interface Case {
  label: string;
  request: Omit<InjectOptions, 'method' | 'url'>;
  status: number;
  codes: readonly string[];
}

interface Shapes {
  valid: Record<string, unknown>;
  overlong: Record<string, unknown>;
  wrongType: Record<string, unknown>;
  /** A valid body as JSON text, with `raw` spliced into the start of one of its strings. */
  withinString: (raw: string) => string;
}

const cases = ({ valid, overlong, wrongType, withinString }: Shapes): Case[] => {
  const validText = JSON.stringify(valid);
  const withExtra = (raw: string) => `${validText.slice(0, -1)},${raw}}`;
  return [
    { label: 'malformed JSON', request: json(validText.slice(0, -1)), status: 400, codes: ['invalid_json'] },
    {
      label: 'JSON with a trailing comma',
      request: json(`${validText.slice(0, -1)},}`),
      status: 400,
      codes: ['invalid_json'],
    },
    {
      label: 'a JSON array instead of an object',
      request: json('[]'),
      status: 400,
      codes: ['validation_failed'],
    },
    { label: 'JSON null', request: json('null'), status: 400, codes: ['validation_failed'] },
    {
      label: 'an empty body declared as JSON',
      request: json(''),
      status: 400,
      codes: ['validation_failed', 'invalid_json'],
    },
    { label: 'a wrong type', request: { payload: wrongType }, status: 400, codes: ['validation_failed'] },
    {
      label: 'an unknown field',
      request: { payload: { ...valid, isAdmin: true } },
      status: 400,
      codes: ['validation_failed'],
    },
    {
      label: 'an overlong string',
      request: { payload: overlong },
      status: 400,
      codes: ['validation_failed'],
    },
    {
      label: 'a body over 1 MiB',
      request: { payload: { ...valid, padding: 'x'.repeat(MIB) } },
      status: 413,
      codes: ['payload_too_large'],
    },
    {
      label: 'invalid UTF-8 bytes',
      request: {
        payload: Buffer.concat([
          Buffer.from(`${validText.slice(0, -1)},"x":"`),
          Buffer.from([0xc3, 0x28, 0xff]),
          Buffer.from('"}'),
        ]),
        headers: { 'content-type': 'application/json' },
      },
      status: 400,
      codes: ['invalid_encoding'],
    },
    {
      label: 'a lone surrogate escape',
      request: json(withinString('\\ud800')),
      status: 400,
      codes: ['invalid_encoding'],
    },
    {
      label: 'a NUL character',
      request: json(withinString('\\u0000')),
      status: 400,
      codes: ['invalid_encoding'],
    },
    {
      label: 'a BEL control character',
      request: json(withinString('\\u0007')),
      status: 400,
      codes: ['invalid_encoding'],
    },
    {
      label: 'a raw control character inside a string',
      request: json(withinString('\u0007')),
      status: 400,
      codes: ['invalid_json', 'invalid_encoding'],
    },
    {
      label: 'a control character in a key',
      request: json(withExtra('"a\\u0000b":1')),
      status: 400,
      codes: ['invalid_encoding', 'invalid_json'],
    },
    {
      label: 'a __proto__ key',
      request: json(withExtra('"__proto__":{"admin":true}')),
      status: 400,
      codes: ['invalid_json'],
    },
    {
      label: 'a nested __proto__ key',
      request: json(withExtra('"meta":{"__proto__":{"admin":true}}')),
      status: 400,
      codes: ['invalid_json'],
    },
    {
      label: 'a constructor.prototype key',
      request: json(withExtra('"constructor":{"prototype":{"admin":true}}')),
      status: 400,
      codes: ['invalid_json'],
    },
    {
      label: 'JSON nested 200,000 levels deep',
      request: json(withExtra(`"deep":${'['.repeat(200_000)}${']'.repeat(200_000)}`)),
      status: 400,
      codes: ['invalid_json', 'validation_failed', 'bad_request'],
    },
    {
      label: 'a text/plain body',
      request: { payload: validText, headers: { 'content-type': 'text/plain' } },
      status: 415,
      codes: ['unsupported_media_type'],
    },
    {
      label: 'a form-encoded body',
      request: { payload: 'shortName=X', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
      status: 415,
      codes: ['unsupported_media_type'],
    },
    {
      label: 'a multipart body',
      request: {
        payload: '--b\r\n\r\nx\r\n--b--',
        headers: { 'content-type': 'multipart/form-data; boundary=b' },
      },
      status: 415,
      codes: ['unsupported_media_type'],
    },
  ];
};

describe('bad input', () => {
  let t: TestApp;
  let admin: Client;
  let userId: string;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.signIn(ADMIN_EMAIL);
    userId = (await makeUser(t, { organisationId: await makeOrganisation(t), roles: ['viewer'] })).id;
  });
  afterAll(() => t.close());

  describe('POST /api/v1/organisations', () => {
    it.each(
      cases({
        valid: validOrganisation,
        overlong: { ...validOrganisation, name: { ...validOrganisation.name, sv: 'å'.repeat(201) } },
        wrongType: { ...validOrganisation, requireTwoFactor: 'yes' },
        withinString: (raw) => JSON.stringify(validOrganisation).replace('"fi":"', `"fi":"${raw}`),
      }),
    )('refuses $label with $status and changes nothing', async ({ request, status, codes }) => {
      const before = await rowCounts(t, TABLES);
      const response = await admin.request({ method: 'POST', url: '/api/v1/organisations', ...request });
      expectCleanRefusal(response, status, codes);
      expect(await rowCounts(t, TABLES)).toEqual(before);
    });

    it('still accepts the valid body that every case above was made from', async () => {
      const response = await admin.post('/api/v1/organisations', validOrganisation);
      expect(response.statusCode, response.body).toBe(201);
    });
  });

  describe('PATCH /api/v1/users/:id', () => {
    const validChange = { name: 'Uusi Nimi', locale: 'sv' };
    it.each(
      cases({
        valid: validChange,
        overlong: { ...validChange, name: 'n'.repeat(201) },
        wrongType: { ...validChange, locale: 7 },
        withinString: (raw) => JSON.stringify(validChange).replace('"name":"', `"name":"${raw}`),
      }),
    )('refuses $label with $status and changes nothing', async ({ request, status, codes }) => {
      const before = await t.deps.db
        .selectFrom('users')
        .selectAll()
        .where('id', '=', userId)
        .executeTakeFirstOrThrow();
      const counts = await rowCounts(t, TABLES);
      const response = await admin.request({ method: 'PATCH', url: `/api/v1/users/${userId}`, ...request });
      expectCleanRefusal(response, status, codes);
      expect(
        await t.deps.db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirstOrThrow(),
      ).toEqual(before);
      expect(await rowCounts(t, TABLES)).toEqual(counts);
    });

    it('still accepts a valid change', async () => {
      const response = await admin.patch(`/api/v1/users/${userId}`, { name: 'Uusi Nimi', locale: 'sv' });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toMatchObject({ name: 'Uusi Nimi', locale: 'sv' });
    });
  });

  it('does not let a refused body pollute the prototype of any object', async () => {
    await admin.request({
      method: 'POST',
      url: '/api/v1/organisations',
      ...json('{"__proto__":{"polluted":true}}'),
    });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
