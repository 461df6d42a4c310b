import type { Browser, Page } from 'playwright-core';
import { expectNoSeriousViolations } from './support/accessibility';
import { launchChromium } from './support/browser';

/**
 * The axe check every browser test calls on its pages: it must fail, naming rule, element and help,
 * on a page with serious or critical violations, and pass a page without them.
 */
let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

beforeEach(async () => {
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
});

afterEach(async () => {
  await page.close();
});

test('a nameless button and grey-on-white text fail the check, each named with its elements and help', async () => {
  await page.setContent(`<!doctype html><html lang="en"><head><title>Broken</title></head><body><main>
    <h1>Broken</h1><button id="nameless"></button><p id="faint" style="color:#ddd;background:#fff">Hard to read</p>
  </main></body></html>`);
  const failure = await expectNoSeriousViolations(page).then(
    () => null,
    (error: Error) => error.message,
  );
  expect(failure).toContain('button-name (critical)');
  expect(failure).toContain('#nameless');
  expect(failure).toContain('Buttons must have discernible text');
  expect(failure).toContain('color-contrast (serious)');
  expect(failure).toContain('#faint');
});

test('a page with a named button and readable text passes', async () => {
  await page.setContent(`<!doctype html><html lang="en"><head><title>Fine</title></head><body><main>
    <h1>Fine</h1><button>Save</button><p style="color:#222;background:#fff">Easy to read</p>
  </main></body></html>`);
  await expectNoSeriousViolations(page);
});
