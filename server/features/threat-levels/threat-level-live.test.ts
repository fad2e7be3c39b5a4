import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_EMAIL,
  createTestApp,
  signedInUser,
  type Client,
  type TestApp,
} from '../../../test/helpers/app.js';
import { connectSse, type SseClient } from '../stream/sse-client.js';
import { threatLevelFrame } from './threat-level-live.js';

let t: TestApp;
let base: string;
const open: SseClient[] = [];

beforeAll(async () => {
  t = await createTestApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const address = t.app.server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
afterAll(async () => {
  for (const client of open) client.close();
  await t?.close();
});

const connectAs = async (client: Client) => {
  const stream = await connectSse(`${base}/api/v1/stream`, { headers: { cookie: client.cookie! } });
  open.push(stream);
  expect(stream.status, stream.text()).toBe(200);
  await stream.waitFor((m) => m.event === 'ready');
  return stream;
};
const threatEvents = (stream: SseClient) =>
  stream.messages.filter((m) => m.event === 'threat_level').map((m) => JSON.parse(m.data) as unknown);

describe('the live threat_level event', () => {
  it('reaches every open stream that may read content, whatever its organisation, and no admin-only one', async () => {
    const coordinator = await signedInUser(t, ['coordinator']);
    const analyst = await signedInUser(t, ['analyst']);
    const viewer = await signedInUser(t, ['viewer']);
    const reporter = await signedInUser(t, ['reporter']);
    const streams = {
      viewer: await connectAs(viewer.client),
      reporter: await connectAs(reporter.client),
      analyst: await connectAs(analyst.client),
      admin: await connectAs(await t.signIn(ADMIN_EMAIL)),
    };
    const { id: electionId } = await t.deps.db
      .selectFrom('elections')
      .select('id')
      .where('slug', '=', 'parliamentary-2027')
      .executeTakeFirstOrThrow();

    const set = await coordinator.client.post('/api/v1/elections/parliamentary-2027/threat-levels', {
      domain: 'cyber',
      level: 4,
      rationale: 'Attacks on the result service are being prepared.',
    });
    expect(set.statusCode, set.body).toBe(201);
    for (const stream of [streams.viewer, streams.reporter, streams.analyst])
      await stream.waitFor((m) => m.event === 'threat_level');

    // A proposal changes what coordinators see on the panel: announced the same way.
    const proposal = await analyst.client.post(
      '/api/v1/elections/parliamentary-2027/threat-level-proposals',
      {
        domain: 'physical',
        level: 2,
        rationale: 'Threats against polling station staff reported.',
      },
    );
    expect(proposal.statusCode, proposal.body).toBe(201);
    await streams.viewer.waitFor((m) => m.event === 'threat_level' && m.data.includes('physical'));
    await new Promise((resolve) => setTimeout(resolve, 200));

    expect(threatEvents(streams.viewer)).toEqual([
      { electionId, domain: 'cyber' },
      { electionId, domain: 'physical' },
    ]);
    expect(threatEvents(streams.reporter)).toEqual(threatEvents(streams.viewer));
    expect(threatEvents(streams.admin)).toEqual([]);
    // No event id: it is not part of the replayable incident sequence.
    expect(streams.viewer.messages.find((m) => m.event === 'threat_level')!.id).toBeUndefined();
    for (const stream of Object.values(streams)) stream.close();
  });

  it('is not announced by a refused change', async () => {
    const viewer = await signedInUser(t, ['viewer']);
    const analyst = await signedInUser(t, ['analyst']);
    const stream = await connectAs(viewer.client);
    const refused = await analyst.client.post('/api/v1/elections/parliamentary-2027/threat-levels', {
      domain: 'process',
      level: 5,
      rationale: 'An analyst may not set levels.',
    });
    expect(refused.statusCode).toBe(403);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(threatEvents(stream)).toEqual([]);
    stream.close();
  });
});

describe('threatLevelFrame', () => {
  it('passes on only the election id and a known domain, never anything else in the payload', () => {
    const electionId = '5b1c0a4e-3f1d-4c1e-9a51-2b6a8f0c7d11';
    expect(threatLevelFrame(JSON.stringify({ electionId, domain: 'cyber', secret: 'x' }))).toBe(
      `event: threat_level\ndata: {"electionId":"${electionId}","domain":"cyber"}\n\n`,
    );
    expect(threatLevelFrame('not json')).toBeUndefined();
    expect(
      threatLevelFrame(JSON.stringify({ electionId: 'x\n\nevent: incident', domain: 'cyber' })),
    ).toBeUndefined();
    expect(threatLevelFrame(JSON.stringify({ electionId, domain: 'weather' }))).toBeUndefined();
  });
});
