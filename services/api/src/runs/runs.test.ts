import { digestOf, seedChurnProject } from '../test-support/fixtures';
import { expectRefusedWithoutChange, type Harness, startHarness } from '../test-support/harness';

const START_RUN = `mutation($input: StartRunInput!) {
  startRun(input: $input) {
    id name status seed entryPoint startedAt
    code { repo branch commit dirty }
    environment { languageVersion packageLockDigest imageDigest }
    infrastructure { instanceType accelerators acceleratorCount region }
    params { key value }
    tags { key value }
    inputs { role version { ... on DatasetVersion { id } ... on FeatureSetVersion { id } } }
    owner { ... on User { id } }
    experiment { id }
    project { id }
  }
}`;
const LOG_PARAMS = `mutation($runId: ID!, $params: [KeyValueInput!]!) { logParams(runId: $runId, params: $params) { params { key value } } }`;
const LOG_METRICS = `mutation($runId: ID!, $metrics: [MetricInput!]!) { logMetrics(runId: $runId, metrics: $metrics) { id } }`;
const SET_TAGS = `mutation($runId: ID!, $tags: [KeyValueInput!]!) { setTags(runId: $runId, tags: $tags) { tags { key value } } }`;
const FINISH_RUN = `mutation($input: FinishRunInput!) { finishRun(input: $input) { status endedAt computeCostUsd outputs { ... on DatasetVersion { id } } } }`;

let harness: Harness;
let runId: string;
const startMinimalRun = async (extra: Record<string, unknown> = {}) =>
  (await harness.ok(START_RUN, { input: { experimentId: 'experiment:churn/xgb', ...extra } })).startRun;

beforeAll(async () => {
  harness = await startHarness();
  await seedChurnProject(harness);
  await harness.ok(
    `mutation($d: String!) {
    registerDatasetVersion(input: { datasetId: "dataset:churn/transactions", version: "2026-10", digest: $d }) { id }
  }`,
    { d: digestOf('tx') },
  );
});
afterAll(() => harness.close());

