import fs from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, startTestServer, type TestServer } from '../test/helpers/server.js';
import { expectAccessible } from './helpers/axe.js';
import { launchBrowser, openSession, type Session } from './helpers/browser.js';
import { demoPassword } from './helpers/journey-server.js';
import { hides, loaded, shows, showsText } from './helpers/locators.js';

/**
 * Issue 6, "must show": the coordinator (Ministry of Justice) makes an agreement with the
 * Election-VIRT network, proposes the release of an incident, previews exactly what the partner
 * will receive, takes the description out, and approves. The partner's view and the partner's own
 * TAXII client then get the incident without that text. An analyst-side step imports a partner's
 * STIX bundle and reviews the incident it brings. In Finnish, with axe on every exchange page.
 */

const screenshots = path.join(repoRoot, 'e2e', 'screenshots');
const TAXII = 'application/taxii+json;version=2.1';

const partnerName = 'Election-VIRT-verkosto';
const incident = {
  title: 'Väärennetty tiedote äänestyspaikkojen sulkemisesta leviää',
  description:
    'Vaalipiirin yhteyshenkilö kertoi puhelimessa, että tiedotetta jaetaan kuntien Facebook-ryhmissä nimettömiltä tileiltä.',
  url: 'https://uutiset.example.fi/aanestyspaikat-suljettu',
  account: 'vaalitiedote_fi',
};

