import { readFileSync } from 'node:fs';
import path from 'node:path';
import { MnemoError } from '../../platform/errors';
import { GOVERNANCE_DIR } from '../../platform/governance-dir';
import { digestOf } from '../../test-support/fixtures';
import { expectRefusedWithoutChange, type Harness, startHarness } from '../../test-support/harness';
import { parseTemplate, repositoryTemplate, TEMPLATE_KINDS } from './metadata-template';

const strictYaml = (kind: string) =>
  readFileSync(path.join(GOVERNANCE_DIR, 'templates', 'strict', `${kind}.yaml`), 'utf8');

const LOAD_TEMPLATE = `mutation($projectId: ID!, $kind: String!, $yaml: String!) {
  loadMetadataTemplate(projectId: $projectId, kind: $kind, yaml: $yaml) { kind source parts { appliesTo required } }
}`;
const TEMPLATE = `query($projectId: ID!, $kind: String!) {
  metadataTemplate(projectId: $projectId, kind: $kind) {
    projectId kind source path yaml loadedBy parts { appliesTo required recommended } vocabularies { field values }
  }
}`;
const REGISTER_DATASET = `mutation($input: RegisterDatasetInput!) {
  registerDataset(input: $input) { id metadata { key value } completeness { score missingRequired missingRecommended } }
}`;
const REGISTER_DATASET_VERSION = `mutation($input: RegisterDatasetVersionInput!) {
  registerDatasetVersion(input: $input) { id metadata { key value } completeness { score missingRequired missingRecommended } }
}`;
const SET_METADATA = `mutation($entityId: ID!, $metadata: [MetadataFieldInput!]!) {
  setMetadata(entityId: $entityId, metadata: $metadata) { id ... on Dataset { metadata { key value } } }
}`;

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
  await harness.ok(`mutation {
    p1: createProject(input: { slug: "gov-strict", name: "Regulated" }) { id }
    p2: createProject(input: { slug: "gov-open", name: "Open" }) { id }
    p3: createProject(input: { slug: "gov-score", name: "Scored" }) { id }
    createTeam(input: { slug: "gov-data", name: "Data" }) { id }
  }`);
  await harness.ok(`mutation { createUser(input: { handle: "gov-ana", name: "Ana" }) { id } }`);
});
afterAll(() => harness.close());

const auditEvents = async (action: string, entityId: string) =>
  (await harness.db.runScript(
    'MATCH (e:AuditEvent {action: $action, entityId: $entityId}) RETURN e.before AS before, e.after AS after ORDER BY e.at',
    { action, entityId },
  )) as { before: string | null; after: string | null }[];

describe('template files', () => {
  it('every template in governance/templates loads, and so does every file of the strict set', () => {
    for (const kind of TEMPLATE_KINDS) {
      expect(repositoryTemplate(kind).kind).toBe(kind);
      expect(parseTemplate(kind, strictYaml(kind), `strict/${kind}.yaml`).kind).toBe(kind);
    }
    expect(repositoryTemplate('dataset').vocabularies.classification).toEqual([
      'public',
      'internal',
      'confidential',
      'pii',
    ]);
  });

  it('the repo defaults require only what every entry point sends (a name, a digest, an environment)', () => {
    const required = TEMPLATE_KINDS.flatMap((kind) => repositoryTemplate(kind).parts.flatMap((part) => part.required));
    expect(new Set(required)).toEqual(new Set(['name', 'digest', 'environment']));
  });

  it('a template with problems is refused with every problem listed', () => {
    const yaml = [
      'kind: model',
      'required: [name, digest, classification, classification]',
      'recommended: [name]',
      'vocabularies:',
      '  classification: [Public, internal]',
      '  licence: []',
      'versions:',
      '  required: [rowCount]',
      '  optional: [uri]',
      'colour: blue',
    ].join('\n');
    let error: MnemoError | undefined;
    try {
      parseTemplate('model', yaml, 'test');
    } catch (e) {
      error = e as MnemoError;
    }
    expect(error?.code).toBe('BAD_USER_INPUT');
    expect(error?.details?.problems).toEqual([
      '"colour" is not a section of a model template (known: kind, description, required, recommended, vocabularies, versions)',
      'required[1] "digest" is not a field of a Model (its own: name, description, tags, owners)',
      'required lists "classification" twice',
      'recommended lists "name", which is already required',
      'versions.optional is not allowed (only required and recommended)',
      'versions.required[0] "rowCount" is not a field of a ModelVersion (its own: version, digest, uri, description, owners, framework, aliases)',
      'vocabularies.classification[0] "Public" must be lower-case',
      'vocabularies.licence must be a non-empty list of values',
    ]);
    expect(() => parseTemplate('dataset', 'kind: [', 'test')).toThrow(
      /Invalid dataset template \(test\): is not valid YAML/,
    );
  });
});

