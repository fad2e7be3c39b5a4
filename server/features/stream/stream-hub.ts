import type { FastifyBaseLogger } from 'fastify';
import type pg from 'pg';
import { can, type Actor } from '../../../shared/access/roles.js';
import type { Db } from '../../db/connection.js';
import { CHANGES_CHANNEL } from '../incidents/incident-events.js';
import { THREAT_LEVELS_CHANNEL, threatLevelFrame } from '../threat-levels/threat-level-live.js';
import type { StreamConnection } from './stream-connection.js';
import { createChangeListener, type ChangeListener } from './stream-listener.js';
import {
  actorsOfSessions,
  actorsOfUsers,
  eventsWithRecipients,
  latestEventId,
  type CurrentActor,
} from './stream-queries.js';

/** Announces, with the user's id only, that a notification was created for them (migration 0007). */
export const NOTIFICATIONS_CHANNEL = 'vaalivahti_notifications';

export interface HubOptions {
  db: Db;
  /** The pool's connection settings: the listener connects with them. */
  connection: pg.ClientConfig;
  log: FastifyBaseLogger;
  /** The user id behind a still-valid API token, or undefined. */
  verifyToken(token: string): Promise<string | undefined>;
  /** Notifications arriving within this many ms are fetched in one query. */
  batchMs?: number;
  heartbeatMs?: number;
  recheckMs?: number;
}

export interface StreamHub {
  /** Idempotent; the first connection starts the hub. */
  start(): Promise<void>;
  /**
   * Registers a connection for live events. It is added between two dispatches, never during one,
   * so an event is either dispatched to it or fetched by a later dispatch.
   */
  add(connection: StreamConnection): Promise<void>;
  /** The newest event id dispatched (or known to need no dispatch). */
  readonly dispatchedUpTo: number;
  readonly size: number;
  /** Checks every connection's session or token and actor now (as the periodic check does). */
  recheck(): Promise<void>;
  /** Ends every open stream and refuses new ones: the server is shutting down. */
  closeAll(): void;
  readonly closing: boolean;
  stop(): Promise<void>;
}

const BATCH_LIMIT = 1000;

const actorKey = (actor: Actor) =>
  `${actor.userId}|${actor.organisationId}|${[...actor.roles].sort().join(',')}|${[...actor.communityIds].sort().join(',')}`;

/**
 * The live stream of one server process: a LISTEN connection, the open SSE connections with their
 * actors, and the dispatch of committed incident events to those who may see them (decided in
 * SQL, one query per batch for every connection at once).
 */
