import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import type { Tlp } from '../../shared/access/tlp.js';
import type {
  CreatedPartnerToken,
  CreatePartner,
  Partner,
} from '../../shared/contracts/exchange-partners.js';
import { markSiblings } from '../../server/features/exchange/releases/release-publish.js';
import type { Client, TestApp } from './app.js';

export const TAXII = 'application/taxii+json;version=2.1';
export const API_ROOT = '/taxii2/vaalivahti';

/** A partner agreement made through the API by a coordinator. */
export const makePartner = async (client: Client, body: Partial<CreatePartner> = {}): Promise<Partner> => {
  const response = await client.post('/api/v1/exchange/partners', {
    name: `Partner ${Math.random().toString(36).slice(2, 8)}`,
    tlpCeiling: 'amber',
    recordTypes: ['incident', 'sitrep'],
    ...body,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as Partner;
};

export const makePartnerToken = async (client: Client, partnerId: string): Promise<CreatedPartnerToken> => {
  const response = await client.post(`/api/v1/exchange/partners/${partnerId}/tokens`, {
    name: 'TAXII client',
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as CreatedPartnerToken;
};

export const outboundOf = (partner: Partner) => partner.collections.find((c) => c.canRead)!;
export const inboundOf = (partner: Partner) => partner.collections.find((c) => c.canWrite);

/** A TAXII client of the test app: the partner's token, the TAXII media type. */
export const taxiiClient = (t: TestApp, token: string | null) => {
  const headers = (extra: Record<string, string | undefined> = {}) => {
    const all: Record<string, string | undefined> = {
      accept: TAXII,
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...extra,
    };
    return Object.fromEntries(Object.entries(all).filter(([, v]) => v !== undefined)) as Record<
      string,
      string
    >;
  };
  return {
    get: (url: string, extra?: Record<string, string | undefined>) =>
      t.app.inject({ method: 'GET', url, headers: headers(extra) }),
    delete: (url: string, extra?: Record<string, string | undefined>) =>
      t.app.inject({ method: 'DELETE', url, headers: headers(extra) }),
    post: (url: string, body: unknown, extra?: Record<string, string | undefined>) =>
      t.app.inject({
        method: 'POST',
        url,
        headers: headers({ 'content-type': TAXII, ...extra }),
        payload: typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body),
      }),
  };
};

/** A TAXII error message (§3.6.1) with the status, in the TAXII media type. */
export const expectTaxiiError = (response: LightMyRequestResponse, status: number) => {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers['content-type']).toBe(TAXII);
  const body = response.json() as Record<string, unknown>;
  expect(body).toMatchObject({
    title: expect.any(String),
    description: expect.any(String),
    error_id: response.headers['x-request-id'],
    error_code: expect.any(String),
    http_status: String(status),
  });
  return body;
};

interface MedallionCollection {
  id: string;
  objects: Record<string, unknown>[];
  manifest: { id: string; date_added: string; version: string; media_type: string }[];
}

/** The "High Value Indicator Collection" of medallion's test data (test/fixtures/stix/taxii-server). */
export const medallionCollection = (): MedallionCollection => {
  const file = path.join(import.meta.dirname, '..', 'fixtures', 'stix', 'taxii-server', 'default_data.json');
  const data = JSON.parse(readFileSync(file, 'utf8')) as {
    trustgroup1: { collections: MedallionCollection[] };
  };
  return data.trustgroup1.collections.find((c) => c.id === '91a7b528-80eb-42ed-a74d-c6fbd5a26116')!;
};

/**
 * Stores objects straight into a collection, as releases would, with their date added (and
 * marking) given: for tests of the TAXII server's filtering and paging.
 */
export const storeTaxiiObjects = async (
  t: TestApp,
  collectionId: string,
  rows: { object: Record<string, unknown>; dateAdded: string; mediaType?: string; tlp?: Tlp }[],
) => {
  for (const row of rows) {
    const o = row.object;
    const version = (o.modified ?? o.created ?? row.dateAdded) as string;
    const specVersion = row.mediaType?.endsWith('2.0')
      ? '2.0'
      : ((o.spec_version as string | undefined) ?? '2.1');
    await t.deps.db
      .insertInto('taxiiObjects')
      .values({
        collectionId,
        stixId: o.id as string,
        type: o.type as string,
        specVersion,
        version,
        versionAt: version,
        mediaType: row.mediaType ?? 'application/stix+json;version=2.1',
        tlp: row.tlp ?? 'clear',
        dateAdded: row.dateAdded as unknown as Date,
        object: JSON.stringify(o),
      })
      .execute();
  }
  await markSiblings(
    t.deps.db,
    collectionId,
    rows.map((row) => row.object.id as string),
  );
};

/** The medallion collection's objects with the date each version was added. */
export const medallionRows = () => {
  const collection = medallionCollection();
  return collection.manifest.map((entry) => {
    const object = collection.objects.find(
      (o) => o.id === entry.id && ((o.modified ?? o.created) as string) === entry.version,
    );
    if (!object) throw new Error(`no object for ${entry.id} ${entry.version}`);
    return { object, dateAdded: entry.date_added, mediaType: entry.media_type };
  });
};