describe('a project that loads its own template', () => {
  it('loads the strict set through GraphQL, audited as template.loaded; other projects keep the repo file', async () => {
    for (const kind of TEMPLATE_KINDS) {
      const { loadMetadataTemplate } = await harness.ok(LOAD_TEMPLATE, {
        projectId: 'project:gov-strict',
        kind,
        yaml: strictYaml(kind),
      });
      expect(loadMetadataTemplate).toMatchObject({ kind, source: 'PROJECT' });
    }
    const { metadataTemplate: own } = await harness.ok(TEMPLATE, { projectId: 'project:gov-strict', kind: 'dataset' });
    expect(own).toMatchObject({
      source: 'PROJECT',
      path: null,
      loadedBy: 'user:tester',
      yaml: strictYaml('dataset'),
      parts: [
        { appliesTo: 'Dataset', required: ['name', 'description', 'owners', 'classification', 'licence'] },
        { appliesTo: 'DatasetVersion', required: ['digest', 'uri', 'classification'] },
      ],
    });
    const { metadataTemplate: repo } = await harness.ok(TEMPLATE, { projectId: 'project:gov-open', kind: 'dataset' });
    expect(repo).toMatchObject({ source: 'REPOSITORY', path: 'governance/templates/dataset.yaml', loadedBy: null });
    expect(repo.vocabularies).toContainEqual({
      field: 'classification',
      values: ['public', 'internal', 'confidential', 'pii'],
    });

    const [loaded] = await auditEvents('template.loaded', 'project:gov-strict');
    expect(JSON.parse(loaded.before!)).toEqual({ kind: 'dataset', yaml: null });
    expect(JSON.parse(loaded.after!)).toEqual({ kind: 'dataset', yaml: strictYaml('dataset') });
  });

  it('a bad template is refused with its problems and changes nothing', async () => {
    const { code, message } = await expectRefusedWithoutChange(harness, LOAD_TEMPLATE, {
      projectId: 'project:gov-open',
      kind: 'dataset',
      yaml: 'kind: run\nrequired: [digest]\n',
    });
    expect(code).toBe('BAD_USER_INPUT');
    expect(message).toBe(
      'Invalid dataset template (loaded text): kind is "run"; this is the dataset template; ' +
        'required[0] "digest" is not a field of a Dataset (its own: name, description, tags, owners).',
    );
  });

  it('a dataset missing required fields, with a value outside a vocabulary, is refused listing every problem and nothing is written', async () => {
    const before = await harness.counts();
    const { code, message } = await expectRefusedWithoutChange(harness, REGISTER_DATASET, {
      input: {
        projectId: 'project:gov-strict',
        slug: 'patients',
        name: 'Patients',
        metadata: [{ key: 'classification', value: 'secret' }],
      },
    });
    expect(code).toBe('BAD_USER_INPUT');
    expect(message).toBe(
      "Invalid dataset: missing required fields: description, owners, licence (metadata) (required by the project's " +
        'dataset template); classification "secret" is not an allowed value (allowed: public, internal, confidential, pii).',
    );
    expect(await harness.counts()).toEqual(before);
  });

  it('the same dataset is accepted in a project on the repo template, which only scores the missing fields', async () => {
    const { registerDataset } = await harness.ok(REGISTER_DATASET, {
      input: { projectId: 'project:gov-open', slug: 'patients', name: 'Patients' },
    });
    expect(registerDataset.completeness).toEqual({
      score: 1 / 6,
      missingRequired: [],
      missingRecommended: ['description', 'owners', 'tags', 'classification', 'licence'],
    });
  });

  it('a complete dataset is accepted, vocabulary values written as the vocabulary spells them', async () => {
    const { registerDataset } = await harness.ok(REGISTER_DATASET, {
      input: {
        projectId: 'project:gov-strict',
        slug: 'patients',
        name: 'Patients',
        description: 'One row per admitted patient',
        ownerIds: ['team:gov-data'],
        metadata: [
          { key: 'classification', value: 'PII' },
          { key: 'licence', value: 'proprietary' },
          { key: 'retention', value: '7y' },
          { key: 'retention', value: 'legal-hold' },
        ],
      },
    });
    expect(registerDataset).toEqual({
      id: 'dataset:gov-strict/patients',
      metadata: [
        { key: 'classification', value: 'pii' },
        { key: 'licence', value: 'proprietary' },
        { key: 'retention', value: '7y' },
        { key: 'retention', value: 'legal-hold' },
      ],
      // strict dataset: 5 required + tags, retention recommended; only tags missing
      completeness: { score: 6 / 7, missingRequired: [], missingRecommended: ['tags'] },
    });
    const [row] = await harness.db.runScript(
      'MATCH (d:Dataset {id: "dataset:gov-strict/patients"}) RETURN d.`meta.classification` AS c, d.`meta.retention` AS r',
    );
    expect(row).toEqual({ c: 'pii', r: ['7y', 'legal-hold'] });
  });

  it("a version inherits its dataset's classification; what it still lacks is listed", async () => {
    const input = {
      datasetId: 'dataset:gov-strict/patients',
      version: '2026-11',
      digest: digestOf('patients-2026-11'),
    };
    const { message } = await expectRefusedWithoutChange(harness, REGISTER_DATASET_VERSION, { input });
    expect(message).toBe(
      "Invalid dataset version: missing required fields: uri (required by the project's dataset template).",
    );
    const { registerDatasetVersion } = await harness.ok(REGISTER_DATASET_VERSION, {
      input: { ...input, uri: 's3://lake/patients/2026-11' },
    });
    expect(registerDatasetVersion).toEqual({
      id: 'dataset:gov-strict/patients@2026-11',
      metadata: [],
      completeness: { score: 3 / 5, missingRequired: [], missingRecommended: ['rowCount', 'sizeBytes'] },
    });
  });

  it("runs started through GraphQL obey the project's run template", async () => {
    await harness.ok(`mutation {
      createExperiment(input: {
        projectId: "project:gov-strict", slug: "triage", name: "Triage", description: "Who first",
        ownerIds: ["user:gov-ana"], metadata: [{ key: "taskType", value: "classification" }]
      }) { id }
    }`);
    const START = `mutation($input: StartRunInput!) { startRun(input: $input) { id completeness { score missingRequired } } }`;
    const { message } = await expectRefusedWithoutChange(harness, START, {
      input: { experimentId: 'experiment:gov-strict/triage', id: 'run:gov-refused', code: { repo: 'git@x:y.git' } },
    });
    expect(message).toBe(
      'Invalid run: missing required fields: codeCommit, entryPoint, languageVersion ' +
        "(required by the project's run template).",
    );
    const { startRun } = await harness.ok(START, {
      input: {
        experimentId: 'experiment:gov-strict/triage',
        id: 'run:gov-accepted',
        code: { repo: 'git@x:y.git', commit: 'abc1234' },
        entryPoint: 'train.py',
        environment: { languageVersion: 'python 3.11' },
      },
    });
    // owners and taskType come from the experiment; seed, packageLockDigest and imageDigest are missing
    expect(startRun.completeness).toEqual({ score: 6 / 9, missingRequired: [] });
  });
});