describe('starting a run', () => {
  it('records the whole recipe: params, seed, code, environment, infrastructure, inputs and owner', async () => {
    const run = await startMinimalRun({
      name: 'xgb depth 6',
      ownerId: 'user:alice',
      params: [
        { key: 'max_depth', value: '6' },
        { key: 'learning_rate', value: '0.1' },
      ],
      tags: [{ key: 'stage', value: 'baseline' }],
      seed: 42,
      entryPoint: 'train.py',
      code: { repo: 'git@example.org:ml/churn.git', branch: 'main', commit: 'a'.repeat(40), dirty: false },
      environment: {
        languageVersion: 'python 3.11.7',
        packageLockDigest: digestOf('lock'),
        imageDigest: digestOf('image'),
      },
      infrastructure: { instanceType: 'g5.xlarge', accelerators: ['A10G'], region: 'eu-west-1' },
      inputs: [{ versionId: 'dataset:churn/transactions@2026-10', role: 'training' }],
    });
    runId = run.id;
    expect(run.id).toMatch(/^run:[0-9a-f]{16}$/);
    expect(run).toMatchObject({
      name: 'xgb depth 6',
      status: 'RUNNING',
      seed: 42,
      entryPoint: 'train.py',
      code: { repo: 'git@example.org:ml/churn.git', branch: 'main', commit: 'a'.repeat(40), dirty: false },
      environment: {
        languageVersion: 'python 3.11.7',
        packageLockDigest: digestOf('lock'),
        imageDigest: digestOf('image'),
      },
      infrastructure: { instanceType: 'g5.xlarge', accelerators: ['A10G'], acceleratorCount: 1, region: 'eu-west-1' },
      tags: [{ key: 'stage', value: 'baseline' }],
      inputs: [{ role: 'training', version: { id: 'dataset:churn/transactions@2026-10' } }],
      owner: { id: 'user:alice' },
      experiment: { id: 'experiment:churn/xgb' },
      project: { id: 'project:churn' },
    });
    expect(run.params).toEqual(
      expect.arrayContaining([
        { key: 'max_depth', value: '6' },
        { key: 'learning_rate', value: '0.1' },
      ]),
    );
    const { auditTrail } = await harness.ok(`query($id: ID!) { auditTrail(entityId: $id) { action } }`, { id: run.id });
    expect(auditTrail).toEqual([{ action: 'run.started' }]);
  });

  it.each([
    ['a missing experiment', {}, 'BAD_USER_INPUT'],
    ['an unknown experiment', { experimentId: 'experiment:churn/ghost' }, 'NOT_FOUND'],
    [
      'an unknown input version',
      { experimentId: 'experiment:churn/xgb', inputs: [{ versionId: 'dataset:churn/transactions@1999' }] },
      'NOT_FOUND',
    ],
    ['an owner that is a team', { experimentId: 'experiment:churn/xgb', ownerId: 'team:risk-data' }, 'BAD_USER_INPUT'],
    ['a seed that is not a number', { experimentId: 'experiment:churn/xgb', seed: 'forty-two' }, 'BAD_USER_INPUT'],
    [
      'a commit that is not a hash',
      { experimentId: 'experiment:churn/xgb', code: { commit: 'HEAD~1' } },
      'BAD_USER_INPUT',
    ],
    [
      'an image digest that is not a digest',
      { experimentId: 'experiment:churn/xgb', environment: { imageDigest: 'latest' } },
      'BAD_USER_INPUT',
    ],
    [
      'an oversized param value',
      { experimentId: 'experiment:churn/xgb', params: [{ key: 'blob', value: 'x'.repeat(6001) }] },
      'BAD_USER_INPUT',
    ],
    [
      'one param given two values',
      {
        experimentId: 'experiment:churn/xgb',
        params: [
          { key: 'lr', value: '1' },
          { key: 'lr', value: '2' },
        ],
      },
      'BAD_USER_INPUT',
    ],
    ['a malformed start time', { experimentId: 'experiment:churn/xgb', startedAt: 'yesterday' }, 'BAD_USER_INPUT'],
  ])('refuses a run with %s and changes nothing', async (_case, input, code) => {
    const refused = await expectRefusedWithoutChange(harness, START_RUN, { input });
    expect(refused.code).toBe(code);
  });

  it('refuses a client-chosen run id that is already taken', async () => {
    await startMinimalRun({ id: 'run:client-chosen-1' });
    const refused = await expectRefusedWithoutChange(harness, START_RUN, {
      input: { experimentId: 'experiment:churn/xgb', id: 'run:client-chosen-1' },
    });
    expect(refused.code).toBe('CONFLICT');
  });
});

describe('params are write-once', () => {
  it('accepts the same value again and new keys', async () => {
    const { logParams } = await harness.ok(LOG_PARAMS, {
      runId,
      params: [
        { key: 'max_depth', value: '6' },
        { key: 'subsample', value: '0.8' },
      ],
    });
    expect(logParams.params).toHaveLength(3);
  });

  it('refuses a different value for a logged param and changes nothing', async () => {
    const refused = await expectRefusedWithoutChange(harness, LOG_PARAMS, {
      runId,
      params: [
        { key: 'max_depth', value: '8' },
        { key: 'gamma', value: '1' },
      ],
    });
    expect(refused.code).toBe('IMMUTABLE_VERSION');
    expect(refused.message).toContain('max_depth');
  });

  it('refuses params for an unknown run', async () => {
    const refused = await expectRefusedWithoutChange(harness, LOG_PARAMS, {
      runId: 'run:doesnotexist',
      params: [{ key: 'a', value: '1' }],
    });
    expect(refused.code).toBe('NOT_FOUND');
  });
});

