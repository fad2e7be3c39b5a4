import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';

const blocking = new Set(['serious', 'critical']);

/** Runs axe with the WCAG 2.1 A and AA rules; fails on anything serious or critical. */
export const expectAccessible = async (page: Page, label: string): Promise<void> => {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const violations = results.violations.filter((violation) => blocking.has(violation.impact ?? ''));
  if (violations.length === 0) return;
  const report = violations
    .map((violation) => {
      const targets = violation.nodes.map((node) => `    ${node.target.join(' ')}`).join('\n');
      return `  ${violation.id} (${violation.impact}): ${violation.help}\n${targets}`;
    })
    .join('\n');
  throw new Error(`Accessibility violations on ${label} (${page.url()}):\n${report}`);
};