describe('the MLflow entry point', () => {
  it("obeys a project's template: a run the template refuses is an INVALID_PARAMETER_VALUE and nothing is written", async () => {
    const call = async (endpoint: string, payload: Record<string, unknown>) => {
      const response = await fetch(harness.url.replace('/graphql', `/api/2.0/mlflow/${endpoint}`), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(payload),
      });
      return { status: response.status, body: (await response.json()) as Record<string, any> };
    };
    const { body: experiment } = await call('experiments/create', { name: 'governed' });
    expect(experiment.experiment_id).toBeDefined();
    const accepted = await call('runs/create', { experiment_id: experiment.experiment_id });
    expect(accepted.status).toBe(200);

    await harness.ok(LOAD_TEMPLATE, { projectId: 'project:mlflow', kind: 'run', yaml: strictYaml('run') });
    const before = await harness.counts();
    const refused = await call('runs/create', { experiment_id: experiment.experiment_id });
    expect(refused.status).toBe(400);
    expect(refused.body.error_code).toBe('INVALID_PARAMETER_VALUE');
    expect(refused.body.message).toMatch(/^Invalid run: missing required fields: .*codeRepo, codeCommit, entryPoint/);
    expect(await harness.counts()).toEqual(before);
  });
});

describe('the OpenLineage entry point', () => {
  it("obeys a project's template: an event whose run the template refuses is refused and nothing is written", async () => {
    const post = async (runId: string) => {
      const response = await fetch(harness.url.replace('/graphql', '/api/v1/lineage'), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          eventType: 'START',
          eventTime: '2026-11-01T10:00:00Z',
          producer: 'https://example.org/test',
          schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
          run: { runId },
          job: { namespace: 'gov-ol', name: 'nightly' },
          inputs: [],
          outputs: [],
        }),
      });
      return { status: response.status, body: (await response.json()) as Record<string, any> };
    };
    expect((await post('0b6a3c1e-6f1d-4f37-9a43-0d5c2b7e1a01')).status).toBe(201);
    await harness.ok(LOAD_TEMPLATE, { projectId: 'project:gov-ol', kind: 'run', yaml: strictYaml('run') });
    const before = await harness.counts();
    const refused = await post('0b6a3c1e-6f1d-4f37-9a43-0d5c2b7e1a02');
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toMatch(/Invalid run: missing required fields: owners, codeRepo, codeCommit/);
    expect(await harness.counts()).toEqual(before);
  });
});

