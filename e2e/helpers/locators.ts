import type { Locator } from 'playwright-core';
import { expect } from 'vitest';

/** Playwright's web-first assertions, for vitest: each waits until it holds or the timeout passes. */
export const shows = (locator: Locator) => locator.waitFor({ state: 'visible' });
export const hides = (locator: Locator) => locator.waitFor({ state: 'hidden' });
export const showsText = (locator: Locator, text: string) =>
  expect.poll(async () => (await locator.textContent()) ?? '', { timeout: 10_000 }).toContain(text);
export const counts = (locator: Locator, expected: number) =>
  expect.poll(() => locator.count(), { timeout: 10_000 }).toBe(expected);
