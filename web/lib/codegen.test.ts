import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * The explorer's operations are checked against schema/schema.graphql by GraphQL Code Generator
 * (web/codegen.ts), which `npm test`, `npm start` and the web build run before anything else: an
 * operation the schema does not allow stops them. Here the same CLI and configuration run, as a real
 * process, on operations written to a temporary folder, and on the explorer's own.
 */
const WEB = path.resolve(__dirname, '..');
const CLI = require
  .resolve('@graphql-codegen/cli/package.json', { paths: [WEB] })
  .replace(/package\.json$/, 'cjs/bin.js');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'mnemo-codegen-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the CLI with web/codegen.ts, its output put in the temp folder and its documents (the explorer's) replaced by `documents` when given. */
function codegen(documents?: string[]) {
  const configFile = path.join(dir, 'codegen.ts');
  writeFileSync(
    configFile,
    `import config from ${JSON.stringify(path.join(WEB, 'codegen'))};\n` +
      `const [preset] = Object.values(config.generates);\n` +
      `export default { ...config, documents: ${JSON.stringify(documents)} ?? config.documents, generates: { ${JSON.stringify(`${dir}/gql/`)}: preset } };\n`,
  );
  // Without NODE_ENV=test (which Jest sets), the CLI prints the validation errors as `npm test` shows them.
  const env = { ...process.env, NODE_ENV: 'development' };
  const run = spawnSync('node', [CLI, '--config', configFile], { cwd: dir, env, encoding: 'utf8', timeout: 120_000 });
  return { status: run.status, output: `${run.stdout}\n${run.stderr}` };
}

function operationFile(name: string, operation: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, `import { gql } from './gql';\nexport const OPERATION = gql(\`\n${operation}\n\`);\n`);
  return file;
}

const generatedTypes = () => readFileSync(path.join(dir, 'gql', 'graphql.ts'), 'utf8');

it('types an operation the schema allows: its result and its variables', () => {
  const run = codegen([operationFile('ok.ts', 'query EntityKind($id: ID!) { node(id: $id) { id kind } }')]);
  expect(run).toMatchObject({ status: 0 });
  expect(generatedTypes()).toContain('export type EntityKindQuery = { node:');
  expect(generatedTypes()).toMatch(/export type EntityKindQueryVariables = Exact<\{\s*id: string \| number;\s*\}>/);
});

it('fails on a field the schema does not have, naming it', () => {
  const run = codegen([operationFile('unknown-field.ts', 'query Who { whoami { actor favouriteColour } }')]);
  expect(run.status).not.toBe(0);
  expect(run.output).toMatch(/Cannot query field "favouriteColour" on type "Principal"/);
});

it('fails on a variable of the wrong type and on a missing required argument', () => {
  const wrongType = codegen([operationFile('wrong-type.ts', 'query ByNumber($id: Int!) { node(id: $id) { id } }')]);
  expect(wrongType.status).not.toBe(0);
  expect(wrongType.output).toMatch(/Variable "\$id" of type "Int!" used in position expecting type "ID!"/);
  const missing = codegen([operationFile('missing-argument.ts', 'query NoId { node { id } }')]);
  expect(missing.status).not.toBe(0);
  expect(missing.output).toMatch(/argument "id" of type "ID!" is required/);
});

it('accepts every operation the explorer sends (web/app, web/components, web/lib)', () => {
  const run = codegen();
  expect(run).toMatchObject({ status: 0 });
  for (const name of ['EntityQuery', 'LineageQuery', 'AddReviewMutation', 'NodeSummaryFragment'])
    expect(generatedTypes()).toContain(`export type ${name} =`);
});