describe('setMetadata', () => {
  it('sets, changes and removes keys, each change audited with before and after', async () => {
    const id = 'dataset:gov-open/patients';
    const set = await harness.ok(SET_METADATA, {
      entityId: id,
      metadata: [
        { key: 'classification', value: 'Internal' },
        { key: 'steward', value: 'ana' },
      ],
    });
    expect(set.setMetadata.metadata).toEqual([
      { key: 'classification', value: 'internal' },
      { key: 'steward', value: 'ana' },
    ]);
    const changed = await harness.ok(SET_METADATA, {
      entityId: id,
      metadata: [
        { key: 'classification', value: 'confidential' },
        { key: 'steward', value: '' },
      ],
    });
    expect(changed.setMetadata.metadata).toEqual([{ key: 'classification', value: 'confidential' }]);

    const events = await auditEvents('entity.metadata-set', id);
    expect(events.map((e) => [JSON.parse(e.before!), JSON.parse(e.after!)])).toEqual([
      [
        { classification: null, steward: null },
        { classification: 'internal', steward: 'ana' },
      ],
      [
        { classification: 'internal', steward: 'ana' },
        { classification: 'confidential', steward: null },
      ],
    ]);
    // the same values again change nothing and record nothing
    await harness.ok(SET_METADATA, { entityId: id, metadata: [{ key: 'classification', value: 'confidential' }] });
    expect(await auditEvents('entity.metadata-set', id)).toHaveLength(2);
  });

  it('a value outside a vocabulary, or removing a required field, is refused and changes nothing', async () => {
    const { code, message } = await expectRefusedWithoutChange(harness, SET_METADATA, {
      entityId: 'dataset:gov-strict/patients',
      metadata: [
        { key: 'classification', value: '' },
        { key: 'licence', value: 'gpl' },
      ],
    });
    expect(code).toBe('BAD_USER_INPUT');
    expect(message).toBe(
      'Invalid Dataset dataset:gov-strict/patients: missing required fields: classification (metadata) ' +
        '(required by the project\'s dataset template); licence "gpl" is not an allowed value (allowed: proprietary, ' +
        'cc-by-4.0, cc-by-sa-4.0, cc0-1.0, odbl-1.0, apache-2.0, mit, other).',
    );
    const bad = await expectRefusedWithoutChange(harness, SET_METADATA, {
      entityId: 'dataset:gov-open/patients',
      metadata: [
        { key: 'description', value: 'x' },
        { key: '9lives', value: 'x' },
      ],
    });
    expect(bad.message).toMatch(
      /metadata\[0\]\.key "description" is a built-in field.*metadata\[1\]\.key "9lives" must start/,
    );
  });
});

