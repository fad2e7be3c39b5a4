import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, startTestServer, type TestServer } from '../test/helpers/server.js';
import { expectAccessible } from './helpers/axe.js';
import { launchBrowser, openSession, type Session } from './helpers/browser.js';
import { demoPassword } from './helpers/journey-server.js';
import { counts, hides, loaded, shows, showsText } from './helpers/locators.js';

/**
 * Issue 5, "must show": the coordinator (Ministry of Justice) drafts the daily situation report
 * for the 2027 parliamentary election, NCSC-FI's analyst writes its cyber section, the coordinator
 * approves and distributes it to the cooperation group, and a reader at the Digital and
 * Population Data Services Agency reads it in Swedish and downloads the PDF. In the demo
 * community, through the browser, with axe on every page.
 *
 * The distribution check shapes the story: the pre-filled draft includes every incident of the
 * period the coordinator may see, and some of them are not shared with every member of the group.
 * The coordinator leaves those out, as the marking panel tells her to, until nothing blocks.
 */

const screenshots = path.join(repoRoot, 'e2e', 'screenshots');

const accounts = {
  coordinator: 'coordinator@om.example',
  ncsc: 'analyst@ncsc.example',
  recipient: 'viewer@dvv.example',
} as const;

const title = {
  fi: 'Päivittäinen tilannekatsaus – ennakkoäänestyksen alla',
  sv: 'Daglig lägesrapport – inför förhandsröstningen',
};
const keyJudgements = {
  fi: '- Väitteet kadonneista äänistä leviävät yhä, mutta luottamus vaalien toimittamiseen on vakaa.\n- Palvelunestohyökkäykset ovat jääneet lyhytaikaisiksi.',
  sv: '- Påståendena om försvunna röster sprids fortfarande, men förtroendet för valförrättningen är stabilt.\n- Överbelastningsattackerna har varit kortvariga.',
};
const recommendations = {
  fi: '- Kunnat tarkistavat vaalitulospalvelun palvelunestosuojauksen ennen vaalipäivää.',
  sv: '- Kommunerna kontrollerar skyddet mot överbelastningsattacker för resultattjänsten före valdagen.',
};
const cyber = {
  fi: 'Palvelunestohyökkäykset kuntien sivustoja vastaan jatkuivat. Häiriöt kestivät enintään 20 minuuttia, eikä äänestäminen häiriintynyt.',
  sv: 'Överbelastningsattackerna mot kommunernas webbplatser fortsatte. Störningarna varade högst 20 minuter och röstningen påverkades inte.',
};

/** Yesterday in Helsinki as the date field wants it: the period starts there, whatever the hour now. */
const yesterday = () =>
  new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Helsinki' }).format(new Date(Date.now() - 86_400_000));

interface Issue {
  code: string;
  incidentId?: string;
}
interface DraftView {
  draft: { incidents: { id: string; title: string }[]; check: { tlp: string; blocking: Issue[] } } | null;
}

