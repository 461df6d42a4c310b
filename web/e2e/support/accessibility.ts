import type { AxeResults, Result } from 'axe-core';
import { source as axeSource } from 'axe-core';
import type { Page } from 'playwright-core';
import { screenshot } from './browser';

/** The two screens the explorer must read well on (issue 21). */
export const SCREEN_SIZES = [
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
] as const;

const BLOCKING = new Set(['serious', 'critical']);

/**
 * Runs axe-core in the page as it is now and throws on any serious or critical violation, naming
 * each rule, its help text and the elements it found; minor and moderate ones are not failures.
 */
export async function expectNoSeriousViolations(page: Page): Promise<void> {
  // Next.js sets the title while a client-side navigation settles: judge the page once it has one
  // (a page that never gets one still fails, on document-title).
  await page.waitForFunction(() => document.title !== '', undefined, { timeout: 5_000 }).catch(() => undefined);
  // Evaluated through the DevTools protocol, so the explorer's Content-Security-Policy does not apply.
  await page.evaluate(axeSource);
  const results = await page.evaluate(() =>
    (window as unknown as { axe: { run(options: object): Promise<AxeResults> } }).axe.run({
      resultTypes: ['violations'],
    }),
  );
  const blocking = results.violations.filter((violation) => BLOCKING.has(violation.impact ?? ''));
  if (blocking.length > 0) {
    throw new Error(
      `axe-core found ${blocking.length} serious or critical violations on ${page.url()}:\n${blocking.map(describe).join('\n')}`,
    );
  }
}

function describe(violation: Result): string {
  const nodes = violation.nodes.map(
    (node) => `    ${node.target.join(' ')}: ${node.failureSummary?.replace(/\n/g, ' ')}`,
  );
  return [`  ${violation.id} (${violation.impact}): ${violation.help} — ${violation.helpUrl}`, ...nodes].join('\n');
}

/**
 * Every page a browser test visits goes through here once it shows what the test came for: checked
 * by axe at both screen sizes, and a full-page picture of each (`<name>-1280.png`, `<name>-1920.png`)
 * for a person to look at. The page keeps its own viewport afterwards.
 */
export async function checkPage(page: Page, name: string): Promise<void> {
  const original = page.viewportSize();
  try {
    for (const size of SCREEN_SIZES) {
      await page.setViewportSize(size);
      await expectNoSeriousViolations(page);
      await screenshot(page, `${name}-${size.width}`);
    }
  } finally {
    if (original) await page.setViewportSize(original);
  }
}
