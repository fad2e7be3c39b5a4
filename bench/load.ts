import http from 'node:http';

export interface LoadResult {
  requests: number;
  errors: number;
  seconds: number;
  rps: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
  /** Answers other than 200, by status (0: no answer). */
  failures: Record<number, number>;
}

const percentile = (sorted: number[], p: number): number =>
  sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

/**
 * A closed-loop load: `concurrency` keep-alive connections, each sending the next request when the
 * previous answer has arrived, for `seconds`. Latencies in milliseconds.
 */
export const runLoad = async (
  url: string,
  options: {
    seconds: number;
    concurrency: number;
    headers?: Record<string, string>;
    /** POST this JSON body instead of a GET; success is then 201 as well as 200. */
    body?: string | (() => string);
  },
): Promise<LoadResult> => {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency });
  const latencies: number[] = [];
  let errors = 0;
  const failures: Record<number, number> = {};
  const fail = (status: number) => {
    errors += 1;
    failures[status] = (failures[status] ?? 0) + 1;
  };
  const deadline = performance.now() + options.seconds * 1000;
  const started = performance.now();

  const one = () =>
    new Promise<void>((resolve) => {
      const t0 = performance.now();
      const body = typeof options.body === 'function' ? options.body() : options.body;
      const headers = body
        ? {
            ...options.headers,
            'content-type': 'application/json',
            'content-length': String(Buffer.byteLength(body)),
          }
        : options.headers;
      const req = http.request(url, { agent, headers, method: body ? 'POST' : 'GET' }, (res) => {
        res.resume();
        res.on('end', () => {
          if (res.statusCode !== 200 && res.statusCode !== 201) fail(res.statusCode ?? 0);
          else latencies.push(performance.now() - t0);
          resolve();
        });
      });
      req.on('error', () => {
        fail(0);
        resolve();
      });
      req.end(body);
    });

  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (performance.now() < deadline) await one();
    }),
  );
  agent.destroy();
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    errors,
    seconds,
    rps: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p90: percentile(latencies, 90),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    max: latencies.at(-1) ?? 0,
    failures,
  };
};