describe.sequential(
  'a coordinator releases an incident to a partner after previewing and redacting it',
  () => {
    let server: TestServer;
    let browser: Browser;
    const sessions: Session[] = [];
    let page: Page;
    let incidentId = '';
    let partnerToken = '';
    let releasePath = '';
    let collectionUrl = '';

    const heading = (name: string | RegExp, level = 1) => page.getByRole('heading', { level, name });
    const button = (scope: Page | Locator, name: string | RegExp) =>
      scope.getByRole('button', { name, exact: typeof name === 'string' });
    const section = (name: string) =>
      page.locator('section', { has: page.getByRole('heading', { level: 2, name, exact: true }) });
    const tab = (name: string) =>
      page
        .getByRole('navigation', { name: 'Tietojenvaihdon osiot' })
        .getByRole('link', { name: new RegExp(`^${name}`) });
    const incidentCard = () => page.getByRole('article', { name: `Tapaus: ${incident.title}` });

    const settle = async (label: string) => {
      await loaded(page);
      await expectAccessible(page, label);
    };
    const snap = (name: string) => page.screenshot({ path: path.join(screenshots, name), fullPage: true });

    /** Ticks a React Aria checkbox on its label (the input itself is visually hidden). */
    const tick = async (control: Locator) => {
      if (await control.isChecked()) return;
      await control.locator('xpath=ancestor::label[1]').click();
      await expect.poll(() => control.isChecked()).toBe(true);
    };

    beforeAll(async () => {
      await fs.mkdir(screenshots, { recursive: true });
      server = await startTestServer({ demo: true, readyTimeoutMs: 120_000 });
      browser = await launchBrowser();
      const session = await openSession(browser, server.baseUrl, 'fi-FI');
      sessions.push(session);
      page = session.page;
      page.setDefaultTimeout(15_000);
    }, 180_000);

    afterEach(async ({ task }) => {
      if (task.result?.state !== 'fail') return;
      await page
        ?.screenshot({
          path: path.join(screenshots, `failed-exchange-${task.name.slice(0, 40).replace(/\W+/g, '-')}.png`),
          fullPage: true,
        })
        .catch(() => undefined);
    });

    afterAll(async () => {
      await browser?.close();
      await server?.dispose();
    });

    it('has the coordinator’s incident, with a web address and an account, to release', async () => {
      await page.goto('/sign-in');
      await page
        .getByRole('textbox', { name: 'Sähköpostiosoite', exact: true })
        .fill('coordinator@om.example');
      await page.getByRole('textbox', { name: 'Salasana', exact: true }).fill(demoPassword);
      await button(page, 'Kirjaudu sisään').click();
      await shows(page.getByRole('button', { name: 'Kirjaudu ulos' }));

      const created = await page.request.post('/api/v1/incidents', {
        data: {
          title: incident.title,
          description: incident.description,
          domains: ['information_influence'],
          category: 'disinformation_narrative',
          severity: 3,
          tlp: 'green',
        },
      });
      expect(created.status(), await created.text()).toBe(201);
      incidentId = ((await created.json()) as { id: string }).id;
      for (const observable of [
        { type: 'url', value: incident.url },
        { type: 'social_account', platform: 'facebook', handle: incident.account },
      ]) {
        const added = await page.request.post(`/api/v1/incidents/${incidentId}/observables`, {
          data: observable,
        });
        expect(added.status(), await added.text()).toBe(201);
      }
    });

    it('opens the exchange at the release queue and makes an agreement with a new partner', async () => {
      await page
        .getByRole('navigation', { name: 'Päävalikko' })
        .getByRole('link', { name: 'Tietojenvaihto' })
        .click();
      await shows(heading('Luovutusjono'));
      await expect.poll(() => new URL(page.url()).pathname).toBe('/exchange/releases');
      // The demo's own release waiting for a decision (server/features/bootstrap/demo-exchange.ts).
      await shows(page.getByRole('table').getByRole('link', { name: /Palvelunestohyökkäys/ }));
      await settle('release queue');

      await tab('Kumppanit').click();
      await shows(heading('Kumppanit'));
      await shows(
        page.getByRole('table').getByRole('link', { name: 'Euroopan vaaliyhteistyöverkosto (ECNE)' }),
      );
      await settle('partners of the demo');

      await button(page, 'Uusi sopimus').click();
      const dialog = page.getByRole('dialog');
      await shows(dialog.getByRole('heading', { name: 'Uusi kumppanisopimus' }));
      await dialog.getByRole('textbox', { name: /^Kumppani/ }).fill(partnerName);
      await dialog.getByRole('textbox', { name: /^Yhteyshenkilö/ }).fill('Tilannekeskus, +358 295 000 000');
      await dialog.getByRole('radio', { name: /^TLP:GREEN/ }).check({ force: true });
      // The agreement takes personal data out of everything by default; approval is on.
      expect(await dialog.getByRole('checkbox', { name: /^Henkilötiedot/ }).isChecked()).toBe(true);
      expect(await dialog.getByRole('checkbox', { name: /^Koordinaattori hyväksyy/ }).isChecked()).toBe(true);
      await expectAccessible(page, 'new agreement dialog');
      await snap('exchange-01-agreement-dialog-fi.png');
      await button(dialog, 'Luo sopimus').click();
      await hides(dialog);

      await shows(heading(partnerName));
      await expect.poll(() => new URL(page.url()).pathname).toMatch(/^\/exchange\/partners\/[0-9a-f-]{36}$/);
      await shows(
        section('TAXII-kokoelmat').getByText(/\/taxii2\/vaalivahti\/collections\/[0-9a-f-]{36}\/$/),
      );
      await settle('partner page');
    });

    it('creates a token for the partner, shown once', async () => {
      const tokens = section('Kumppanin avaimet');
      await tokens.getByRole('textbox', { name: /^Avaimen nimi/ }).fill('OpenCTI-liitin');
      await button(tokens, 'Luo avain').click();
      const secret = page.getByTestId('partner-token');
      await shows(secret);
      partnerToken = ((await secret.textContent()) ?? '').trim();
      expect(partnerToken).toMatch(/^vvp_[A-Za-z0-9_-]{43}$/);
      await shows(tokens.getByRole('row', { name: /OpenCTI-liitin/ }));
      await settle('partner token shown once');
      await snap('exchange-02-partner-fi.png');
      await button(tokens, 'Olen tallentanut sen – sulje').click();
      await hides(secret);
    });

    it('proposes the release from the incident page and opens the preview', async () => {
      await page.goto(`/incidents/${incidentId}`);
      await shows(heading(incident.title));
      await shows(page.getByRole('link', { name: 'Lataa STIX-tiedosto' }));
      await shows(page.getByRole('link', { name: 'Lataa MISP-tiedosto' }));
      await button(page, 'Luovuta kumppanille…').click();
      const dialog = page.getByRole('dialog');
      // The demo has agreements of its own: choose ours.
      await dialog.getByRole('button', { name: /Kumppani/ }).click();
      await page.getByRole('option', { name: partnerName, exact: true }).click();
      await showsText(dialog.getByRole('button', { name: /Kumppani/ }), partnerName);
      await expectAccessible(page, 'release to partner dialog');
      await button(dialog, 'Valmistele luovutus').click();
      await showsText(dialog, `Luovutus kumppanille ${partnerName} odottaa hyväksyntää.`);
      await dialog.getByRole('link', { name: 'Avaa esikatselu' }).click();

      await shows(heading(`Luovutus: ${incident.title}`));
      releasePath = new URL(page.url()).pathname;
      expect(releasePath).toMatch(/^\/exchange\/releases\/[0-9a-f-]{36}$/);
      const preview = section(`Mitä ${partnerName} saa`);
      await showsText(incidentCard().locator('.stix-object__fields'), incident.description);
      await shows(preview.getByRole('article', { name: `Verkko-osoite: ${incident.url}` }));
      // The account is personal data: the agreement takes it out before anyone looks.
      expect(await preview.textContent()).not.toContain(incident.account);
      await settle('release preview');
      await snap('exchange-03-release-preview-fi.png');
    });

    it('takes the description out and sees it gone from the preview', async () => {
      const redaction = section('Poistettavat tiedot');
      await expect
        .poll(() => redaction.getByRole('checkbox', { name: /^Henkilötiedot/ }).isDisabled())
        .toBe(true);
      await tick(redaction.getByRole('checkbox', { name: /^Kuvaukset/ }));
      // Approval waits until the preview shows what would be approved.
      await expect.poll(() => button(page, 'Hyväksy ja luovuta').isDisabled()).toBe(true);
      await button(redaction, 'Päivitä esikatselu').click();
      await shows(page.getByText(/^Esikatselu on päivitetty/));

      await shows(incidentCard());
      expect(await incidentCard().locator('.stix-object__fields').textContent()).not.toContain(
        incident.description,
      );
      const raw = await incidentCard().locator('.raw-json pre').textContent();
      expect(raw).toContain(incident.title);
      expect(raw).not.toContain('"description"');
      await settle('redacted preview');
      await snap('exchange-04-redacted-preview-fi.png');
    });

    it('approves: the release is made and audited as released', async () => {
      await button(page, 'Hyväksy ja luovuta').click();
      const confirm = page.getByRole('alertdialog');
      await showsText(confirm, 'Luovutusta ei voi perua.');
      await expectAccessible(page, 'approve release dialog');
      await button(confirm, 'Luovuta').click();
      await hides(confirm);
      await showsText(page.locator('.exchange-meta'), 'Luovutettu');
      await showsText(section('Päätös'), `Luovutettu kumppanille ${partnerName}`);
      await settle('released');

      await page.goto('/exchange/releases?status=released');
      await shows(heading('Luovutusjono'));
      await shows(page.getByRole('table').getByRole('link', { name: incident.title }));
      await settle('release queue, released');
      await snap('exchange-05-released-queue-fi.png');
    });

    it('shows what the partner sees: the incident, without the description or the account', async () => {
      await page.goto('/exchange/partners');
      await shows(heading('Kumppanit'));
      await page.getByRole('table').getByRole('link', { name: partnerName }).click();
      await shows(heading(partnerName));
      const released = section('Tälle kumppanille luovutettu');
      await shows(released.getByRole('link', { name: incident.title }));
      await released.getByRole('link', { name: 'Mitä kumppani näkee' }).click();

      await shows(heading(`Mitä ${partnerName} näkee`));
      await shows(incidentCard());
      await shows(page.getByRole('article', { name: `Verkko-osoite: ${incident.url}` }));
      const everything = (await page.locator('main').textContent()) ?? '';
      expect(everything).not.toContain(incident.description);
      expect(everything).not.toContain(incident.account);
      await settle('partner view');
      await snap('exchange-06-partner-view-fi.png');
    });

    it('lets the partner’s TAXII client fetch the incident with its token, and nothing without it', async () => {
      const partners = (await (await page.request.get('/api/v1/exchange/partners')).json()) as {
        items: { name: string; collections: { id: string; canRead: boolean }[] }[];
      };
      const collection = partners.items
        .find((p) => p.name === partnerName)!
        .collections.find((c) => c.canRead)!;
      collectionUrl = `${server.baseUrl}/taxii2/vaalivahti/collections/${collection.id}/`;
      const url = `${collectionUrl}objects/`;

      const refused = await fetch(url, { headers: { accept: TAXII } });
      expect(refused.status).toBe(401);

      const response = await fetch(url, {
        headers: { accept: TAXII, authorization: `Bearer ${partnerToken}` },
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe(TAXII);
      const envelope = (await response.json()) as { objects: Record<string, unknown>[] };
      const released = envelope.objects.find((o) => o.id === incidentId);
      expect(released).toMatchObject({ type: 'incident', name: incident.title });
      expect(released).not.toHaveProperty('description');
      const text = JSON.stringify(envelope);
      expect(text).toContain(incident.url);
      expect(text).not.toContain(incident.description);
      expect(text).not.toContain(incident.account);
    });

    it('imports a partner’s STIX bundle object by object, with the invalid object’s reason', async () => {
      const bundle = JSON.parse(
        await fs.readFile(
          path.join(repoRoot, 'test/fixtures/stix/example-election-fimi-bundle.json'),
          'utf8',
        ),
      ) as { objects: unknown[] };
      bundle.objects.push({ type: 'indicator', spec_version: '2.1', id: 'indicator--not-a-uuid' });

      await page
        .getByRole('navigation', { name: 'Päävalikko' })
        .getByRole('link', { name: 'Tietojenvaihto' })
        .click();
      await tab('Tuonnit').click();
      await shows(heading('Tuonnit'));
      await settle('imports');
      await page.locator('input[type="file"]').setInputFiles({
        name: 'election-virt.json',
        mimeType: 'application/json',
        buffer: Buffer.from(JSON.stringify(bundle)),
      });
      await shows(page.getByRole('status').filter({ hasText: 'election-virt.json' }));
      await button(page, 'Tuo tiedosto').click();
      const result = section('Tuonnin tulos');
      await shows(result.getByRole('table'));
      await shows(result.getByRole('row', { name: /indicator--not-a-uuid/ }).getByText('virheellinen'));
      await shows(result.getByRole('row', { name: /incident--/ }).getByText('luotu'));
      await settle('import result');
      await snap('exchange-07-import-fi.png');
    });

    it('reviews the imported incident in the review queue and accepts it into the picture', async () => {
      await tab('Tarkastusjono').click();
      await shows(heading('Tarkastusjono'));
      const link = page
        .getByRole('table')
        .getByRole('link', { name: 'False claims that polling stations are closed' });
      await shows(link);
      await settle('review queue');
      await snap('exchange-08-review-queue-fi.png');
      await link.click();

      await shows(heading('False claims that polling stations are closed'));
      await shows(section('Millainen tapauksesta tulisi'));
      await shows(section('Sellaisena kuin se saapui').getByRole('article').first());
      await settle('review item');
      await snap('exchange-09-review-item-fi.png');

      await button(page, 'Hyväksy tilannekuvaan…').click();
      const dialog = page.getByRole('dialog');
      await dialog
        .getByRole('textbox', { name: /^Huomautus/ })
        .fill('Vahvistettu Election-VIRT-verkoston kanssa.');
      await expectAccessible(page, 'accept dialog');
      await button(dialog, 'Hyväksy').click();
      await hides(dialog);
      await page.getByRole('link', { name: 'Avaa tapaus' }).first().click();
      await shows(heading('False claims that polling stations are closed'));
      expect(new URL(page.url()).pathname).toMatch(/^\/incidents\/incident--/);
    });

    it('reads a partner’s TAXII collection as a feed, polled now from the partner page', async () => {
      await page.goto('/exchange/partners');
      await page.getByRole('table').getByRole('link', { name: partnerName }).click();
      await shows(heading(partnerName));
      const feeds = section('Kumppanin syötteet');
      await button(feeds, 'Lisää syöte…').click();
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('textbox', { name: /^Nimi/ }).fill('Election-VIRT, TAXII');
      await dialog.getByRole('textbox', { name: /^Osoite/ }).fill(collectionUrl);
      await dialog.getByLabel(/^Kumppanin palvelimen avain/).fill(partnerToken);
      // Polled by hand here, not on the schedule.
      await dialog
        .getByRole('checkbox', { name: /^Hae aikataulun mukaan/ })
        .locator('xpath=ancestor::label[1]')
        .click();
      await expectAccessible(page, 'new feed dialog');
      await button(dialog, 'Lisää syöte').click();
      await hides(dialog);

      const card = feeds.getByRole('article', { name: /^Election-VIRT, TAXII/ });
      await showsText(card, 'Keskeytetty');
      await button(card, 'Hae nyt').click();
      await showsText(card, 'Haettu');
      await showsText(card, 'Onnistunut viimeksi');
      expect(await card.textContent()).not.toContain('Viimeisin haku epäonnistui');
      await settle('partner feed polled');
      await snap('exchange-10-feed-fi.png');
    });

    it('reads the same in Swedish and English', async () => {
      await page.getByRole('radio', { name: 'Svenska' }).click();
      await expect.poll(() => page.getAttribute('html', 'lang')).toBe('sv');
      await shows(heading(partnerName));
      await shows(section('Utlämnat till den här partnern'));
      await settle('partner page in Swedish');
      await snap('exchange-11-partner-sv.png');

      await page.getByRole('radio', { name: 'English' }).click();
      await expect.poll(() => page.getAttribute('html', 'lang')).toBe('en');
      await page.goto(releasePath);
      await shows(heading(`Release: ${incident.title}`));
      await shows(section(`What ${partnerName} will receive`));
      await settle('release in English');
      await snap('exchange-12-release-en.png');
      expect(sessions.flatMap((session) => session.problems)).toEqual([]);
    });
  },
);