export const createStreamHub = (options: HubOptions): StreamHub => {
  const { db, log } = options;
  const connections = new Set<StreamConnection>();
  const joining: (() => void)[] = [];
  let listener: ChangeListener | undefined;
  let starting: Promise<void> | undefined;
  let lastSeen = 0;
  let notifiedUpTo = 0;
  let timer: NodeJS.Timeout | undefined;
  let dispatching = false;
  let again = false;
  let closing = false;
  const intervals: NodeJS.Timeout[] = [];

  const admitJoining = () => {
    for (const admit of joining.splice(0)) admit();
  };

  const dispatchOnce = async (): Promise<boolean> => {
    if (connections.size === 0) {
      lastSeen = Math.max(lastSeen, notifiedUpTo);
      return false;
    }
    const groups = new Map<string, { actor: Actor; members: StreamConnection[] }>();
    for (const connection of connections) {
      const key = actorKey(connection.actor);
      const group = groups.get(key);
      if (group) group.members.push(connection);
      else groups.set(key, { actor: connection.actor, members: [connection] });
    }
    const list = [...groups.values()];
    const batch = await eventsWithRecipients(
      db,
      lastSeen,
      list.map((group) => group.actor),
      BATCH_LIMIT,
    );
    for (const { event, recipients } of batch.events)
      for (const key of recipients) for (const connection of list[key]!.members) connection.deliver(event);
    lastSeen = Math.max(batch.lastId, lastSeen);
    return batch.events.length === BATCH_LIMIT;
  };

  const dispatch = async () => {
    timer = undefined;
    dispatching = true;
    try {
      do {
        again = false;
        if (await dispatchOnce()) again = true;
        admitJoining();
      } while (again && !closing);
    } catch (error) {
      log.error({ err: error }, 'stream dispatch failed; retrying');
      admitJoining();
      if (!closing) {
        timer = setTimeout(() => void dispatch(), 1000);
        timer.unref();
      }
    } finally {
      dispatching = false;
    }
  };

  const schedule = () => {
    if (dispatching) {
      again = true;
      return;
    }
    if (timer || closing) return;
    timer = setTimeout(() => void dispatch(), options.batchMs ?? 5);
  };

  const onNotification = (channel: string, payload: string) => {
    if (channel === NOTIFICATIONS_CHANNEL) {
      for (const connection of connections)
        if (connection.actor.userId === payload) connection.write('event: notification\ndata: {}\n\n');
      return;
    }
    if (channel === THREAT_LEVELS_CHANNEL) {
      // A group-level assessment, not a marked record: everyone who reads content is told.
      const frame = threatLevelFrame(payload);
      if (frame)
        for (const connection of connections)
          if (can(connection.actor, 'content.read')) connection.write(frame);
      return;
    }
    try {
      const id = Number((JSON.parse(payload) as { id?: unknown }).id);
      if (Number.isSafeInteger(id)) notifiedUpTo = Math.max(notifiedUpTo, id);
    } catch {
      // The payload only hints; the dispatch reads the events themselves.
    }
    schedule();
  };

  const checkOne = (connection: StreamConnection, current: CurrentActor | undefined) => {
    if (!current || current.restricted) connection.close();
    else connection.actor = current.actor;
  };

  const recheck = async () => {
    const open = [...connections].filter((c) => !c.closed);
    const bySession = await actorsOfSessions(
      db,
      open.flatMap((c) => (c.auth.kind === 'session' ? [c.auth.sessionId] : [])),
    );
    const tokens = [...new Set(open.flatMap((c) => (c.auth.kind === 'token' ? [c.auth.token] : [])))];
    const tokenUsers = new Map<string, string | undefined>();
    for (const token of tokens)
      tokenUsers.set(token, await options.verifyToken(token).catch(() => undefined));
    const byUser = await actorsOfUsers(db, [
      ...new Set([...tokenUsers.values()].filter((id): id is string => id !== undefined)),
    ]);
    for (const connection of open) {
      if (connection.auth.kind === 'session') checkOne(connection, bySession.get(connection.auth.sessionId));
      else {
        const userId = tokenUsers.get(connection.auth.token);
        checkOne(connection, userId === undefined ? undefined : byUser.get(userId));
      }
    }
  };

  const start = async () => {
    const next = createChangeListener({
      connection: options.connection,
      channels: [CHANGES_CHANNEL, NOTIFICATIONS_CHANNEL, THREAT_LEVELS_CHANNEL],
      log,
      onNotification,
      onConnected: schedule,
    });
    // Listen first, then take the position: an event committed in between is both announced and
    // newer than lastSeen, so it is dispatched; no event can fall between the two.
    await next.start();
    try {
      lastSeen = await latestEventId(db);
    } catch (error) {
      await next.stop();
      throw error;
    }
    listener = next;
    const every = (ms: number, task: () => void) => {
      const interval = setInterval(task, ms);
      interval.unref();
      intervals.push(interval);
    };
    every(options.heartbeatMs ?? 25_000, () => {
      for (const connection of connections) connection.write(': heartbeat\n\n');
    });
    every(options.recheckMs ?? 60_000, () => {
      recheck().catch((error: unknown) => log.error({ err: error }, 'stream session check failed'));
    });
  };

  return {
    start() {
      starting ??= start().catch((error: unknown) => {
        starting = undefined;
        throw error;
      });
      return starting;
    },
    add(connection) {
      const admit = () => {
        if (closing) connection.close();
        if (connection.closed) return;
        connections.add(connection);
        connection.onClose(() => connections.delete(connection));
      };
      if (!dispatching) {
        admit();
        return Promise.resolve();
      }
      return new Promise<void>((resolve) =>
        joining.push(() => {
          admit();
          resolve();
        }),
      );
    },
    get dispatchedUpTo() {
      return lastSeen;
    },
    get size() {
      return connections.size;
    },
    recheck,
    closeAll() {
      closing = true;
      for (const connection of [...connections]) connection.close();
      admitJoining();
    },
    get closing() {
      return closing;
    },
    async stop() {
      closing = true;
      clearTimeout(timer);
      for (const interval of intervals.splice(0)) clearInterval(interval);
      for (const connection of [...connections]) connection.close();
      await listener?.stop();
      listener = undefined;
    },
  };
};
