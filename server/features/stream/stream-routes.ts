import type { FastifyInstance, FastifyRequest } from 'fastify';
import { STREAM_PATH, streamEventIdPattern, streamQuerySchema } from '../../../shared/contracts/stream.js';
import { AppError } from '../../../shared/errors.js';
import type { AppDeps } from '../../context.js';
import { requireActor } from '../../http/actor.js';
import type { RouteApp } from '../../http/zod-app.js';
import { createStreamConnection, type StreamAuth } from './stream-connection.js';
import { createStreamHub, type StreamHub } from './stream-hub.js';
import { latestEventId, visibleEventsAfter } from './stream-queries.js';

/** Missed events replayed on reconnect; more, and the client is told to refetch everything. */
export const REPLAY_LIMIT = 1000;
/** Further behind than this (in event ids) and the replay is not even attempted. */
const REPLAY_SPAN = 100_000;

const hubs = new WeakMap<FastifyInstance, StreamHub>();

/** The process's stream hub, for tests and the benchmark. */
export const streamHubOf = (app: FastifyInstance): StreamHub => {
  const hub = hubs.get(app);
  if (!hub) throw new Error('the stream routes are not registered on this app');
  return hub;
};

const resumePoint = (request: FastifyRequest, fromQuery: string | undefined): number | undefined => {
  // The header wins: a browser's EventSource keeps the URL it was opened with, so after a
  // reconnect of its own the query parameter is stale and the header it sends is current.
  const header = request.headers['last-event-id'];
  const given = typeof header === 'string' && header.trim() !== '' ? header.trim() : fromQuery;
  if (given === undefined) return undefined;
  if (!streamEventIdPattern.test(given))
    throw new AppError('validation_failed', 'Last-Event-ID must be an event id of this stream.');
  return Number(given);
};

const streamAuth = (request: FastifyRequest): StreamAuth => {
  if (request.authMethod === 'token') {
    const token = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '')?.[1];
    if (token) return { kind: 'token', token };
  }
  if (request.sessionId) return { kind: 'session', sessionId: request.sessionId };
  throw new AppError('unauthenticated', 'Sign in first.');
};

export const streamRoutes = (app: RouteApp, deps: AppDeps): void => {
  const hub = createStreamHub({
    db: deps.db,
    // pg keeps the password out of the options' enumerable keys: copy it by name.
    connection: { ...deps.pool.options, password: deps.pool.options.password },
    log: app.log,
    async verifyToken(token) {
      const result = await deps.auth.api.verifyApiKey({ body: { key: token } });
      return result.valid && result.key ? result.key.referenceId : undefined;
    },
  });
  hubs.set(app, hub);
  // Open streams never end by themselves: end them as shutdown begins, or it would wait for them.
  app.addHook('preClose', async () => hub.closeAll());
  app.addHook('onClose', async () => hub.stop());

  app.get(
    STREAM_PATH,
    {
      schema: {
        tags: ['Live stream'],
        summary: 'Live changes of what you may see (Server-Sent Events)',
        description:
          'text/event-stream. `event: incident` (id: event id; data: {id, incidentId, type, occurredAt}) when an incident you may see changes; `event: notification` when a notification is created for you; `event: threat_level` (data: {electionId, domain}) when a threat level or a proposal of one changes (everyone who may read content); `event: ready` on connect; `event: reset` when more was missed than can be replayed (refetch everything). Reconnect with the Last-Event-ID header or ?lastEventId= to receive what you missed, once and in order. A comment arrives every 25 s.',
        querystring: streamQuerySchema,
        produces: ['text/event-stream'],
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const resumeFrom = resumePoint(request, request.query.lastEventId);
      const auth = streamAuth(request);
      if (hub.closing) throw new AppError('unavailable', 'The server is shutting down; reconnect shortly.');
      await hub.start().catch((error: unknown) => {
        request.log.error({ err: error }, 'the live stream cannot listen to the database');
        throw new AppError('unavailable', 'The live stream is not available right now.');
      });

      const connection = createStreamConnection(actor, auth, resumeFrom ?? 0);
      await hub.add(connection);
      try {
        connection.write('retry: 3000\n\n');
        // Registered first, caught up second, live events held meanwhile: nothing falls between.
        const latest = await latestEventId(deps.db);
        if (resumeFrom === undefined) connection.position('ready', latest);
        else if (resumeFrom > latest || latest - resumeFrom > REPLAY_SPAN)
          connection.position('reset', latest);
        else {
          const missed = await visibleEventsAfter(deps.db, actor, resumeFrom, REPLAY_LIMIT + 1);
          if (missed.length > REPLAY_LIMIT) connection.position('reset', latest);
          else connection.replay(missed);
        }
        connection.goLive();
      } catch (error) {
        connection.close();
        throw error;
      }

      const socket = request.raw.socket;
      reply.raw.once('close', () => connection.close());
      // When shutdown ends the stream, let the connection go too instead of idling in keep-alive.
      reply.raw.once('finish', () => {
        if (hub.closing) socket.end();
      });
      return reply
        .header('content-type', 'text/event-stream; charset=utf-8')
        .header('cache-control', 'no-store')
        .header('x-accel-buffering', 'no')
        .send(connection.stream);
    },
  );
};
