import http from 'node:http';

/**
 * A minimal Server-Sent Events reader over node:http, for the stream's tests and its benchmark
 * (the browser has EventSource; Node 20 has none). It does not reconnect by itself.
 */

export interface SseMessage {
  event: string;
  id: string | undefined;
  data: string;
  /** performance.now() when the message was complete. */
  receivedAt: number;
}

export interface SseClient {
  status: number;
  headers: http.IncomingHttpHeaders;
  messages: SseMessage[];
  /** The raw text received so far (comments included). */
  text(): string;
  /** Resolves once the server has ended the response. */
  ended: Promise<void>;
  readonly isEnded: boolean;
  /** Resolves with the first message (from the start) that matches, or rejects after timeoutMs. */
  waitFor(match: (message: SseMessage) => boolean, timeoutMs?: number): Promise<SseMessage>;
  close(): void;
}

export interface SseOptions {
  headers?: Record<string, string>;
  agent?: http.Agent | false;
  onMessage?(message: SseMessage): void;
}

export const connectSse = (url: string, options: SseOptions = {}): Promise<SseClient> =>
  new Promise((resolve, reject) => {
    const request = http.get(
      url,
      { headers: { accept: 'text/event-stream', ...options.headers }, agent: options.agent ?? false },
      (response) => {
        const messages: SseMessage[] = [];
        const waiters = new Set<() => void>();
        let raw = '';
        let pending = '';
        let isEnded = false;
        let endResolve!: () => void;
        const ended = new Promise<void>((r) => (endResolve = r));
        const finish = () => {
          isEnded = true;
          endResolve();
          for (const waiter of waiters) waiter();
        };
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          raw += chunk;
          pending += chunk;
          let end: number;
          while ((end = pending.indexOf('\n\n')) >= 0) {
            const block = pending.slice(0, end);
            pending = pending.slice(end + 2);
            let event = 'message';
            let id: string | undefined;
            const data: string[] = [];
            let any = false;
            for (const line of block.split('\n')) {
              if (line.startsWith(':')) continue;
              const colon = line.indexOf(':');
              const field = colon < 0 ? line : line.slice(0, colon);
              const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
              if (field === 'event') event = value;
              else if (field === 'id') id = value;
              else if (field === 'data') data.push(value);
              else continue;
              any = true;
            }
            if (!any || data.length === 0) continue;
            const message = { event, id, data: data.join('\n'), receivedAt: performance.now() };
            messages.push(message);
            options.onMessage?.(message);
          }
          for (const waiter of waiters) waiter();
        });
        response.on('end', finish);
        response.on('close', finish);
        response.on('error', finish);

        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          messages,
          text: () => raw,
          ended,
          get isEnded() {
            return isEnded;
          },
          waitFor(match, timeoutMs = 10_000) {
            return new Promise((resolveWait, rejectWait) => {
              const check = () => {
                const found = messages.find(match);
                if (found) {
                  done();
                  resolveWait(found);
                } else if (isEnded) {
                  done();
                  rejectWait(new Error(`the stream ended first; received:\n${raw}`));
                }
              };
              const timer = setTimeout(() => {
                done();
                rejectWait(new Error(`no matching message within ${timeoutMs} ms; received:\n${raw}`));
              }, timeoutMs);
              const done = () => {
                clearTimeout(timer);
                waiters.delete(check);
              };
              waiters.add(check);
              check();
            });
          },
          close() {
            request.destroy();
          },
        });
      },
    );
    request.on('error', reject);
  });
