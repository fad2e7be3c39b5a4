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
 *
 * With `rate`, an open-loop load instead: requests are sent at that fixed rate (per second) however
 * slowly the answers come, on up to `concurrency` connections, and each latency counts from the
 * moment its request was due — so a stall is charged to every request it delays (no coordinated
 * omission). This is how many users who each act on their own load a server.
 */
export const runLoad = async (
  url: string,
  options: {
    seconds: number;
    concurrency: number;
    headers?: Record<string, string>;
    /** POST this JSON body instead of a GET; success is then 201 as well as 200. */
    body?: string | (() => string);
    /** Requests per second, open loop (see above). */
    rate?: number;
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

  const one = (due = performance.now()) =>
    new Promise<void>((resolve) => {
      const t0 = due;
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

  if (options.rate) {
    const interval = 1000 / options.rate;
    const pending: Promise<void>[] = [];
    for (let n = 0; ; n += 1) {
      const due = started + n * interval;
      if (due >= deadline) break;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      pending.push(one(due));
    }
    await Promise.all(pending);
  } else {
    await Promise.all(
      Array.from({ length: options.concurrency }, async () => {
        while (performance.now() < deadline) await one();
      }),
    );
  }
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
