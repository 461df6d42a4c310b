import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Harness, startHarness } from '../../test-support/harness';
import { type PromotionFixture, seedPromotionFixture } from '../../test-support/promotion-fixtures';

const CLI = path.resolve(__dirname, '../../../dist/cli/main.js');
let harness: Harness;
let fixture: PromotionFixture;
let base: string;
let policies: string;

const POLICY = `# auc and fairness only
gates:
  - name: auc at least 0.80
    kind: metric-threshold
    metric: auc
    min: 0.8
  - name: demographic parity
    kind: fairness
    metric: demographic_parity_difference
    max: 0.1
`;

beforeAll(async () => {
  harness = await startHarness();
  fixture = await seedPromotionFixture(harness);
  base = harness.url.replace(/\/graphql$/, '');
  policies = mkdtempSync(path.join(tmpdir(), 'mnemo-gate-'));
  writeFileSync(path.join(policies, 'auc.yaml'), POLICY);
  writeFileSync(path.join(policies, 'typo.yaml'), 'gates:\n  - kind: metric-treshold\n    metric: auc\n');
}, 120_000);
afterAll(() => harness.close());

// Asynchronous on purpose: the api under test answers from this same process.
const cli = (...args: string[]) => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: npm test builds it (npx tsc -b services/api)`);
  return new Promise<{ status: number; stdout: string; stderr: string }>((resolve) => {
    execFile('node', [CLI, ...args], { encoding: 'utf8' }, (error, stdout, stderr) => {
      resolve({ status: error ? Number(error.code) : 0, stdout, stderr });
    });
  });
};

describe('mnemo gate check (the CLI, as a real process)', () => {
  it('exits 0 and prints a readable report when every gate passes', async () => {
    const result = await cli(
      'gate',
      'check',
      fixture.good,
      '--to',
      'production',
      '--policy',
      path.join(policies, 'auc.yaml'),
      '--url',
      base,
    );
    expect(result.stderr).toContain(`checking the PROD promotion gates of ${fixture.good}`);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`# Promotion gates: \`${fixture.good}\` → PROD`);
    expect(result.stdout).toContain('**PASSED**: all 2 gates passed.');
    expect(result.stdout).toContain('| pass | auc at least 0.80 | metric-threshold | 0.85 | >= 0.8 |');
    expect(result.stdout).toContain(
      '| pass | demographic parity | fairness | 0.04 | \\|demographic_parity_difference\\| <= 0.1 |',
    );
  });

  it('exits 1 when a gate fails, saying which and why', async () => {
    const result = await cli(
      'gate',
      'check',
      fixture.bad,
      '--to',
      'production',
      '--policy',
      path.join(policies, 'auc.yaml'),
      '--url',
      base,
    );
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('**FAILED**: 2 of 2 gates failed.');
    expect(result.stdout).toContain('| **FAIL** | auc at least 0.80 | metric-threshold | 0.7 | >= 0.8 |');
    expect(result.stdout).toContain('- **auc at least 0.80**: auc is 0.7; required >= 0.8');
    expect(result.stderr).toContain('2 gate(s) failed');
  });

  it('without --policy uses the policy stored for the project (else the default); --format json is the GraphQL report', async () => {
    const failing = await cli('gate', 'check', fixture.bad, '--to', 'dev', '--format', 'json', '--url', base);
    expect(failing.status).toBe(1);
    const report = JSON.parse(failing.stdout);
    expect(report).toMatchObject({ modelVersionId: fixture.bad, environment: 'DEV', passed: false });
    expect(report.gates.map((gate: { kind: string }) => gate.kind)).toEqual(['provenance']);

    await harness.ok(
      `mutation($policy: String!) {
      setPromotionPolicy(projectId: "project:churn", environment: DEV, policy: $policy) { source }
    }`,
      { policy: 'gates:\n  - kind: metric-threshold\n    metric: auc\n    min: 0.5\n' },
    );
    const passing = await cli('gate', 'check', fixture.bad, '--to', 'dev', '--format', 'json', '--url', base);
    expect(passing.status).toBe(0);
    expect(JSON.parse(passing.stdout)).toMatchObject({
      passed: true,
      gates: [{ kind: 'metric-threshold', actual: '0.7' }],
    });
  });

  it('exits 2 with the reason for a bad policy file, a missing one, an unknown id and bad arguments', async () => {
    const typo = await cli(
      'gate',
      'check',
      fixture.good,
      '--to',
      'production',
      '--policy',
      path.join(policies, 'typo.yaml'),
      '--url',
      base,
    );
    expect(typo.status).toBe(2);
    expect(typo.stderr).toContain(
      'BAD_USER_INPUT: Invalid promotion policy: policy.gates[0].kind "metric-treshold" is not a gate kind',
    );
    expect(typo.stderr).toContain('typo.yaml');
    expect(typo.stdout).toBe('');

    const missing = await cli(
      'gate',
      'check',
      fixture.good,
      '--to',
      'production',
      '--policy',
      path.join(policies, 'nope.yaml'),
      '--url',
      base,
    );
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('cannot read the policy file');

    const unknown = await cli('gate', 'check', 'model:churn/churn-classifier@404', '--to', 'staging', '--url', base);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('NOT_FOUND: No model version with id "model:churn/churn-classifier@404".');

    const noTarget = await cli('gate', 'check', fixture.good, '--url', base);
    expect(noTarget.status).toBe(2);
    expect(noTarget.stderr).toContain('--to production|staging|dev is required');
    const badTarget = await cli('gate', 'check', fixture.good, '--to', 'moon', '--url', base);
    expect(badTarget.status).toBe(2);
    expect(badTarget.stderr).toContain('--to must be production, staging or dev; got "moon"');
  });

  it('exits 2 when the server cannot be reached', async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    const result = await cli(
      'gate',
      'check',
      fixture.good,
      '--to',
      'production',
      '--url',
      `http://127.0.0.1:${closedPort}`,
    );
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`cannot reach the Mnemo server at http://127.0.0.1:${closedPort}`);
  });

  it('keeps `mnemo impact` working', async () => {
    const result = await cli('impact', 'dataset:churn/transactions@2026-10', '--format', 'json', '--url', base);
    expect(result.status).toBe(0);
    const impact = JSON.parse(result.stdout);
    expect(impact.affected.map((item: { node: { id: string } }) => item.node.id)).toEqual(
      expect.arrayContaining(['featureset:churn/customer@1', fixture.good]),
    );
  });
});