describe('inputs recorded after the start', () => {
  const RECORD_INPUTS = `mutation($runId: ID!, $inputs: [UsedVersionInput!]!) {
    recordRunInputs(runId: $runId, inputs: $inputs) {
      inputs { role version { ... on DatasetVersion { id } } }
    }
  }`;

  it('adds a USED edge once, however often the input is recorded, with one audit event', async () => {
    const run = await startMinimalRun();
    const inputs = [{ versionId: 'dataset:churn/transactions@2026-10', role: 'training' }];
    const first = await harness.ok(RECORD_INPUTS, { runId: run.id, inputs });
    const again = await harness.ok(RECORD_INPUTS, { runId: run.id, inputs });
    expect(first.recordRunInputs.inputs).toEqual([
      { role: 'training', version: { id: 'dataset:churn/transactions@2026-10' } },
    ]);
    expect(again.recordRunInputs.inputs).toEqual(first.recordRunInputs.inputs);
    const { auditTrail } = await harness.ok(`query($id: ID!) { auditTrail(entityId: $id) { action } }`, {
      id: run.id,
    });
    expect(auditTrail.filter((e: { action: string }) => e.action === 'run.inputs-recorded')).toHaveLength(1);
  });

  it.each([
    ['an unknown version', 'dataset:churn/transactions@nope', 'NOT_FOUND'],
    ['something that is not a version', 'experiment:churn/xgb', 'BAD_USER_INPUT'],
  ])('refuses %s and changes nothing', async (_what, versionId, code) => {
    const run = await startMinimalRun();
    const refused = await expectRefusedWithoutChange(harness, RECORD_INPUTS, {
      runId: run.id,
      inputs: [{ versionId }],
    });
    expect(refused.code).toBe(code);
  });
});

describe('metrics', () => {
  it('appends a batch and keeps the value at the highest step as the latest', async () => {
    const points = [3, 1, 2, 0].map((step) => ({
      key: 'loss',
      value: 1 / (step + 1),
      step,
      timestamp: new Date(Date.UTC(2026, 9, 1, 0, step)).toISOString(),
    }));
    await harness.ok(LOG_METRICS, { runId, metrics: [...points, { key: 'auc', value: 0.91, step: 3 }] });
    const { run } = await harness.ok(
      `query($id: ID!) { run(id: $id) { metric(key: "loss") { value step history { step value } } metrics { key } } }`,
      { id: runId },
    );
    expect(run.metric.value).toBe(0.25);
    expect(run.metric.step).toBe(3);
    expect(run.metric.history.map((p: { step: number }) => p.step)).toEqual([0, 1, 2, 3]);
    expect(run.metrics.map((m: { key: string }) => m.key).sort()).toEqual(['auc', 'loss']);
  });

  it('an exact replay of points changes nothing', async () => {
    const before = await harness.snapshot();
    const replay = [{ key: 'loss', value: 1, step: 0, timestamp: new Date(Date.UTC(2026, 9, 1, 0, 0)).toISOString() }];
    await harness.ok(LOG_METRICS, { runId, metrics: replay });
    expect(await harness.snapshot()).toBe(before);
  });

  it('keeps another value at a recorded step and time as a point of its own, and as the latest when higher', async () => {
    const another = [
      { key: 'loss', value: 99, step: 3, timestamp: new Date(Date.UTC(2026, 9, 1, 0, 3)).toISOString() },
    ];
    await harness.ok(LOG_METRICS, { runId, metrics: another });
    const { run } = await harness.ok(
      `query($id: ID!) { run(id: $id) { metric(key: "loss") { value step history { step value } } } }`,
      { id: runId },
    );
    // MLflow's latest: the highest step, then time, then value.
    expect(run.metric).toMatchObject({ value: 99, step: 3 });
    expect(run.metric.history.map((p: { value: number }) => p.value).slice(-2)).toEqual([0.25, 99]);
  });

  it.each([
    ['an empty batch', []],
    ['a blank key', [{ key: ' ', value: 1 }]],
    ['a fractional step', [{ key: 'loss', value: 1, step: 1.5 }]],
    [
      'more than 1,000 points',
      Array.from({ length: 1001 }, (_, step) => ({ key: 'loss', value: 1, step: step + 100 })),
    ],
  ])('refuses %s and changes nothing', async (_case, metrics) => {
    const refused = await expectRefusedWithoutChange(harness, LOG_METRICS, { runId, metrics });
    expect(refused.code).toBe('BAD_USER_INPUT');
  });
});

