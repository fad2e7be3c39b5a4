import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

/** Playwright's web-first assertions, for vitest: each waits until it holds or the timeout passes. */
export const shows = (locator: Locator) => locator.waitFor({ state: 'visible' });
export const hides = (locator: Locator) => locator.waitFor({ state: 'hidden' });
export const showsText = (locator: Locator, text: string) =>
  expect.poll(async () => (await locator.textContent()) ?? '', { timeout: 10_000 }).toContain(text);
export const counts = (locator: Locator, expected: number) =>
  expect.poll(() => locator.count(), { timeout: 10_000 }).toBe(expected);
/** Waits until no loading indicator (a status saying "Ladataan", "Laddar" or "Loading") is left. */
export const loaded = (page: Page) =>
  expect
    .poll(
      () =>
        page
          .getByRole('status')
          .filter({ hasText: /Ladataan|Laddar|Loading/ })
          .count(),
      {
        timeout: 15_000,
      },
    )
    .toBe(0);
