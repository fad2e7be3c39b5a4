import { PassThrough } from 'node:stream';
import type { Actor } from '../../../shared/access/roles.js';
import type { IncidentStreamEvent, StreamEventName } from '../../../shared/contracts/stream.js';

/** How the connection signed in: it is checked again while the stream is open. */
export type StreamAuth = { kind: 'session'; sessionId: string } | { kind: 'token'; token: string };

/** A client that far behind is cut off; it reconnects with Last-Event-ID and catches up. */
const MAX_BUFFERED_BYTES = 1024 * 1024;
/** Live events held while the connection catches up; more and it is cut off the same way. */
const MAX_PENDING_EVENTS = 10_000;

export const sseFrame = (event: StreamEventName, data: unknown, id?: number): string =>
  `${id === undefined ? '' : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

// One event goes to many connections: serialise it once.
const frames = new WeakMap<IncidentStreamEvent, string>();
const incidentFrame = (event: IncidentStreamEvent): string => {
  let frame = frames.get(event);
  if (frame === undefined) {
    frame = sseFrame('incident', event, event.id);
    frames.set(event, frame);
  }
  return frame;
};

let nextConnectionId = 1;

export interface StreamConnection {
  readonly id: number;
  readonly stream: PassThrough;
  readonly auth: StreamAuth;
  actor: Actor;
  readonly closed: boolean;
  /** Writes a frame as it is: the preamble, ready, reset. */
  write(chunk: string): void;
  /** Says where the stream stands (ready or reset): later events must be newer than `id`. */
  position(kind: 'ready' | 'reset', id: number): void;
  /** What the client missed, in id order: written at once. */
  replay(events: readonly IncidentStreamEvent[]): void;
  /** A live incident event: held while catching up, then written once, in id order. */
  deliver(event: IncidentStreamEvent): void;
  /** Ends catching up: the held events newer than what was sent go out, then live ones. */
  goLive(): void;
  /** Ends the response (the client may reconnect); idempotent. */
  close(): void;
  onClose(listener: () => void): void;
}

/**
 * One open SSE response. It starts by catching up (replaying what the client missed) while the
 * hub already hands it live events; those are held and flushed afterwards, skipping ids already
 * sent, so the client sees every event once, in order.
 */
export const createStreamConnection = (actor: Actor, auth: StreamAuth, lastEventId = 0): StreamConnection => {
  const stream = new PassThrough();
  const listeners: (() => void)[] = [];
  let pending: IncidentStreamEvent[] | null = [];
  let lastSentId = lastEventId;
  let closed = false;

  const close = () => {
    if (closed) return;
    closed = true;
    pending = null;
    stream.end();
    for (const listener of listeners.splice(0)) listener();
  };
  const write = (chunk: string) => {
    if (closed) return;
    stream.write(chunk);
    if (stream.writableLength > MAX_BUFFERED_BYTES) close();
  };
  const send = (event: IncidentStreamEvent) => {
    if (event.id <= lastSentId) return;
    lastSentId = event.id;
    write(incidentFrame(event));
  };
  stream.on('close', close);

  return {
    id: nextConnectionId++,
    stream,
    auth,
    actor,
    get closed() {
      return closed;
    },
    write,
    position(kind, id) {
      lastSentId = Math.max(lastSentId, id);
      write(sseFrame(kind, { lastEventId: id }, id));
    },
    replay(events) {
      for (const event of events) send(event);
    },
    deliver(event) {
      if (closed) return;
      if (!pending) return send(event);
      pending.push(event);
      if (pending.length > MAX_PENDING_EVENTS) close();
    },
    goLive() {
      if (!pending) return;
      const held = pending;
      pending = null;
      for (const event of held) send(event);
    },
    close,
    onClose(listener) {
      if (closed) listener();
      else listeners.push(listener);
    },
  };
};