describe('tags and finishing', () => {
  it('changes a tag value and audits before and after', async () => {
    const { setTags } = await harness.ok(SET_TAGS, { runId, tags: [{ key: 'stage', value: 'candidate' }] });
    expect(setTags.tags).toEqual([{ key: 'stage', value: 'candidate' }]);
    const { auditTrail } = await harness.ok(
      `query($id: ID!) { auditTrail(entityId: $id, first: 1) { action before after } }`,
      { id: runId },
    );
    expect(auditTrail[0]).toEqual({
      action: 'run.tags-set',
      before: '{"tags":{"stage":"baseline"}}',
      after: '{"tags":{"stage":"candidate"}}',
    });
  });

  it('finishes a run with its outputs and cost', async () => {
    await harness.ok(
      `mutation($d: String!) { registerDatasetVersion(input: { datasetId: "dataset:churn/transactions", version: "scored", digest: $d }) { id } }`,
      { d: digestOf('scored') },
    );
    const { finishRun } = await harness.ok(FINISH_RUN, {
      input: { runId, status: 'FINISHED', computeCostUsd: 3.5, outputIds: ['dataset:churn/transactions@scored'] },
    });
    expect(finishRun).toMatchObject({
      status: 'FINISHED',
      computeCostUsd: 3.5,
      outputs: [{ id: 'dataset:churn/transactions@scored' }],
    });
    const { datasetVersion } = await harness.ok(
      `{ datasetVersion(id: "dataset:churn/transactions@scored") { generatedBy { id } } }`,
    );
    expect(datasetVersion.generatedBy).toEqual({ id: runId });
  });

  it('refuses finishing a run twice', async () => {
    const refused = await expectRefusedWithoutChange(harness, FINISH_RUN, { input: { runId, status: 'FAILED' } });
    expect(refused.code).toBe('CONFLICT');
  });

  it('refuses claiming an output another run generated', async () => {
    const other = await startMinimalRun();
    const refused = await expectRefusedWithoutChange(harness, FINISH_RUN, {
      input: { runId: other.id, status: 'FINISHED', outputIds: ['dataset:churn/transactions@scored'] },
    });
    expect(refused.code).toBe('IMMUTABLE_VERSION');
  });

  it('refuses an output the run itself used, which would make a cycle', async () => {
    const other = await startMinimalRun({ inputs: [{ versionId: 'dataset:churn/transactions@2026-10' }] });
    const refused = await expectRefusedWithoutChange(harness, FINISH_RUN, {
      input: { runId: other.id, status: 'FINISHED', outputIds: ['dataset:churn/transactions@2026-10'] },
    });
    expect(refused.code).toBe('BAD_USER_INPUT');
    expect(refused.message).toContain('cannot generate what it used');
  });

  it('refuses a negative cost or RUNNING as a final status', async () => {
    const other = await startMinimalRun();
    expect(
      (
        await expectRefusedWithoutChange(harness, FINISH_RUN, {
          input: { runId: other.id, status: 'FINISHED', computeCostUsd: -1 },
        })
      ).code,
    ).toBe('BAD_USER_INPUT');
    expect(
      (await expectRefusedWithoutChange(harness, FINISH_RUN, { input: { runId: other.id, status: 'RUNNING' } })).code,
    ).toBe('BAD_USER_INPUT');
  });
});
