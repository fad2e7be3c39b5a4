import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const launchBrowser = (): Promise<Browser> =>
  chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });

export interface Session {
  context: BrowserContext;
  page: Page;
  /** Console errors and CSP violations seen so far: the app should cause none. */
  problems: string[];
}

export const openSession = async (browser: Browser, baseUrl: string, locale = 'fi-FI'): Promise<Session> => {
  const context = await browser.newContext({
    baseURL: baseUrl,
    locale,
    viewport: { width: 1280, height: 800 },
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && !/status of 4\d\d/.test(message.text())) problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.stack ?? error.message));
  return { context, page, problems };
};
