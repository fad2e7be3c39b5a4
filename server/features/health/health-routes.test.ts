import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_EMAIL, createTestApp, type TestApp } from '../../../test/helpers/app.js';

/** The value of one sample line of Prometheus text, or undefined when there is none. */
const sample = (text: string, name: string, labels: Record<string, string> = {}): number | undefined => {
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})? (\S+)/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = Object.fromEntries(
      [...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]),
    );
    if (Object.entries(labels).every(([k, v]) => present[k] === v)) return Number(match[3]);
  }
  return undefined;
};

describe('health, readiness, metrics and public configuration', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('answers /healthz without sign-in', async () => {
    const response = await t.anonymous.get('/healthz');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
  });

  it('answers /readyz without sign-in while the database answers', async () => {
    const response = await t.anonymous.get('/readyz');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ready' });
  });

  it('answers /readyz with 503 while the database refuses connections, and recovers after', async () => {
    const database = t.database.config.database!;
    const admin = new pg.Client({ ...t.database.config, database: 'postgres' });
    await admin.connect();
    const ignore = () => undefined;
    t.deps.pool.on('error', ignore);
    try {
      await admin.query(`alter database ${database} allow_connections false`);
      await admin.query(
        'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
        [database],
      );
      const down = await t.anonymous.get('/readyz');
      expect(down.statusCode).toBe(503);
      expect(down.json()).toEqual({ status: 'unavailable' });
      expect(down.body).not.toMatch(/postgres|database .* does not allow|connect/i);
    } finally {
      await admin.query(`alter database ${database} allow_connections true`);
      await admin.end();
    }
    expect((await t.anonymous.get('/readyz')).statusCode).toBe(200);
    t.deps.pool.off('error', ignore);
  });

  it('exposes request, latency, database pool and event-loop metrics in Prometheus text format without sign-in', async () => {
    await t.anonymous.get('/healthz');
    await t.anonymous.get('/api/v1/organisations');
    const response = await t.anonymous.get('/metrics');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = response.body;

    expect(text).toMatch(/^# TYPE http_requests_total counter$/m);
    expect(
      sample(text, 'http_requests_total', { method: 'GET', route: '/healthz', status: '200' }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sample(text, 'http_requests_total', { method: 'GET', route: '/api/v1/organisations', status: '401' }),
    ).toBeGreaterThanOrEqual(1);
    expect(text).toMatch(/^# TYPE http_request_duration_seconds histogram$/m);
    expect(
      sample(text, 'http_request_duration_seconds_count', { method: 'GET', route: '/healthz' }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sample(text, 'http_request_duration_seconds_bucket', { route: '/healthz', le: '+Inf' }),
    ).toBeGreaterThanOrEqual(1);
    expect(text).toMatch(/^# TYPE db_pool_connections gauge$/m);
    for (const state of ['total', 'idle', 'waiting']) {
      expect(sample(text, 'db_pool_connections', { state })).toBeGreaterThanOrEqual(0);
    }
    expect(text).toMatch(/^nodejs_eventloop_lag(_p99)?_seconds \S+$/m);
  });

  it('labels request metrics by route pattern, never by the raw path', async () => {
    const admin = await t.signIn(ADMIN_EMAIL);
    await admin.get('/api/v1/organisations/6b0f1e2c-0000-4000-8000-000000000000');
    await t.anonymous.get('/api/v1/no-such-thing/6b0f1e2c-0000-4000-8000-000000000001');
    const text = (await t.anonymous.get('/metrics')).body;
    expect(sample(text, 'http_requests_total', { route: '/api/v1/organisations/:id', status: '404' })).toBe(
      1,
    );
    expect(text).not.toContain('6b0f1e2c-0000-4000-8000-00000000000');
  });

  it('tells the web app, without sign-in, whether this is the demo and which version runs', async () => {
    const response = await t.anonymous.get('/api/v1/config');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ demo: false, version: 'test' });
  });
});
