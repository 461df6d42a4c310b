import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';

/** Debian's Chromium, which `npm test` installs when missing; no browser download of Playwright's own. */
export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOTS = path.resolve(__dirname, '..', '..', '..', '.mnemo', 'screenshots');

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** A full-page picture for a person to look at (git-ignored). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** The cells of a table's body, row by row, as the reader sees them (header cells of a row included). */
export const tableRows = (page: Page, label: string): Promise<string[][]> =>
  page
    .getByRole('table', { name: label, exact: true })
    .locator('tbody tr')
    .evaluateAll((rows) =>
      rows.map((row) =>
        Array.from(row.querySelectorAll('th, td')).map((cell) => (cell as HTMLElement).innerText.trim()),
      ),
    );

/** Waits until the lineage canvas has applied its layout, then returns the ids of the nodes drawn. */
export async function graphNodes(page: Page): Promise<DrawnNode[]> {
  await page.waitForFunction(() => window.__mnemoGraphReady === true);
  return page.evaluate(() =>
    window.__mnemoCy!.nodes().map((node) => ({ id: node.id(), kind: node.data('kind'), count: node.data('count') })),
  );
}

export interface DrawnNode {
  id: string;
  kind: string;
  /** How many nodes a group node stands for. */
  count?: number;
}

/** The ids a drawing stands for: each node, or the members of a group node (as the API folded them). */
export function representedIds(nodes: DrawnNode[], membersOf: ReadonlyMap<string, string[]> = new Map()): Set<string> {
  return new Set(
    nodes.flatMap((node) => {
      if (node.count === undefined) return [node.id];
      const members = membersOf.get(node.id);
      if (members?.length !== node.count) throw new Error(`group ${node.id} drawn for ${node.count} nodes`);
      return members;
    }),
  );
}
