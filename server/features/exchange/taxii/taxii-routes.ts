import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../../context.js';
import { parseStrictJson } from '../../../http/json-body.js';
import type { AuditSource } from '../../audit/audit-log.js';
import { authenticatePartner, type TaxiiPartner } from './taxii-auth.js';
import { handleTaxiiError, sendTaxiiError, TaxiiError } from './taxii-errors.js';
import { parseObjectFilters } from './taxii-filters.js';
import { acceptsTaxii, isTaxiiContentType, TAXII_MEDIA_TYPE } from './taxii-media.js';
import { findPartnerStatus, partnerCollections } from './taxii-queries.js';
import {
  addObjects,
  apiRootResource,
  collectionResource,
  discoveryResource,
  getManifest,
  getObject,
  getObjects,
  getVersions,
  loadCollection,
  MAX_CONTENT_LENGTH,
  statusResource,
  type TaxiiAnswer,
} from './taxii-service.js';

type Query = Record<string, string | string[] | undefined>;
type Params = Record<string, string>;

const API_ROOT = '/vaalivahti';

const partnerOf = (request: FastifyRequest): TaxiiPartner => {
  if (!request.partner) throw new TaxiiError(401, 'unauthenticated', 'Send a partner token.');
  return request.partner;
};

/** As a Buffer, so that Fastify sends the media type exactly as the standard writes it (no charset added). */
const send = (reply: FastifyReply, status: number, body: unknown) =>
  reply
    .status(status)
    .header('content-type', TAXII_MEDIA_TYPE)
    .send(Buffer.from(typeof body === 'string' ? body : JSON.stringify(body), 'utf8'));

const sendAnswer = (reply: FastifyReply, answer: TaxiiAnswer) => {
  if (answer.dateAddedFirst) reply.header('x-taxii-date-added-first', answer.dateAddedFirst);
  if (answer.dateAddedLast) reply.header('x-taxii-date-added-last', answer.dateAddedLast);
  return send(reply, 200, answer.body);
};

const partnerAudit = (request: FastifyRequest): AuditSource => ({
  requestId: request.id,
  sourceIp: request.ip,
  actorUserId: null,
  actorOrganisationId: null,
});

/**
 * The TAXII 2.1 server (issue 6), an encapsulated plugin under /taxii2/: its own authentication
 * (partner tokens, never user sessions), media types, body parser and error messages. Only the
 * partner's own collections exist for it; objects above the agreement's ceiling are never served.
 */
