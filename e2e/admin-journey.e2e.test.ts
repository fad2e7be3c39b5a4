import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible } from './helpers/axe.js';
import { launchBrowser, openSession, type Session } from './helpers/browser.js';
import {
  adminEmail,
  adminPassword,
  startJourneyServer,
  type JourneyServer,
} from './helpers/journey-server.js';
import { counts, hides, shows, showsText } from './helpers/locators.js';
import { totp } from '../test/helpers/totp.js';

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const run = Date.now().toString(36).slice(-5).toUpperCase();
const organisation = {
  shortName: `VTK-${run}`,
  fi: `Vaalitoimikunta ${run}`,
  sv: `Valkommissionen ${run}`,
  en: `Election committee ${run}`,
};
const analyst = {
  name: 'Aino Analyytikko',
  email: `aino.${run.toLowerCase()}@example.test`,
  password: 'kolme-pitkää-sanaa-ja-numero-7',
};

describe.sequential('an admin sets up an organisation and an analyst who secures their account', () => {
  let server: JourneyServer;
  let browser: Browser;
  let session: Session;
  let page: Page;
  let oneTimePassword = '';
  let totpSecret = '';
  let lastTotpStep = -1;

  const heading = (name: string | RegExp) => page.getByRole('heading', { level: 1, name });
  const field = (name: string | RegExp) =>
    page.getByRole('textbox', { name, exact: typeof name === 'string' });
  const button = (name: string | RegExp) =>
    page.getByRole('button', { name, exact: typeof name === 'string' });

  const freshTotp = () => {
    const step = Math.floor(Date.now() / 30_000);
    const at = step === lastTotpStep ? Date.now() + 30_000 : Date.now();
    lastTotpStep = Math.floor(at / 30_000);
    return totp(totpSecret, { at });
  };

  const visit = async (path: string, title: string | RegExp) => {
    await page.goto(path);
    await shows(heading(title));
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'Ladataan' }).count(), { timeout: 15_000 })
      .toBe(0);
    await expectAccessible(page, path);
  };

  const signIn = async (email: string, password: string) => {
    await field('Sähköpostiosoite').fill(email);
    await field('Salasana').fill(password);
    await button('Kirjaudu sisään').click();
  };

  beforeAll(async () => {
    server = await startJourneyServer();
    browser = await launchBrowser();
    session = await openSession(browser, server.baseUrl, 'fi-FI');
    page = session.page;
    page.setDefaultTimeout(10_000);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('sends a signed-out visitor to sign in', async () => {
    await page.goto('/admin/organisations');
    await page.waitForLoadState('networkidle');
    expect(session.problems).toEqual([]);
    await expect.poll(() => new URL(page.url()).pathname).toBe('/sign-in');
    await shows(heading('Kirjaudu sisään'));
    expect(await page.getAttribute('html', 'lang')).toBe('fi');
    await expectAccessible(page, 'sign-in');
  });

  it('signs the admin in and returns to the page that was asked for', async () => {
    await signIn(adminEmail, adminPassword);
    await shows(heading('Organisaatiot'));
    expect(new URL(page.url()).pathname).toBe('/admin/organisations');
    expect(await page.title()).toBe('Organisaatiot – Vaalivahti');
    await counts(page.getByRole('link', { name: 'Tilannekuva' }), 0);
    await expectAccessible(page, 'organisations');
  });

  it('creates an organisation with its name in three languages', async () => {
    await button('Uusi organisaatio').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: 'Lyhenne' }).fill(organisation.shortName);
    await dialog.getByRole('textbox', { name: 'Nimi suomeksi' }).fill(organisation.fi);
    await dialog.getByRole('textbox', { name: 'Nimi ruotsiksi' }).fill(organisation.sv);
    await dialog.getByRole('textbox', { name: 'Nimi englanniksi' }).fill(organisation.en);
    await dialog.getByRole('button', { name: /Tyyppi/ }).click();
    await page.getByRole('option', { name: 'Vaaliviranomainen' }).click();
    await dialog.getByText('Edellytä kaksivaiheista tunnistautumista').click();
    await expectAccessible(page, 'organisation dialog');
    await dialog.getByRole('button', { name: 'Luo organisaatio' }).click();
    await hides(dialog);
    const row = page.getByRole('row', { name: new RegExp(organisation.shortName) });
    await showsText(row, organisation.fi);
    await showsText(row, 'Vaaliviranomainen');
  });

  it('creates an analyst in it and shows the one-time password once', async () => {
    await page.getByRole('link', { name: 'Käyttäjät' }).click();
    await shows(heading('Käyttäjät'));
    await expectAccessible(page, 'users');
    await button('Uusi käyttäjä').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: 'Nimi' }).fill(analyst.name);
    await dialog.getByRole('textbox', { name: 'Sähköpostiosoite' }).fill(analyst.email);
    await dialog.getByRole('button', { name: /Organisaatio/ }).click();
    await page.getByRole('option', { name: new RegExp(`^${organisation.shortName} `) }).click();
    await dialog.getByText('Analyytikko', { exact: true }).click();
    await dialog.getByRole('button', { name: 'Luo käyttäjä' }).click();
    const secret = dialog.getByTestId('one-time-password');
    await shows(secret);
    oneTimePassword = (await secret.textContent())?.trim() ?? '';
    expect(oneTimePassword.length).toBeGreaterThanOrEqual(12);
    await showsText(dialog, 'ensimmäisellä kirjautumiskerralla');
    await expectAccessible(page, 'one-time password');
    await dialog.getByRole('button', { name: 'Valmis' }).click();
    await showsText(
      page.getByRole('row', { name: new RegExp(escape(analyst.email)) }),
      'Salasana vaihdettava',
    );
  });

  it('shows the remaining admin pages without accessibility problems', async () => {
    await visit('/admin/communities', 'Yhteisöt');
    await visit('/admin/audit', 'Tarkastusloki');
    await shows(page.getByRole('cell', { name: 'Käyttäjä luotu' }).first());
    await showsText(page.getByRole('row', { name: /Käyttäjä luotu/ }).first(), analyst.email);
    await button('Tarkista ketju').click();
    await shows(page.getByText(/Ketju on eheä/));
    await visit('/profile', 'Omat tiedot');
  });

  it('signs the admin out', async () => {
    await button('Kirjaudu ulos').click();
    await shows(heading('Kirjaudu sisään'));
    await shows(page.getByText('Olet kirjautunut ulos.'));
  });

  it('makes the analyst replace the one-time password at first sign-in', async () => {
    await signIn(analyst.email, oneTimePassword);
    await shows(heading('Valitse uusi salasana'));
    expect(new URL(page.url()).pathname).toBe('/change-password');
    await expectAccessible(page, 'change password');
    await page.goto('/situation');
    await shows(heading('Valitse uusi salasana'));
    await field('Kertakäyttöinen salasana').fill(oneTimePassword);
    await field('Uusi salasana').fill(analyst.password);
    await field('Uusi salasana uudelleen').fill(analyst.password);
    await button('Vaihda salasana').click();
  });

  it('makes the analyst enrol in two-step verification, as the organisation requires', async () => {
    await shows(heading('Ota kaksivaiheinen tunnistautuminen käyttöön'));
    await expectAccessible(page, 'two-factor setup');
    await field('Salasana').fill(analyst.password);
    await button('Jatka').click();
    const secret = page.getByTestId('totp-secret');
    await shows(secret);
    totpSecret = ((await secret.textContent()) ?? '').replace(/\s/g, '');
    expect(totpSecret).toMatch(/^[A-Z2-7]{16,}$/);
    await shows(page.getByRole('img', { name: /QR-koodi/ }));
    await expectAccessible(page, 'two-factor secret');
    await field(/Sovelluksen antama koodi/).fill(freshTotp());
    await button('Vahvista ja ota käyttöön').click();
    await shows(heading('Tilannekuva'));
  });

  it('shows the analyst the content pages', async () => {
    await counts(page.getByRole('link', { name: 'Organisaatiot' }), 0);
    // Built: each opens with its heading, without accessibility problems.
    const built = [
      ['/situation', /^Tilannekuva/],
      ['/incidents', 'Tapaukset'],
      ['/elections', 'Vaalit'],
      ['/reports', 'Tilannekatsaukset'],
      ['/exchange', 'Tarkastusjono'],
    ] as const;
    for (const [path, title] of built) await visit(path, title);
    await visit('/admin/users', 'Ei käyttöoikeutta');
  });

  it('asks the analyst for a code from the app at the next sign-in', async () => {
    await button('Kirjaudu ulos').click();
    await signIn(analyst.email, analyst.password);
    await shows(heading('Kaksivaiheinen tunnistautuminen'));
    await expectAccessible(page, 'two-factor sign-in');
    await field(/Vahvistuskoodi/).fill(freshTotp());
    await button('Vahvista').click();
    await shows(heading('Tilannekuva'));
    await showsText(page.getByRole('banner'), organisation.shortName);
  });

  it('remembers the analyst’s language across reloads', async () => {
    const saved = () =>
      page.waitForResponse((r) => r.url().endsWith('/api/v1/me') && r.request().method() === 'PATCH');
    const savedSwedish = saved();
    await page.getByRole('radio', { name: 'Svenska' }).click();
    await savedSwedish;
    await shows(heading('Lägesbild'));
    expect(await page.getAttribute('html', 'lang')).toBe('sv');
    await page.reload();
    await shows(heading('Lägesbild'));
    await shows(page.getByRole('link', { name: 'Egna uppgifter' }));
    expect(await page.getAttribute('html', 'lang')).toBe('sv');
    await expectAccessible(page, 'situation in Swedish');

    const savedFinnish = saved();
    await page.getByRole('radio', { name: 'Suomi' }).click();
    await savedFinnish;
    await page.reload();
    await shows(heading('Tilannekuva'));
    expect(await page.getAttribute('html', 'lang')).toBe('fi');
  });

  it('caused no script errors or content security policy violations', () => {
    expect(session.problems).toEqual([]);
  });
});
