import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { type Harness, startHarness } from '../test-support/harness';
import { seedMigrationChain } from '../test-support/migration-fixtures';

const CLI = path.resolve(__dirname, '../../dist/cli/main.js');
let harness: Harness;
let base: string;

beforeAll(async () => {
  harness = await startHarness();
  base = harness.url.replace(/\/graphql$/, '');
  await harness.ok(`mutation {
    createProject(input: { slug: "mig", name: "Migrations" }) { id }
    a: createTeam(input: { slug: "warehouse", name: "Warehouse" }) { id }
    b: createTeam(input: { slug: "ml-platform", name: "ML platform" }) { id }
    c: createUser(input: { handle: "bo", name: "Bo" }) { id }
  }`);
  await seedMigrationChain((query, variables) => harness.ok(query, variables));
}, 120_000);
afterAll(() => harness.close());

// Asynchronous on purpose: the api under test answers from this same process.
const cli = (...args: string[]) => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: npm test builds it (npx tsc -b services/api)`);
  return new Promise<{ status: number; stdout: string; stderr: string }>((resolve) => {
    execFile('node', [CLI, 'migration', ...args, '--url', base], { encoding: 'utf8' }, (error, stdout, stderr) => {
      resolve({ status: error ? Number(error.code) : 0, stdout, stderr });
    });
  });
};

describe('mnemo migration (the CLI, as a real process)', () => {
  let id: string;

  it('plans a migration from a script and prints its id', async () => {
    const result = await cli(
      'plan',
      '--target',
      'dataset:mig/orders@1',
      '--kind',
      'drop',
      '--effective-at',
      '2027-01-15T00:00:00Z',
      '--note',
      'orders@2 replaces it',
    );
    expect(result).toEqual(expect.objectContaining({ status: 0, stdout: 'dataset:mig/orders@1/migration/1\n' }));
    id = result.stdout.trim();
    const { migration } = await harness.ok(`query($id: ID!) { migration(id: $id) { changeKind note } }`, { id });
    expect(migration).toEqual({ changeKind: 'DROP', note: 'orders@2 replaces it' });
  });

  it('exits 1 while the production deployment waits on its owner, saying who in words', async () => {
    const result = await cli('check', id);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('team:ml-platform has not answered yet');
    expect(result.stdout).toContain('Scoring (deployment:mig/prod): team:ml-platform has not answered');
    expect(result.stderr).toContain("1 production deployment(s) still wait on an owner's acknowledgement");
  });

  it('exits 0 once the production owner acknowledged, whoever else has not', async () => {
    await harness.ok(`mutation($id: ID!) { acknowledgeMigration(id: $id, ownerId: "team:ml-platform") { state } }`, {
      id,
    });
    const result = await cli('check', id);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('team:ml-platform acknowledged');
    expect(result.stdout).toContain('user:bo has not answered yet');
    expect(result.stdout).toContain('No production deployment at risk.');
  });

  it('exits 2 with the reason for an unknown migration, bad arguments or bad input', async () => {
    const unknown = await cli('check', 'dataset:mig/orders@1/migration/9');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('No planned migration with id "dataset:mig/orders@1/migration/9"');
    const usage = await cli('plan', '--target', 'dataset:mig/orders@1');
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain('--kind is required');
    const refused = await cli(
      'plan',
      '--target',
      'dataset:mig/orders@1',
      '--kind',
      'retype_columns',
      '--effective-at',
      '2027-01-15T00:00:00Z',
    );
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('columns must name the columns to retype');
  });
});