describe('completeness', () => {
  beforeAll(async () => {
    // Hand-computed against the repo templates (see the expectations below).
    await harness.ok(`mutation {
      a: registerDataset(input: {
        projectId: "project:gov-score", slug: "a", name: "A", description: "Described", tags: ["x"],
        metadata: [{ key: "classification", value: "public" }]
      }) { id }
      b: registerDataset(input: { projectId: "project:gov-score", slug: "b", name: "B", ownerIds: ["user:gov-ana"] }) { id }
      e: createExperiment(input: {
        projectId: "project:gov-score", slug: "e", name: "E", metadata: [{ key: "taskType", value: "regression" }]
      }) { id }
    }`);
    await harness.ok(`mutation {
      v: registerDatasetVersion(input: { datasetId: "dataset:gov-score/a", version: "1", digest: "${digestOf('a1')}" }) { id }
      r: startRun(input: {
        experimentId: "experiment:gov-score/e", id: "run:gov-score-1", seed: 7,
        code: { repo: "git@x:y.git", commit: "abc1234" },
        dataQualityChecks: [{ name: "rows > 0", passed: true, value: 1200, datasetVersionId: "dataset:gov-score/a@1" }]
      }) { id }
    }`);
  });

  it('scores each entity as the share of its required and recommended fields present', async () => {
    const data = await harness.ok(`{
      datasets(filter: { projectId: "project:gov-score" }) { nodes { id completeness { score missingRequired missingRecommended } } }
      datasetVersion(id: "dataset:gov-score/a@1") { completeness { score missingRecommended } }
      experiment(id: "experiment:gov-score/e") { completeness { score missingRecommended } }
      run(id: "run:gov-score-1") { completeness { score missingRecommended } }
    }`);
    expect(data.datasets.nodes).toEqual([
      // name, description, tags, classification of 6 (name + 5 recommended)
      {
        id: 'dataset:gov-score/a',
        completeness: { score: 4 / 6, missingRequired: [], missingRecommended: ['owners', 'licence'] },
      },
      // name, owners of 6
      {
        id: 'dataset:gov-score/b',
        completeness: {
          score: 2 / 6,
          missingRequired: [],
          missingRecommended: ['description', 'tags', 'classification', 'licence'],
        },
      },
    ]);
    // digest, and classification inherited from dataset a, of digest + uri, rowCount, classification
    expect(data.datasetVersion.completeness).toEqual({ score: 2 / 4, missingRecommended: ['uri', 'rowCount'] });
    // name, taskType of name + description, owners, taskType
    expect(data.experiment.completeness).toEqual({ score: 2 / 4, missingRecommended: ['description', 'owners'] });
    // codeRepo, codeCommit, seed, taskType (from the experiment) of 7 recommended
    expect(data.run.completeness).toEqual({
      score: 4 / 7,
      missingRecommended: ['owners', 'entryPoint', 'languageVersion'],
    });
  });

  it('a page of entities costs the same round trips for completeness whatever its size', async () => {
    const page = `{ datasets(filter: { projectId: "project:gov-score" }, first: $n) { nodes { completeness { score } } } }`;
    const roundTripsOf = async (n: number) => {
      harness.roundTrips.reset();
      await harness.ok(page.replace('$n', String(n)));
      return harness.roundTrips.count;
    };
    expect(await roundTripsOf(2)).toBe(await roundTripsOf(1));
  });

  it('per project: the average per kind and the worst offenders with what they miss', async () => {
    const { projectCompleteness } = await harness.ok(`{
      projectCompleteness(projectId: "project:gov-score", worst: 2) {
        projectId score entities
        kinds { kind count averageScore }
        worstOffenders { entity { id } score missingRequired missingRecommended }
      }
    }`);
    expect(projectCompleteness.kinds).toEqual([
      { kind: 'Dataset', count: 2, averageScore: (4 / 6 + 2 / 6) / 2 },
      { kind: 'DatasetVersion', count: 1, averageScore: 2 / 4 },
      { kind: 'Experiment', count: 1, averageScore: 2 / 4 },
      { kind: 'Run', count: 1, averageScore: 4 / 7 },
    ]);
    expect(projectCompleteness.entities).toBe(5);
    expect(projectCompleteness.score).toBeCloseTo((4 / 6 + 2 / 6 + 2 / 4 + 2 / 4 + 4 / 7) / 5, 10);
    expect(projectCompleteness.worstOffenders).toEqual([
      {
        entity: { id: 'dataset:gov-score/b' },
        score: 2 / 6,
        missingRequired: [],
        missingRecommended: ['description', 'tags', 'classification', 'licence'],
      },
      {
        entity: { id: 'dataset:gov-score/a@1' },
        score: 2 / 4,
        missingRequired: [],
        missingRecommended: ['uri', 'rowCount'],
      },
    ]);
  });
});