export const taxiiServer = (deps: AppDeps) => async (app: FastifyInstance) => {
  app.decorateRequest('partner', null);
  // TAXII is specified by OASIS, not by our OpenAPI document.
  app.addHook('onRoute', (route) => {
    route.schema = { ...route.schema, hide: true };
  });
  app.setErrorHandler(handleTaxiiError);
  app.setNotFoundHandler((request, reply) =>
    sendTaxiiError(reply, request, 404, 'not_found', 'No such TAXII resource.'),
  );
  app.addContentTypeParser(
    'application/taxii+json',
    { parseAs: 'buffer', bodyLimit: MAX_CONTENT_LENGTH },
    (_request, body, done) => {
      try {
        done(null, parseStrictJson(body as Buffer));
      } catch (error) {
        done(error as Error, undefined);
      }
    },
  );

  // Before the body is read: who is asking, and whether they speak TAXII 2.1.
  app.addHook('onRequest', async (request) => {
    request.partner = await authenticatePartner(deps.db, request, new Date());
    if (!acceptsTaxii(request.headers.accept)) {
      throw new TaxiiError(406, 'not_acceptable', `Accept must include ${TAXII_MEDIA_TYPE}.`);
    }
    if (request.method === 'POST' && !isTaxiiContentType(request.headers['content-type'])) {
      throw new TaxiiError(415, 'unsupported_media_type', `Send the body as ${TAXII_MEDIA_TYPE}.`);
    }
  });

  app.get('/', async (_request, reply) => send(reply, 200, discoveryResource()));
  app.get(`${API_ROOT}/`, async (_request, reply) => send(reply, 200, apiRootResource()));

  app.get(`${API_ROOT}/status/:statusId/`, async (request, reply) => {
    const { statusId } = request.params as Params;
    const row = await findPartnerStatus(deps.db, partnerOf(request).id, statusId!);
    if (!row) throw new TaxiiError(404, 'not_found', 'No such status.');
    return send(reply, 200, statusResource(row));
  });

  app.get(`${API_ROOT}/collections/`, async (request, reply) => {
    const rows = await partnerCollections(deps.db, partnerOf(request).id);
    return send(reply, 200, rows.length > 0 ? { collections: rows.map(collectionResource) } : {});
  });

  app.get(`${API_ROOT}/collections/:collectionId/`, async (request, reply) => {
    const { collectionId } = request.params as Params;
    return send(
      reply,
      200,
      collectionResource(await loadCollection(deps.db, partnerOf(request), collectionId!, 'any')),
    );
  });

  app.get(`${API_ROOT}/collections/:collectionId/objects/`, async (request, reply) => {
    const partner = partnerOf(request);
    const { collectionId } = request.params as Params;
    const collection = await loadCollection(deps.db, partner, collectionId!, 'read');
    const filters = parseObjectFilters(request.query as Query, { id: true, type: true, version: true });
    return sendAnswer(reply, await getObjects(deps.db, partner, collection, filters));
  });

  app.post(
    `${API_ROOT}/collections/:collectionId/objects/`,
    { bodyLimit: MAX_CONTENT_LENGTH },
    async (request, reply) => {
      const partner = partnerOf(request);
      const { collectionId } = request.params as Params;
      const collection = await loadCollection(deps.db, partner, collectionId!, 'write');
      const { id } = await addObjects(deps.db, partner, collection, request.body, partnerAudit(request));
      const row = await findPartnerStatus(deps.db, partner.id, id);
      return send(reply, 202, statusResource(row!));
    },
  );

  app.get(`${API_ROOT}/collections/:collectionId/objects/:objectId/`, async (request, reply) => {
    const partner = partnerOf(request);
    const { collectionId, objectId } = request.params as Params;
    const collection = await loadCollection(deps.db, partner, collectionId!, 'read');
    const filters = parseObjectFilters(request.query as Query, { id: false, type: false, version: true });
    return sendAnswer(reply, await getObject(deps.db, partner, collection, objectId!, filters));
  });

  // §5.7: DELETE exists only where a client may both read and write; a partner's collections are
  // one or the other, so a partner may never delete (403, the code the table gives for that case).
  app.delete(`${API_ROOT}/collections/:collectionId/objects/:objectId/`, async (request) => {
    const { collectionId } = request.params as Params;
    await loadCollection(deps.db, partnerOf(request), collectionId!, 'any');
    throw new TaxiiError(
      403,
      'forbidden',
      'Partners may not delete objects: withdrawals are made by the publisher.',
    );
  });

  app.get(`${API_ROOT}/collections/:collectionId/objects/:objectId/versions/`, async (request, reply) => {
    const partner = partnerOf(request);
    const { collectionId, objectId } = request.params as Params;
    const collection = await loadCollection(deps.db, partner, collectionId!, 'read');
    const filters = parseObjectFilters(request.query as Query, { id: false, type: false, version: false });
    return sendAnswer(reply, await getVersions(deps.db, partner, collection, objectId!, filters));
  });

  app.get(`${API_ROOT}/collections/:collectionId/manifest/`, async (request, reply) => {
    const partner = partnerOf(request);
    const { collectionId } = request.params as Params;
    const collection = await loadCollection(deps.db, partner, collectionId!, 'read');
    const filters = parseObjectFilters(request.query as Query, { id: true, type: true, version: true });
    return sendAnswer(reply, await getManifest(deps.db, partner, collection, filters));
  });
};

/** Registers the TAXII server on /taxii2/ (called from buildApp). */
export const registerTaxiiServer = async (app: FastifyInstance, deps: AppDeps): Promise<void> => {
  await app.register(taxiiServer(deps), { prefix: '/taxii2' });
};
