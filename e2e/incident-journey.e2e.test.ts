import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible } from './helpers/axe.js';
import { launchBrowser, openSession, type Session } from './helpers/browser.js';
import { demoPassword, startJourneyServer, type JourneyServer } from './helpers/journey-server.js';
import { counts, hides, loaded, shows, showsText } from './helpers/locators.js';

/**
 * Issue 3, "must show": a report from an election official travels through triage to the lead
 * organisation's investigation, and is shared on from there with another organisation, where it
 * appears live. In the demo community, as each person would do it, with axe on every page and a
 * screenshot of each step.
 *
 * The rules shape the story. A report belongs to the reporter's organisation (HEL KVL) and is
 * shared (amber) with the coordinators' organisations. The coordinator (OM) routes it: assigning
 * NCSC-FI as the lead organisation shares it with NCSC-FI, and the lead acts for the owner in
 * deciding who needs to know, so NCSC-FI's analyst may share it on with Supo.
 */

const screenshots = path.join(path.dirname(fileURLToPath(import.meta.url)), 'screenshots');
const run = Date.now().toString(36).slice(-5).toUpperCase();
const reportTitle = `Väärä äänestyspäivä vaalimainoksissa Kalliossa ${run}`;
const payload = '<img src=x onerror="window.__xss=1"> <script>window.__xss=2</script>';
const reportText = `${reportTitle}\n\nKadulla jaetuissa mainoksissa väitettiin vaalipäivän siirtyneen. Mainoksen tekstissä luki: ${payload}`;
const phishingTitle = 'Nätfiske mot valnämndernas e-post i Österbotten';
const corroboration = 'Samanlaisia mainoksia jaettiin myös Sörnäisten metroasemalla; seuraamme jakajia.';

const accounts = {
  reporter: 'reporter@helsinki.example',
  coordinator: 'coordinator@om.example',
  ncsc: 'analyst@ncsc.example',
  supo: 'analyst@supo.example',
  police: 'analyst@poliisi.example',
  viewer: 'viewer@dvv.example',
} as const;

/** Yesterday in Helsinki as the date field wants it: always in the past, whatever the hour. */
const yesterday = () =>
  new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Helsinki' }).format(new Date(Date.now() - 86_400_000));