describe('data-quality checks', () => {
  const CHECKS = `{ run(id: "run:gov-score-1") { dataQualityChecks { name passed value datasetVersionId } } }`;

  it('are recorded at start, at finish and afterwards, and listed on the run', async () => {
    await harness.ok(`mutation {
      finishRun(input: {
        runId: "run:gov-score-1", status: FINISHED,
        dataQualityChecks: [{ name: "null rate(email)", passed: false, value: 0.12 }]
      }) { id }
    }`);
    await harness.ok(`mutation {
      recordDataQualityChecks(runId: "run:gov-score-1", checks: [
        { name: "null rate(email)", passed: true, value: 0.01 }, { name: "schema", passed: true }
      ]) { id }
    }`);
    const { run } = await harness.ok(CHECKS);
    expect(run.dataQualityChecks).toEqual([
      { name: 'null rate(email)', passed: true, value: 0.01, datasetVersionId: null },
      { name: 'rows > 0', passed: true, value: 1200, datasetVersionId: 'dataset:gov-score/a@1' },
      { name: 'schema', passed: true, value: null, datasetVersionId: null },
    ]);
    const [recorded] = await auditEvents('run.quality-checks-recorded', 'run:gov-score-1');
    expect(JSON.parse(recorded.before!).dataQualityChecks).toEqual([
      {
        id: 'run:gov-score-1/check/null rate(email)',
        name: 'null rate(email)',
        passed: false,
        value: 0.12,
        datasetVersionId: null,
      },
    ]);
    expect(JSON.parse(recorded.after!).dataQualityChecks.map((c: { name: string }) => c.name)).toEqual([
      'null rate(email)',
      'schema',
    ]);
    const [edge] = await harness.db.runScript(
      'MATCH (:Run {id: "run:gov-score-1"})-[:HAS_CHECK]->(q)-[:CHECKS]->(v) RETURN q.name AS name, v.id AS version',
    );
    expect(edge).toEqual({ name: 'rows > 0', version: 'dataset:gov-score/a@1' });
  });

  it('a bad check is refused with every problem listed and changes nothing', async () => {
    const { code, message } = await expectRefusedWithoutChange(
      harness,
      `mutation($checks: [DataQualityCheckInput!]!) { recordDataQualityChecks(runId: "run:gov-score-1", checks: $checks) { id } }`,
      {
        checks: [
          { name: '', passed: true },
          { name: 'ok', passed: true, datasetVersionId: 'model:gov-score/m@1' },
        ],
      },
    );
    expect(code).toBe('BAD_USER_INPUT');
    expect(message).toBe(
      'Invalid data-quality checks: checks[0].name is required; checks[1].datasetVersionId ' +
        '"model:gov-score/m@1" is not an id of a dataset or featureset.',
    );
  });
});
