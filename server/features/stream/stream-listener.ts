import pg from 'pg';
import type { FastifyBaseLogger } from 'fastify';

export interface ListenerOptions {
  connection: pg.ClientConfig;
  channels: readonly string[];
  log: FastifyBaseLogger;
  onNotification(channel: string, payload: string): void;
  /** Called after every (re)connection: notifications sent meanwhile are lost, so catch up. */
  onConnected(): void;
}

export interface ChangeListener {
  /** Connects and listens; rejects if the first connection fails. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

const MIN_BACKOFF_MS = 200;
const MAX_BACKOFF_MS = 10_000;

/**
 * One dedicated connection per process that LISTENs (a pooled connection cannot: LISTEN belongs
 * to the session). If it drops, it reconnects with backoff and the owner catches up from the
 * last event id it has seen.
 */
export const createChangeListener = (options: ListenerOptions): ChangeListener => {
  let client: pg.Client | undefined;
  let stopped = false;
  let backoff = MIN_BACKOFF_MS;
  let retry: NodeJS.Timeout | undefined;

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ ...options.connection, application_name: 'vaalivahti-stream' });
    // Until 'end' arrives, an error only tells what 'end' will tell again.
    next.on('error', (error) => {
      if (!stopped)
        options.log.warn({ err: { message: error.message } }, 'stream listener connection failed');
    });
    next.on('notification', (message) => options.onNotification(message.channel, message.payload ?? ''));
    next.on('end', () => {
      if (client !== next || stopped) return;
      client = undefined;
      scheduleReconnect();
    });
    try {
      await next.connect();
      for (const channel of options.channels) await next.query(`listen ${pg.escapeIdentifier(channel)}`);
    } catch (error) {
      await next.end().catch(() => undefined);
      throw error;
    }
    if (stopped) {
      await next.end().catch(() => undefined);
      return;
    }
    client = next;
    backoff = MIN_BACKOFF_MS;
    options.onConnected();
  };

  const scheduleReconnect = () => {
    if (stopped || retry) return;
    const delay = backoff;
    backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
    retry = setTimeout(() => {
      retry = undefined;
      connect().then(
        () => options.log.info('stream listener reconnected'),
        (error: Error) => {
          options.log.warn(
            { err: { message: error.message }, retryInMs: backoff },
            'stream listener reconnect failed',
          );
          scheduleReconnect();
        },
      );
    }, delay);
    retry.unref();
  };

  return {
    start: connect,
    async stop() {
      stopped = true;
      clearTimeout(retry);
      const current = client;
      client = undefined;
      await current?.end().catch(() => undefined);
    },
  };
};