describe.sequential('a daily situation report is drafted, approved, distributed and read', () => {
  let server: TestServer;
  let browser: Browser;
  const sessions: Session[] = [];
  let coordinator: Page;
  let reportPath = '';
  let tlpLabel = '';
  /** Titles of the incidents left out because a recipient may not see them. */
  const leftOut: string[] = [];

  const heading = (page: Page, name: string | RegExp, level = 1) =>
    page.getByRole('heading', { level, name });
  const button = (scope: Page | Locator, name: string | RegExp) =>
    scope.getByRole('button', { name, exact: typeof name === 'string' });
  const section = (page: Page, name: string) =>
    page.locator('section', { has: page.getByRole('heading', { level: 2, name, exact: true }) });
  const sectionCard = (page: Page, name: string) =>
    page.getByRole('article').filter({ has: page.getByRole('heading', { level: 3, name, exact: true }) });

  /** Waits until nothing is loading, then checks accessibility. */
  const settle = async (page: Page, label: string) => {
    await loaded(page);
    await expectAccessible(page, label);
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

  const openReports = async (page: Page, name = 'Tilannekatsaukset') => {
    await page
      .getByRole('navigation', { name: /./ })
      .first()
      .getByRole('link', { name, exact: true })
      .click();
    await shows(heading(page, name));
  };

  /** A choice in a React Aria select: its button, then the option. */
  const choose = async (page: Page, scope: Page | Locator, label: string, option: string | RegExp) => {
    await scope.getByRole('button', { name: new RegExp(label) }).click();
    await page.getByRole('option', { name: option }).click();
  };

  /** Ticks a React Aria checkbox on its label (the input itself is visually hidden). */
  const tick = async (control: Locator) => {
    if (await control.isChecked()) return;
    await control.locator('xpath=ancestor::label[1]').click();
    await expect.poll(() => control.isChecked()).toBe(true);
  };

  /** Opens a section's editor, writes its Finnish and Swedish text and saves both. */
  const writeSection = async (page: Page, sectionTitle: string, text: { fi: string; sv: string }) => {
    const card = sectionCard(page, sectionTitle);
    await button(card, `Muokkaa osiota ${sectionTitle}`).click();
    await card.getByRole('textbox', { name: 'Teksti (suomi, Markdown)' }).fill(text.fi);
    await card.getByRole('tab', { name: /^ruotsi/ }).click();
    await card.getByRole('textbox', { name: 'Teksti (ruotsi, Markdown)' }).fill(text.sv);
    return {
      card,
      save: async () => {
        await button(card, 'Tallenna (suomi, ruotsi)').click();
        await shows(card.getByRole('status').filter({ hasText: 'Muutokset on tallennettu.' }));
        await button(card, 'Sulje').click();
        await shows(button(card, `Muokkaa osiota ${sectionTitle}`));
      },
    };
  };

  const status = (page: Page) => page.locator('.sitrep-meta dd').nth(1);

  beforeAll(async () => {
    await fs.mkdir(screenshots, { recursive: true });
    server = await startTestServer({ demo: true, readyTimeoutMs: 120_000 });
    browser = await launchBrowser();
  }, 180_000);

  // A failed step leaves a picture of every open page, to see what the person would have seen.
  afterEach(async ({ task }) => {
    if (task.result?.state !== 'fail') return;
    for (const [index, session] of sessions.entries()) {
      await session.page
        .screenshot({
          path: path.join(
            screenshots,
            `failed-sitrep-${task.name.slice(0, 40).replace(/\W+/g, '-')}-${index}.png`,
          ),
          fullPage: true,
        })
        .catch(() => undefined);
    }
  });

  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  it('lets the coordinator create the daily report for the 2027 parliamentary election', async () => {
    const page = (coordinator = await signIn(accounts.coordinator));
    await openReports(page);
    // The demo's distributed reports are listed.
    await shows(
      page
        .getByRole('table')
        .getByRole('link', { name: /^Versio \d$/ })
        .first(),
    );
    await settle(page, 'report list');

    await button(page, 'Uusi katsaus').click();
    const dialog = page.getByRole('dialog');
    await shows(dialog.getByRole('heading', { name: 'Uusi tilannekatsaus' }));
    await choose(page, dialog, 'Vaalit', 'Eduskuntavaalit 2027');
    await choose(page, dialog, 'Pohja', 'Päivittäinen tilannekatsaus');
    // The period starts yesterday morning and runs to now (the end left empty).
    await dialog.getByLabel('Alkupäivä').fill(yesterday());
    await dialog.getByLabel('Alkuaika').fill('08:00');
    await showsText(dialog.getByRole('button', { name: /Merkintä/ }), 'TLP:AMBER');
    await expectAccessible(page, 'new report dialog');
    await button(dialog, 'Luo luonnos').click();
    await hides(dialog);

    await expect.poll(() => new URL(page.url()).pathname).toMatch(/^\/reports\/[0-9a-f-]{36}$/);
    reportPath = new URL(page.url()).pathname;
    await shows(heading(page, /^Päivittäinen tilannekatsaus /));
    await showsText(status(page), 'Luonnos');
    // Pre-filled from the period: the domain sections summarise it, the notable incidents are live links.
    const cyberCard = sectionCard(page, 'Kyberturvallisuus');
    await showsText(cyberCard, 'Kirjoitettu: suomi, ruotsi, englanti.');
    await shows(page.getByRole('list', { name: 'Merkittävät tapaukset' }).getByRole('link').first());
    await showsText(sectionCard(page, 'Keskeiset arviot'), 'Puuttuu: suomi, ruotsi, englanti.');
    await settle(page, 'new draft');
  });

  it('lets the coordinator title it, send it to the cooperation group and give the cyber section to NCSC-FI', async () => {
    const page = coordinator;
    const titles = section(page, 'Otsikko');
    await titles.getByRole('textbox', { name: 'Otsikko (suomi)' }).fill(title.fi);
    await titles.getByRole('textbox', { name: 'Otsikko (ruotsi)' }).fill(title.sv);
    await button(titles, 'Tallenna otsikko').click();
    await shows(heading(page, title.fi));

    const recipients = section(page, 'Vastaanottajat');
    await tick(recipients.getByRole('checkbox', { name: 'Vaaliturvallisuuden yhteistyöryhmä' }));
    await button(recipients, 'Tallenna vastaanottajat').click();
    await shows(recipients.getByRole('status').filter({ hasText: 'Muutokset on tallennettu.' }));

    // The check names every incident a member of the group may not see; the coordinator leaves them out.
    const marking = section(page, 'Merkintä');
    const incidents = section(page, 'Merkittävät tapaukset');
    const api = `/api/v1/sitreps/${reportPath.split('/').pop()}`;
    for (let round = 0; round < 16; round += 1) {
      const view = (await (await page.request.get(api)).json()) as DraftView;
      const blocking = view.draft!.check.blocking.filter(
        (i) => i.code === 'recipient_may_not_see' && i.incidentId,
      );
      if (blocking.length === 0) break;
      if (round === 0) {
        await showsText(marking, 'estää hyväksynnän');
        await page.screenshot({
          path: path.join(screenshots, 'sitrep-01-distribution-blocked-fi.png'),
          fullPage: true,
        });
      }
      const incident = view.draft!.incidents.find((i) => i.id === blocking[0]!.incidentId)!;
      leftOut.push(incident.title);
      await showsText(marking, `”${incident.title}”`);
      const remove = button(incidents, `Poista ${incident.title} katsauksesta`);
      await remove.click();
      await hides(remove);
    }
    await showsText(marking, 'Kaikki vastaanottajat saavat nähdä kaiken, mitä katsaus sisältää.');

    // Only now may NCSC-FI write in it: an organisation writing a section must see every incident
    // the report includes, and the ones a member of the group may not see are out.
    await choose(page, sectionCard(page, 'Kyberturvallisuus'), 'Kuka kirjoittaa osion', /^NCSC-FI – /);
    await showsText(sectionCard(page, 'Kyberturvallisuus'), 'Kirjoittaja: NCSC-FI');
    // The marking stays as the included incidents once required; it is what the recipients will see.
    const view = (await (await page.request.get(api)).json()) as DraftView;
    tlpLabel = `TLP:${view.draft!.check.tlp.toUpperCase()}`;
    await showsText(marking, tlpLabel);

    // The coordinator writes the key judgements and the recommended actions in Finnish and Swedish.
    await (await writeSection(page, 'Keskeiset arviot', keyJudgements)).save();
    await (await writeSection(page, 'Suositellut toimenpiteet', recommendations)).save();
    await showsText(marking, 'Vielä keskeneräinen: englanti.');
    await settle(page, 'draft ready for the analyst');
    await page.screenshot({ path: path.join(screenshots, 'sitrep-02-draft-fi.png'), fullPage: true });
  });

  it('lets NCSC-FI’s analyst write the cyber section, in Finnish and Swedish', async () => {
    const page = await signIn(accounts.ncsc);
    await openReports(page);
    await page.getByRole('link', { name: title.fi }).click();
    await shows(heading(page, title.fi));
    // Only the cyber section is hers to write.
    await counts(page.getByRole('button', { name: /^Muokkaa osiota / }), 1);
    const { card, save } = await writeSection(page, 'Kyberturvallisuus', cyber);
    await shows(card.locator('.sitrep-preview[lang="sv"]').getByText(cyber.sv));
    await settle(page, 'analyst writing the cyber section');
    await page.screenshot({
      path: path.join(screenshots, 'sitrep-03-analyst-writes-cyber-fi.png'),
      fullPage: true,
    });
    await save();
    await showsText(card, 'viimeksi tallentanut');
  });

  it('lets the coordinator submit, approve and distribute it', async () => {
    const page = coordinator;
    await page.reload();
    await shows(heading(page, title.fi));
    const cyberCard = sectionCard(page, 'Kyberturvallisuus');
    await cyberCard.getByText('Näytä teksti (suomi)').click();
    await showsText(cyberCard, cyber.fi);

    const workflow = section(page, 'Käsittely');
    await button(workflow, 'Lähetä tarkastettavaksi').click();
    await showsText(status(page), 'Tarkastettavana');
    await button(workflow, 'Hyväksy…').click();
    const approve = page.getByRole('dialog');
    await approve
      .getByRole('textbox', { name: 'Huomautus (vapaaehtoinen)' })
      .fill('Hyväksytty ennen aamupalaveria.');
    await expectAccessible(page, 'approval dialog');
    await button(approve, 'Hyväksy').click();
    await hides(approve);
    await showsText(status(page), 'Hyväksytty');

    await button(workflow, 'Jaa…').click();
    const distribute = page.getByRole('alertdialog').or(page.getByRole('dialog'));
    await showsText(distribute, 'Jakoa ei voi perua.');
    await button(distribute, 'Jaa').click();
    await hides(distribute);
    await showsText(status(page), 'Jaettu');
    await shows(section(page, 'Versiot').getByRole('cell', { name: 'suomi, ruotsi', exact: true }));
    await settle(page, 'distributed report');
  });

  it('lets a reader at DVV read it in Swedish and download the PDF', async () => {
    const page = await signIn(accounts.recipient);
    const saved = page.waitForResponse(
      (r) => r.url().endsWith('/api/v1/me') && r.request().method() === 'PATCH',
    );
    await page.getByRole('radio', { name: 'Svenska' }).click();
    await saved;
    await expect.poll(() => page.getAttribute('html', 'lang')).toBe('sv');

    // The distribution notified her; the notification leads to the report.
    await page.getByRole('link', { name: /^Aviseringar, \d+ olästa?$/ }).click();
    await shows(heading(page, 'Aviseringar'));
    await settle(page, 'notifications in Swedish');
    await page.getByRole('link', { name: title.sv }).click();
    await shows(heading(page, title.sv));

    const reading = page.locator('article.sitrep-reading[lang="sv"]');
    await shows(reading.getByRole('heading', { name: 'Cybersäkerhet' }));
    await shows(reading.getByRole('heading', { name: 'Huvudsakliga bedömningar' }));
    await shows(reading.getByRole('heading', { name: 'Rekommenderade åtgärder' }));
    await showsText(reading, cyber.sv);
    // Nothing about an incident the coordinator left out reaches the recipient, not even its title.
    expect(leftOut.length).toBeGreaterThan(0);
    const read = (await reading.textContent()) ?? '';
    for (const left of leftOut) expect(read).not.toContain(left);
    await showsText(reading, keyJudgements.sv.split('\n')[0]!.slice(2));
    await showsText(reading.locator('.tlp-badge').first(), tlpLabel);
    const languages = page.getByRole('navigation', { name: 'Språk' });
    expect(await languages.getByRole('button', { name: 'svenska' }).getAttribute('aria-pressed')).toBe(
      'true',
    );
    await shows(languages.getByText('engelska: finns inte'));
    await settle(page, 'report read in Swedish');
    await page.screenshot({ path: path.join(screenshots, 'sitrep-04-reading-sv.png'), fullPage: true });

    const link = page.getByRole('link', { name: 'PDF-fil (svenska)' });
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toMatch(/-v1-sv\.pdf$/);
    const file = path.join(server.dataDir, download.suggestedFilename());
    await download.saveAs(file);
    const bytes = await fs.readFile(file);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(bytes.length).toBeGreaterThan(5_000);
    const response = await page.request.get((await link.getAttribute('href'))!);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toBe('application/pdf');

    const { stdout: text } = await promisify(execFile)('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-']);
    const flat = text.replace(/\s+/g, ' ');
    for (const sheet of text.split('\f').filter((p) => p.trim() !== '')) expect(sheet).toContain(tlpLabel);
    expect(flat).toContain('Cybersäkerhet');
    expect(flat).toContain('Huvudsakliga bedömningar');
    expect(flat).toContain('Överbelastningsattackerna mot kommunernas webbplatser fortsatte.');
  });

  it('shows the coordinator that DVV has read it', async () => {
    const page = coordinator;
    await page.reload();
    const receipts = section(page, 'Lukukuittaukset');
    const dvv = receipts.getByRole('row', { name: /^DVV/ });
    await expect.poll(async () => (await dvv.textContent()) ?? '').not.toContain('Ei vielä luettu');
    await settle(page, 'read receipts');
    expect(sessions.flatMap((session) => session.problems)).toEqual([]);
  });
});
