import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  Partner,
  Release,
  ReleasePage,
  ReleaseSummary,
} from '../../../shared/contracts/exchange-partners.js';
import type { WorkbenchItem, WorkbenchItemSummary } from '../../../shared/contracts/exchange-imports.js';
import { createTestApp, rowCounts, type Client, type TestApp } from '../../../test/helpers/app.js';
import { makePartnerToken, outboundOf, TAXII, taxiiClient } from '../../../test/helpers/exchange-partners.js';
import { seedDemoExchange } from './demo-exchange.js';
import { DEMO_PASSWORD, seedDemo } from './demo-seed.js';

type StixObject = Record<string, unknown> & { id: string };

const log = pino({ level: 'silent' });

describe('the demo community’s exchange with partners (npm run demo)', () => {
  let t: TestApp;
  let coordinator: Client;
  let partners: Partner[];
  let releases: ReleaseSummary[];

  const partnerNamed = (prefix: string) => partners.find((p) => p.name.startsWith(prefix))!;
  const json = async <T>(client: Client, url: string): Promise<T> => {
    const response = await client.get(url);
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as T;
  };
  const listReleases = async () =>
    (await json<ReleasePage>(coordinator, '/api/v1/exchange/releases?limit=200')).items;
  const listWorkbench = async (client = coordinator) =>
    (await json<{ items: WorkbenchItemSummary[] }>(client, '/api/v1/exchange/workbench?limit=200')).items;
  const countRows = () =>
    rowCounts(t, [
      'partners',
      'partner_tokens',
      'releases',
      'taxii_objects',
      'stix_imports',
      'workbench_items',
      'incidents',
      'audit_events',
    ]);

  beforeAll(async () => {
    t = await createTestApp();
    await seedDemo(t.deps.db, t.deps.auth, log);
    coordinator = await t.signIn('coordinator@om.example', DEMO_PASSWORD);
    partners = (await json<{ items: Partner[] }>(coordinator, '/api/v1/exchange/partners')).items;
    releases = await listReleases();
  });

  afterAll(async () => {
    await t?.close();
  });

  it('has the coordinator’s two agreements, as the brief of each partner says', () => {
    expect(partners).toHaveLength(2);
    expect(partnerNamed('Election-VIRT')).toMatchObject({
      tlpCeiling: 'green',
      recordTypes: ['incident', 'sitrep'],
      redactedFields: ['personal_data'],
      requiresApproval: true,
      active: true,
      activeTokenCount: 0,
      pendingReleaseCount: 1,
    });
    const ecne = partnerNamed('Euroopan vaaliyhteistyöverkosto');
    expect(ecne).toMatchObject({
      tlpCeiling: 'amber',
      recordTypes: ['incident'],
      redactedFields: [],
      requiresApproval: false,
      activeTokenCount: 1,
    });
    expect(ecne.collections.map((c) => [c.canRead, c.canWrite]).sort()).toEqual([
      [false, true],
      [true, false],
    ]);
    for (const partner of partners) expect(partner.description.length).toBeGreaterThan(50);
  });

  it('has releases in every state: released (incident and daily report), pending with a preview, held with a reason', async () => {
    const virt = partnerNamed('Election-VIRT');
    const ecne = partnerNamed('Euroopan vaaliyhteistyöverkosto');
    const of = (partner: Partner, status: ReleaseSummary['status']) =>
      releases.filter((r) => r.partnerId === partner.id && r.status === status);
    expect(
      of(virt, 'released')
        .map((r) => r.recordType)
        .sort(),
    ).toEqual(['incident', 'sitrep']);
    expect(of(ecne, 'released').map((r) => r.recordType)).toEqual(['incident']);
    expect(of(ecne, 'released')[0]!.proposedBy).toEqual(of(ecne, 'released')[0]!.decidedBy);

    const [held] = of(virt, 'held');
    expect(of(virt, 'held')).toHaveLength(1);
    expect(held!.reason).toMatch(/Valtioneuvoston kanslia/);
    expect(held!.title).toMatch(/^Deepfake/);

    expect(of(virt, 'pending')).toHaveLength(1);
    const pending = await json<Release>(
      coordinator,
      `/api/v1/exchange/releases/${of(virt, 'pending')[0]!.id}`,
    );
    expect(pending.title).toMatch(/^Palvelunestohyökkäys/);
    expect(pending.redactedFields.sort()).toEqual(['organisations', 'personal_data']);
    expect(pending.objects.map((o) => o.id)).toContain(pending.recordId);
    expect(pending.objectCount).toBe(pending.objects.length);

    // The daily report is AMBER+STRICT: what went to the network is its GREEN partner version,
    // without incident details or the correction note of a version the partner never received.
    const report = await json<Release>(
      coordinator,
      `/api/v1/exchange/releases/${of(virt, 'released').find((r) => r.recordType === 'sitrep')!.id}`,
    );
    expect(report).toMatchObject({ tlp: 'green', title: expect.stringMatching(/partner version$/) });
    const text = JSON.stringify(report.objects);
    expect(text).toContain('Keskeiset arviot');
    expect(text).not.toMatch(/Postiäänet|Korjaus|Rättelse|Correction/);

    // Nothing above a ceiling, nothing that never leaves.
    for (const r of releases) {
      expect(['clear', 'green', ...(r.partnerId === ecne.id ? ['amber'] : [])]).toContain(r.tlp);
    }
    expect(releases.every((r) => r.status !== 'withdrawn')).toBe(true);
  });

  it('has a review queue with two items waiting (one of them ECNE’s campaign with observables and DISARM techniques) and one accepted', async () => {
    const items = await listWorkbench();
    expect(items.map((i) => i.status).sort()).toEqual(['accepted', 'pending', 'pending']);
    const accepted = items.find((i) => i.status === 'accepted')!;
    expect(accepted.targetIncidentId).toMatch(/^incident--/);
    expect(accepted.provenance).toMatchObject({ source: 'file', partnerName: 'Election-VIRT' });
    const incident = await coordinator.get(`/api/v1/incidents/${accepted.targetIncidentId}`);
    expect(incident.statusCode, incident.body).toBe(200);

    const campaign = items.find((i) => i.provenance.source === 'taxii')!;
    expect(campaign).toMatchObject({ status: 'pending', stixType: 'incident', tlp: 'amber' });
    expect(campaign.provenance.partnerName).toMatch(/ECNE/);
    const detail = await json<WorkbenchItem>(coordinator, `/api/v1/exchange/workbench/${campaign.id}`);
    expect(detail.title).toMatch(/postal votes/);
    expect(detail.related.observables.flatMap((o) => o.becomes.map((b) => b.type)).sort()).toEqual([
      'domain',
      'social_account',
      'social_account',
      'url',
    ]);
    expect(detail.related.attackPatterns.map((a) => a.techniqueId).sort()).toEqual([
      'T0049.003',
      'T0098.001',
    ]);
    expect(detail.proposed.severity).toBe(4);

    // The queue belongs to the OM: another organisation's analyst sees none of it.
    const analyst = await t.signIn('analyst@ncsc.example', DEMO_PASSWORD);
    expect(await listWorkbench(analyst)).toEqual([]);
  });

  it('serves a partner over TAXII exactly the released objects: nothing pending or held', async () => {
    const virt = partnerNamed('Election-VIRT');
    const token = (await makePartnerToken(coordinator, virt.id)).token;
    const client = taxiiClient(t, token);
    const served: StixObject[] = [];
    let next: string | undefined;
    do {
      const response = await client.get(
        `/taxii2/vaalivahti/collections/${outboundOf(virt).id}/objects/${next ? `?next=${next}` : ''}`,
      );
      expect(response.statusCode, response.body).toBe(200);
      expect(response.headers['content-type']).toBe(TAXII);
      const envelope = response.json() as { objects?: StixObject[]; more?: boolean; next?: string };
      served.push(...(envelope.objects ?? []));
      next = envelope.more ? envelope.next : undefined;
    } while (next);

    const released = new Map<string, StixObject[]>();
    for (const summary of releases.filter((r) => r.partnerId === virt.id && r.status === 'released')) {
      const release = await json<Release>(coordinator, `/api/v1/exchange/releases/${summary.id}`);
      for (const object of release.objects as StixObject[])
        released.set(object.id, [...(released.get(object.id) ?? []), object]);
    }
    expect(released.size).toBeGreaterThan(2);
    expect(new Set(served.map((o) => o.id))).toEqual(new Set(released.keys()));
    for (const object of served) expect(released.get(object.id)).toContainEqual(object);

    const servedIds = new Set(served.map((o) => o.id));
    for (const r of releases.filter((r) => r.status !== 'released' || r.partnerId !== virt.id))
      if (r.recordType === 'incident') expect(servedIds.has(r.recordId), r.title).toBe(false);
    // Personal data is redacted for this partner: no accounts or e-mail addresses leave.
    expect(served.some((o) => o.type === 'user-account' || o.type === 'email-addr')).toBe(false);
  });

  it('is loaded once: seeding again changes nothing', async () => {
    const before = await countRows();
    await seedDemo(t.deps.db, t.deps.auth, log);
    await seedDemoExchange(t.deps.db, t.deps.auth, log);
    expect(await countRows()).toEqual(before);
  });
});
