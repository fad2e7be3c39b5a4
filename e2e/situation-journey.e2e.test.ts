import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, repoRoot, type TestServer } from '../test/helpers/server.js';
import { expectAccessible } from './helpers/axe.js';
import { launchBrowser, openSession, type Session } from './helpers/browser.js';
import { shows, showsText } from './helpers/locators.js';

const DEMO_PASSWORD = 'vaalivahti-demo';
const ELECTION = 'parliamentary-2027';
const screenshots = path.join(repoRoot, 'e2e', 'screenshots');
const run = Date.now().toString(36).slice(-5);
const incidentTitle = `Ehdokkaan vaalitilaisuutta Tampereella uhattiin häiritä (${run})`;
const rationale = `Vaikuttamisyritykset ovat lisääntyneet ennakkoäänestyksen lähestyessä (${run}).`;

/**
 * A coordinator follows the 2027 parliamentary election's situation picture: sets a threat level,
 * sees an analyst's new incident in Tampere arrive live on the map and in "what changed", filters
 * the picture to Pirkanmaa by clicking it on the map and follows a count to the filtered list;
 * the wall screen of the election-night room shows the same picture.
 */
describe.sequential('a coordinator follows the situation picture of an election', () => {
  let server: TestServer;
  let browser: Browser;
  let session: Session;
  let page: Page;
  let analyst: BrowserContext;
  let electionId = '';

  const mapSection = () => page.locator('section', { has: page.locator('[data-map-level]') });
  const changes = () => page.getByTestId('what-changed');
  const renderedMap = () => page.locator('[data-map-level][data-chart-state="rendered"]');

  /** The number the map's table gives an area ('' when the area has none). */
  const mapCount = async (area: string): Promise<number> => {
    const row = mapSection().getByRole('row', { name: new RegExp(area) });
    if ((await row.count()) === 0) return 0;
    return Number(await row.getByRole('cell').last().textContent());
  };

  const waitForPicture = async () => {
    await shows(page.getByRole('heading', { level: 1, name: /^Tilannekuva: / }));
    await shows(renderedMap());
  };

  beforeAll(async () => {
    server = await startTestServer({ demo: true, readyTimeoutMs: 120_000 });
    browser = await launchBrowser();
    session = await openSession(browser, server.baseUrl, 'fi-FI');
    page = session.page;
    page.setDefaultTimeout(15_000);
    analyst = await browser.newContext({ baseURL: server.baseUrl });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  it('opens the situation picture of the next election, with its calendar and a map', async () => {
    await page.goto('/sign-in?next=%2Fsituation');
    await page.getByRole('textbox', { name: 'Sähköpostiosoite' }).fill('coordinator@om.example');
    await page.getByRole('textbox', { name: 'Salasana', exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Kirjaudu sisään' }).click();
    await expect.poll(() => new URL(page.url()).pathname, { timeout: 15_000 }).toBe(`/situation/${ELECTION}`);
    await waitForPicture();
    await showsText(page.getByTestId('phase-words'), 'Vaalipäivään');
    await shows(page.getByRole('heading', { name: /^Muutokset / }));
    const election = await page.request.get(`/api/v1/elections/${ELECTION}`);
    electionId = ((await election.json()) as { id: string }).id;
    await expectAccessible(page, 'situation picture');
  });

  it('records a threat level with its rationale, which appears in "what changed"', async () => {
    const panel = page.locator('section', { has: page.getByRole('heading', { name: 'Uhkatasot' }) });
    await panel.getByRole('button', { name: 'Aseta uhkataso: Informaatiovaikuttaminen' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('radio', { name: /^Taso 3\/5/ }).check({ force: true });
    await dialog.getByRole('textbox', { name: 'Perustelut' }).fill(rationale);
    await expectAccessible(page, 'threat level dialog');
    await dialog.getByRole('button', { name: 'Aseta taso' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await showsText(panel, rationale);
    await showsText(changes(), rationale);
    await showsText(changes(), 'Informaatiovaikuttaminen');
  });

  it('shows an analyst’s new incident in Tampere live, on the map and in "what changed"', async () => {
    await mapSection().getByRole('button', { name: 'Näytä taulukkona' }).click();
    const before = await mapCount('Pirkanmaan vaalipiiri');
    const signIn = await analyst.request.post('/api/v1/auth/sign-in/email', {
      data: { email: 'analyst@ncsc.example', password: DEMO_PASSWORD },
    });
    expect(signIn.status(), await signIn.text()).toBe(200);
    const created = await analyst.request.post('/api/v1/incidents', {
      data: {
        title: incidentTitle,
        description: 'Tilaisuuden järjestäjä sai uhkaavan viestin; poliisi on tiedotettu.',
        domains: ['physical'],
        category: 'threats_to_candidates_or_officials',
        severity: 3,
        electionId,
        areaCodes: ['KU837'],
        tlp: 'clear',
      },
    });
    expect(created.status(), await created.text()).toBe(201);

    await showsText(changes(), incidentTitle);
    await expect.poll(() => mapCount('Pirkanmaan vaalipiiri'), { timeout: 15_000 }).toBe(before + 1);
    await shows(renderedMap());
  });

  it('filters the whole picture to Pirkanmaa when it is clicked on the map', async () => {
    const total = page.locator('.situation-total');
    const allText = (await total.textContent()) ?? '';
    const canvas = page.locator('[data-map-level] canvas').first();
    const box = (await canvas.boundingBox())!;
    // Find Pirkanmaa by its tooltip, as a person pointing at the map would.
    let found = false;
    for (let y = box.y + box.height * 0.55; y < box.y + box.height * 0.95 && !found; y += 10) {
      for (let x = box.x + box.width * 0.25; x < box.x + box.width * 0.85 && !found; x += 10) {
        await page.mouse.move(x, y);
        const tip = page.getByText(/^Pirkanmaan vaalipiiri: \d+$/);
        if (await tip.isVisible()) {
          await page.mouse.click(x, y);
          found = true;
        }
      }
    }
    expect(found).toBe(true);
    await expect.poll(() => new URL(page.url()).searchParams.get('area')).toBe('VP07');
    await shows(page.getByRole('list', { name: 'Rajaukset' }).getByText('Alue: Pirkanmaan vaalipiiri'));
    await expect.poll(async () => (await total.textContent()) ?? '').not.toBe(allText);
    const href = (await total.getAttribute('href')) ?? '';
    expect(new URL(href, server.baseUrl).searchParams.get('area')).toBe('VP07');
    const physical = page.getByRole('link', { name: /^Fyysinen turvallisuus: \d+/ });
    const physicalHref = new URL((await physical.getAttribute('href')) ?? '', server.baseUrl);
    expect(Object.fromEntries(physicalHref.searchParams)).toEqual({
      domain: 'physical',
      area: 'VP07',
      electionId,
    });
    await expectAccessible(page, 'situation picture filtered to Pirkanmaa');
    await page.screenshot({ path: path.join(screenshots, 'situation-fi.png'), fullPage: true });

    await total.click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/incidents');
    await showsText(page.locator('main'), incidentTitle);
    await page.goBack();
    await waitForPicture();
  });

  it('reads in Swedish', async () => {
    await page
      .getByRole('radio', { name: 'Svenska' })
      .or(page.getByRole('button', { name: 'Svenska' }))
      .click();
    await shows(page.getByRole('heading', { level: 1, name: /^Lägesbild: / }));
    await shows(page.getByText('Geografiskt område: Birkalands valkrets'));
    await shows(renderedMap());
    await expectAccessible(page, 'situation picture in Swedish');
    await page.screenshot({ path: path.join(screenshots, 'situation-sv.png'), fullPage: true });
    await page
      .getByRole('radio', { name: 'Suomi' })
      .or(page.getByRole('button', { name: 'Suomi' }))
      .click();
    await shows(page.getByRole('heading', { level: 1, name: /^Tilannekuva: / }));
  });

  it('shows the picture on the wall screen, turning its panels by itself', async () => {
    // The panels change without fading, as for anyone who prefers reduced motion.
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.getByRole('link', { name: 'Seinänäyttö' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/situation/${ELECTION}/wall`);
    await shows(page.locator('.wall__clock'));
    await shows(page.getByText(/^Päivitetty \d/));
    await shows(renderedMap());
    await expectAccessible(page, 'wall screen');
    await page.screenshot({ path: path.join(screenshots, 'situation-wall.png') });
    await page.getByRole('button', { name: 'Aikajana' }).click();
    await shows(page.locator('.situation-timeline[data-chart-state="rendered"]'));
    await page.getByRole('button', { name: 'Uhkatasot ja luvut' }).click();
    await showsText(page.locator('.wall__panel'), rationale);
    await expectAccessible(page, 'wall screen: threat levels and counts');
    await page.getByRole('button', { name: 'Muutokset' }).click();
    await showsText(page.getByTestId('what-changed'), incidentTitle);
    const pause = page.getByRole('button', { name: 'Pysäytä' });
    await pause.click();
    expect(await page.getByRole('button', { name: 'Jatka' }).getAttribute('aria-pressed')).toBe('true');
    await shows(page.getByText('Pysäytetty', { exact: true }));
    expect(session.problems).toEqual([]);
  });
});