describe.sequential('a report travels from an election official through triage to an investigation', () => {
  let server: JourneyServer;
  let browser: Browser;
  const sessions: Session[] = [];
  let shot = 0;
  let incidentPath = '';
  let reporterPage: Page;
  let ncscPage: Page;

  const heading = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name });
  const button = (scope: Page | Locator, name: string | RegExp) =>
    scope.getByRole('button', { name, exact: typeof name === 'string' });

  /** Waits until nothing is loading, checks accessibility and saves a screenshot. */
  const settle = async (page: Page, label: string) => {
    await loaded(page);
    await expectAccessible(page, label);
    shot += 1;
    await page.screenshot({
      path: path.join(
        screenshots,
        `incident-${String(shot).padStart(2, '0')}-${label.replace(/\W+/g, '-')}.png`,
      ),
      fullPage: true,
    });
  };

  const signIn = async (email: string): Promise<Page> => {
    const session = await openSession(browser, server.baseUrl, 'fi-FI');
    sessions.push(session);
    const { page } = session;
    page.setDefaultTimeout(15_000);
    await page.goto('/sign-in');
    await page.getByRole('textbox', { name: 'Sähköpostiosoite', exact: true }).fill(email);
    await page.getByRole('textbox', { name: 'Salasana', exact: true }).fill(demoPassword);
    await button(page, 'Kirjaudu sisään').click();
    await shows(page.getByRole('button', { name: /Kirjaudu ulos|Logga ut|Sign out/ }));
    return page;
  };

  const openFromNav = async (page: Page, link: string, title: string | RegExp) => {
    await page
      .getByRole('navigation', { name: /./ })
      .first()
      .getByRole('link', { name: link, exact: true })
      .click();
    await shows(heading(page, title));
  };

  /** Ticks a React Aria checkbox or radio as a person does: on its label (the input itself is visually hidden). */
  const tick = async (control: Locator) => {
    if (await control.isChecked()) return;
    await control.locator('xpath=ancestor::label[1]').click();
    await expect.poll(() => control.isChecked()).toBe(true);
  };

  /** A choice in a React Aria select: its button, then the option. */
  const choose = async (page: Page, scope: Page | Locator, label: string, option: string | RegExp) => {
    await scope.getByRole('button', { name: new RegExp(label) }).click();
    await page.getByRole('option', { name: option }).click();
  };

  beforeAll(async () => {
    await fs.mkdir(screenshots, { recursive: true });
    server = await startJourneyServer({ demo: true });
    browser = await launchBrowser();
  });

  // A failed step leaves a picture of every open page, to see what the person would have seen.
  afterEach(async ({ task }) => {
    if (task.result?.state !== 'fail') return;
    for (const [index, session] of sessions.entries()) {
      await session.page
        .screenshot({
          path: path.join(screenshots, `failed-${task.name.slice(0, 40).replace(/\W+/g, '-')}-${index}.png`),
          fullPage: true,
        })
        .catch(() => undefined);
    }
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('lets the reporter of Helsinki’s central election board file a report in Finnish', async () => {
    const page = (reporterPage = await signIn(accounts.reporter));
    // Her profile says Swedish, so the app speaks Swedish; she switches to Finnish, which is remembered.
    await shows(page.getByRole('button', { name: 'Logga ut' }));
    expect(await page.getAttribute('html', 'lang')).toBe('sv');
    const saved = page.waitForResponse(
      (r) => r.url().endsWith('/api/v1/me') && r.request().method() === 'PATCH',
    );
    await page.getByRole('radio', { name: 'Suomi' }).click();
    await saved;
    await expect.poll(() => page.getAttribute('html', 'lang')).toBe('fi');
    await openFromNav(page, 'Tee ilmoitus', 'Tee ilmoitus');
    await settle(page, 'report form');

    await page.getByRole('textbox', { name: 'Mitä tapahtui?' }).fill(reportText);
    await page.getByRole('combobox', { name: 'Kunta' }).fill('Helsinki');
    await page
      .getByRole('option', { name: /^Helsinki/ })
      .first()
      .click();
    await shows(page.getByRole('list', { name: 'Valitut kunnat' }).getByText(/Helsinki/));
    await page.getByRole('textbox', { name: 'Paikka' }).fill('Kallion kirjaston edusta');
    await page.getByLabel('Päivämäärä').fill(yesterday());
    await page.getByLabel('Kellonaika').fill('18:30');
    await tick(page.getByRole('radio', { name: 'Näin tai kuulin sen itse' }));
    await page
      .getByRole('textbox', { name: 'Lisätietoa siitä, mistä tiedät' })
      .fill('Sain mainoksen käteeni kirjaston edessä.');
    await page.getByRole('textbox', { name: 'Linkit' }).fill('https://vaalimainos.example/kallio');
    await settle(page, 'report filled in');
    await button(page, 'Lähetä ilmoitus').click();

    await shows(
      page.getByText('Ilmoituksesi lähetettiin vaaliturvallisuuden yhteistyöryhmälle', { exact: false }),
    );
    incidentPath = new URL(
      (await page.getByRole('link', { name: 'Avaa ilmoituksesi' }).getAttribute('href')) ?? '',
      server.baseUrl,
    ).pathname;
    expect(incidentPath).toMatch(/^\/incidents\/incident--[0-9a-f-]{36}$/);
    await settle(page, 'report sent');

    await page.getByRole('link', { name: 'Näytä kaikki omat ilmoitukseni' }).click();
    await shows(heading(page, 'Omat ilmoitukset'));
    const mine = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: reportTitle }) });
    await showsText(mine, 'Vastaanotettu, ei vielä luettu');
    await settle(page, 'my reports');
  });

  it('lets the coordinator triage the new reports in bulk, partly from the keyboard, and route them to NCSC-FI', async () => {
    // NCSC-FI's analyst is looking at her incident list: the report is not hers to see yet.
    const ncsc = (ncscPage = await signIn(accounts.ncsc));
    await openFromNav(ncsc, 'Tapaukset', 'Tapaukset');
    await settle(ncsc, 'lead incident list before routing');
    await counts(ncsc.getByRole('link', { name: reportTitle }), 0);

    const page = await signIn(accounts.coordinator);
    await openFromNav(page, 'Esikäsittely', 'Esikäsittelyjono');
    await settle(page, 'triage inbox');

    // The two demo reports and the new one, all from Helsinki's central election board. Chosen
    // once: the selection stays for the rows still in the inbox, for one action after another.
    const reports = page.getByRole('row').filter({ hasText: 'Ilmoituslomake' });
    await counts(reports, 3);
    await shows(page.getByRole('rowheader', { name: new RegExp(reportTitle) }));
    for (const row of await reports.all()) await row.getByRole('checkbox').check();
    const chosen = page.getByText('3 valittu');
    await shows(chosen);
    const dialog = page.getByRole('dialog');
    const confirm = async (announcement: string) => {
      await button(dialog, 'Muuta 3 tapausta').click();
      await hides(dialog);
      await shows(page.getByRole('status').filter({ hasText: announcement }));
      await shows(chosen);
    };

    // a: assign the lead organisation; the dialog says plainly that it will see the reports.
    await page.keyboard.press('a');
    await shows(dialog.getByRole('heading', { name: 'Määritä vastuuorganisaatio' }));
    await dialog.getByRole('combobox', { name: 'Vastuuorganisaatio' }).fill('NCSC');
    await page.getByRole('option', { name: /^NCSC-FI – / }).click();
    await shows(dialog.getByText('NCSC-FI näkee nämä tapaukset, koska ne jaetaan sille.', { exact: false }));
    await settle(page, 'triage assign lead');
    await confirm('Vastuuorganisaatio määritetty 3 tapaukselle.');
    for (const row of await reports.all())
      await shows(row.getByRole('cell', { name: 'NCSC-FI', exact: true }));

    // e: severity.
    await page.keyboard.press('e');
    await shows(dialog.getByRole('heading', { name: 'Aseta vakavuus' }));
    await choose(page, dialog, 'Uusi vakavuus', 'Korkea');
    await confirm('Vakavuus muutettu 3 tapaukselle.');

    // The domain from the toolbar.
    await button(page, 'Lisää osa-alue').click();
    await choose(page, dialog, 'Lisättävä osa-alue', 'Vaalien toimittaminen ja hallinto');
    await confirm('Osa-alue lisätty 3 tapaukseen.');

    // s: status. "Alustava arvio" keeps them in the inbox, and selected.
    await page.keyboard.press('s');
    await shows(dialog.getByRole('heading', { name: 'Aseta tila' }));
    await choose(page, dialog, 'Uusi tila', 'Alustava arvio');
    await confirm('Tila muutettu 3 tapaukselle.');
    for (const row of await reports.all()) {
      await showsText(row, 'Alustava arvio');
      await showsText(row, 'Korkea');
      await showsText(row, 'Vaalien toimittaminen ja hallinto');
      await shows(row.getByRole('cell', { name: 'NCSC-FI', exact: true }));
    }
    await settle(page, 'triage done');

    // Routing shared the report with NCSC-FI: it appears in her list without reloading.
    await ncsc.getByRole('link', { name: reportTitle }).waitFor({ state: 'visible', timeout: 15_000 });
    await settle(ncsc, 'lead incident list after routing');
  });

  it('lets the lead organisation investigate: the payload stays text, observables and techniques are added', async () => {
    const page = ncscPage;
    await page.getByRole('link', { name: reportTitle }).click();
    await shows(heading(page, reportTitle));
    expect(new URL(page.url()).pathname).toBe(incidentPath);
    const description = page.getByRole('region', { name: 'Kuvaus' });
    await showsText(description, '<script>window.__xss=2</script>');
    await showsText(description, '<img src=x onerror="window.__xss=1">');
    await shows(page.getByText('<script>window.__xss=2</script>', { exact: false }).first());
    expect(await page.evaluate(() => (window as { __xss?: unknown }).__xss)).toBeUndefined();
    const history = page.getByRole('region', { name: 'Historia' });
    await showsText(history, 'ilmoitti tapauksesta');
    await settle(page, 'incident in triage');

    await button(page, 'Siirrä tilaan: Selvitettävänä').click();
    await showsText(page.getByRole('list', { name: 'Yhteenveto' }), 'Selvitettävänä');

    const observables = page.getByRole('region', { name: 'Havainnot' });
    const addObservable = async (type: string, value: string) => {
      const form = observables.getByRole('form', { name: /./ });
      if (type !== 'URL-osoite') await choose(page, form, 'Tyyppi', type);
      await form.getByRole('textbox', { name: 'Arvo' }).fill(value);
      await button(form, 'Lisää').click();
      await shows(observables.getByRole('rowheader', { name: value }));
    };
    await addObservable('URL-osoite', 'https://vaalimainos.example/kallio');
    await addObservable('Verkkotunnus', 'vaalimainos.example');

    const techniques = page.getByRole('region', { name: 'DISARM-tekniikat' });
    const addTechnique = async (search: string, option: RegExp) => {
      await techniques.getByRole('combobox', { name: 'Lisää tekniikka' }).fill(search);
      await page.getByRole('option', { name: option }).click();
      await shows(techniques.getByRole('list', { name: /./ }).getByText(option));
    };
    await addTechnique('T0023', /^T0023 Distort Facts/);
    await addTechnique('Image-Based', /^T0086 Develop Image-Based Content/);
    await showsText(history, 'lisäsi DISARM-tekniikan T0086');
    await showsText(history, 'muutti kenttää Tila: Alustava arvio → Selvitettävänä');
    await settle(page, 'incident investigated');

    // The reporter's own list follows along, without reloading.
    await showsText(
      reporterPage
        .getByRole('listitem')
        .filter({ has: reporterPage.getByRole('link', { name: reportTitle }) }),
      'Selvitettävänä',
    );
  });

  it('shows the report to Supo live as soon as the lead organisation shares it; Supo corroborates it but may not pass it on', async () => {
    const supo = await signIn(accounts.supo);
    await openFromNav(supo, 'Tapaukset', 'Tapaukset');
    await settle(supo, 'incident list before sharing');
    await counts(supo.getByRole('link', { name: reportTitle }), 0);

    // NCSC-FI leads the report, so it decides with the owner who needs to know: Supo is offered.
    const ncsc = ncscPage;
    await button(ncsc, 'Jakaminen').click();
    const dialog = ncsc.getByRole('dialog');
    await shows(dialog.getByRole('heading', { name: 'Luokitus ja jakaminen' }));
    await counts(dialog.getByText(/voi laskea luokitusta/), 0);
    await tick(dialog.getByRole('checkbox', { name: /Supo/ }));
    await shows(dialog.getByText(/Supo/).last());
    await settle(ncsc, 'sharing dialog, lead organisation');
    await button(dialog, 'Tallenna').click();
    await hides(dialog);
    await showsText(ncsc.getByRole('region', { name: 'Kuka näkee tämän' }), 'Supo');

    // No reload: the live stream tells Supo's list that something changed.
    const appeared = supo.getByRole('link', { name: reportTitle });
    await appeared.waitFor({ state: 'visible', timeout: 15_000 });
    await settle(supo, 'incident list after sharing');

    await appeared.click();
    await shows(heading(supo, reportTitle));
    await showsText(supo.getByRole('region', { name: 'Kuvaus' }), '<script>window.__xss=2</script>');
    const corroborations = supo.getByRole('region', { name: 'Havaittu myös muualla' });
    await button(corroborations, 'Mekin havaitsimme tämän').click();
    await corroborations.getByRole('textbox', { name: 'Mitä havaitsitte?' }).fill(corroboration);
    await button(corroborations, 'Tallenna').click();
    await showsText(corroborations, corroboration);
    await showsText(corroborations, 'Suojelupoliisi');
    await settle(supo, 'corroborated');
    expect(await supo.evaluate(() => (window as { __xss?: unknown }).__xss)).toBeUndefined();

    // Supo is neither the owner nor the lead: it may not share the report further, and is told who may.
    await button(supo, 'Jakaminen').click();
    const supoDialog = supo.getByRole('dialog');
    await shows(
      supoDialog.getByText(
        /Vain omistajaorganisaatio HEL KVL .* tai vastuuorganisaatio NCSC-FI .* voi laskea luokitusta/,
      ),
    );
    await counts(supoDialog.getByRole('checkbox', { name: /POHA/ }), 0);
    await settle(supo, 'sharing dialog, neither owner nor lead');
    await button(supoDialog, 'Peruuta').click();
    await hides(supoDialog);

    // Nor may it assign the lead or supporting organisations, which would share it: the form says why.
    await button(supo, 'Muokkaa').click();
    await shows(supo.getByRole('heading', { name: 'Muokkaa tapausta' }));
    const routing = supo.getByRole('group', { name: 'Vastuu ja tuki' });
    await showsText(routing, 'Vain koordinaattori, omistajaorganisaatio HEL KVL');
    expect(await routing.getByRole('combobox', { name: 'Vastuuorganisaatio' }).isDisabled()).toBe(true);
    expect(await routing.getByRole('checkbox', { name: /POHA/ }).isDisabled()).toBe(true);
    await settle(supo, 'edit form, neither owner nor lead');
    await button(supo, 'Peruuta').click();
    await shows(supo.getByRole('region', { name: 'Kuvaus' }));
  });

  it('shows a viewer no edit controls, and an organisation it was not shared with nothing at all', async () => {
    // The phishing incident is shared with DVV, the report is not.
    const viewer = await signIn(accounts.viewer);
    await openFromNav(viewer, 'Tapaukset', 'Tapaukset');
    await viewer.getByRole('link', { name: phishingTitle }).click();
    await shows(heading(viewer, phishingTitle));
    await shows(viewer.getByRole('region', { name: 'Havainnot' }));
    await settle(viewer, 'viewer on an incident');
    await counts(button(viewer, 'Muokkaa'), 0);
    await counts(button(viewer, 'Jakaminen'), 0);
    await counts(viewer.getByRole('group', { name: 'Vaihda tila' }), 0);
    await counts(viewer.getByRole('combobox', { name: 'Lisää tekniikka' }), 0);
    await counts(button(viewer, 'Lisää'), 0);
    await viewer.goto(incidentPath);
    await shows(heading(viewer, 'Tapausta ei löytynyt'));
    await counts(viewer.getByText(reportTitle), 0);
    await settle(viewer, 'viewer, not shared');

    // Nor with the police.
    const police = await signIn(accounts.police);
    await police.goto(incidentPath);
    await shows(heading(police, 'Tapausta ei löytynyt'));
    await counts(police.getByText(reportTitle), 0);
    await settle(police, 'not shared with the police');
  });

  it('caused no script errors or content security policy violations', () => {
    expect(sessions.flatMap((session) => session.problems)).toEqual([]);
  });
});
