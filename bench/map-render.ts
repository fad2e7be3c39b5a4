import { chromium, type Browser } from 'playwright-core';

/**
 * Time to a rendered map: from navigating to the situation page until its choropleth has been drawn
 * (ECharts' `finished` after the data arrived, which the page marks with
 * `data-chart-state="rendered"` on the map). Each run is a fresh browser context, so nothing is
 * cached but the server's own warm state; one unmeasured run warms the server first.
 */

export interface MapRenderOptions {
  baseUrl: string;
  /** The session cookie(s) of a signed-in user, as a Cookie header: "name=value; other=value". */
  cookie: string;
  /** The page to open; /situation opens the current or next election. */
  path?: string;
  runs?: number;
  executablePath?: string;
  timeoutMs?: number;
}

export interface MapRenderResult {
  path: string;
  runs: number[];
  medianMs: number;
  minMs: number;
  maxMs: number;
  targetMs: number;
  metTarget: boolean;
}

const TARGET_MS = 1000;

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

const parseCookies = (header: string, baseUrl: string) =>
  header
    .split(';')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const eq = part.indexOf('=');
      return { name: part.slice(0, eq), value: part.slice(eq + 1), url: baseUrl };
    });

/** Records, inside the page, the moment the map is first marked rendered (no polling delay). */
const markRendered = () => {
  const record = () => {
    const map = document.querySelector('[data-map-level][data-chart-state="rendered"]');
    if (map && !(window as unknown as { __mapRenderedAt?: number }).__mapRenderedAt)
      (window as unknown as { __mapRenderedAt?: number }).__mapRenderedAt = performance.now();
  };
  new MutationObserver(record).observe(document, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ['data-chart-state'],
  });
};

const measureOnce = async (browser: Browser, options: Required<MapRenderOptions>): Promise<number> => {
  const context = await browser.newContext({
    baseURL: options.baseUrl,
    viewport: { width: 1280, height: 900 },
  });
  try {
    await context.addCookies(parseCookies(options.cookie, options.baseUrl));
    const page = await context.newPage();
    await page.addInitScript(markRendered);
    await page.goto(options.path, { waitUntil: 'commit' });
    await page.waitForSelector('[data-map-level][data-chart-state="rendered"]', {
      timeout: options.timeoutMs,
    });
    // performance.now() counts from the navigation's start (timeOrigin).
    return await page.evaluate(
      () => (window as unknown as { __mapRenderedAt?: number }).__mapRenderedAt ?? performance.now(),
    );
  } finally {
    await context.close();
  }
};

export const benchMapRender = async (options: MapRenderOptions): Promise<MapRenderResult> => {
  const settings: Required<MapRenderOptions> = {
    path: '/situation',
    runs: 5,
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    timeoutMs: 30_000,
    ...options,
  };
  const browser = await chromium.launch({
    executablePath: settings.executablePath,
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
    ],
  });
  try {
    await measureOnce(browser, settings);
    const runs: number[] = [];
    for (let i = 0; i < settings.runs; i += 1) runs.push(await measureOnce(browser, settings));
    const medianMs = median(runs);
    return {
      path: settings.path,
      runs: runs.map((ms) => Math.round(ms)),
      medianMs: Math.round(medianMs),
      minMs: Math.round(Math.min(...runs)),
      maxMs: Math.round(Math.max(...runs)),
      targetMs: TARGET_MS,
      metTarget: medianMs < TARGET_MS,
    };
  } finally {
    await browser.close();
  }
};

export const formatMapRender = (result: MapRenderResult): string =>
  `Time to a rendered map (${result.path}, Chromium, median of ${result.runs.length}): ` +
  `${result.medianMs} ms (min ${result.minMs}, max ${result.maxMs}; runs ${result.runs.join(', ')}) — ` +
  `target < ${result.targetMs} ms: ${result.metTarget ? 'met' : 'NOT met'}`;
