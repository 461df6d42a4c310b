import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { GOVERNANCE_DIR } from '../../platform/governance-dir';
import { expectRefusedWithoutChange, type Harness, startHarness } from '../../test-support/harness';
import {
  CLEAN_RUN,
  type PromotionFixture,
  seedPromotionFixture,
  trainModelVersion,
} from '../../test-support/promotion-fixtures';
import { parsePolicy } from './policy';

const GATE_FIELDS = 'name kind passed actual required message';
const CHECK = `query($id: ID!, $env: Environment!, $policy: String) {
  checkPromotion(modelVersionId: $id, environment: $env, policy: $policy) {
    modelVersionId environment passed gates { ${GATE_FIELDS} }
  }
}`;
const PROMOTE = `mutation($id: ID!, $env: Environment!) {
  promoteModelVersion(id: $id, environment: $env) {
    id kind createdAt actor environment previousVersionId
    gateResults { ${GATE_FIELDS} }
    modelVersion { id }
    deployment { id environment modelVersion { id } }
  }
}`;
const APPROVE = `mutation($id: ID!, $env: Environment!, $rationale: String!) {
  approvePromotion(modelVersionId: $id, environment: $env, rationale: $rationale) {
    id kind createdAt approver environment rationale passed gateResults { ${GATE_FIELDS} }
  }
}`;
const SET_POLICY = `mutation($project: ID!, $env: Environment!, $policy: String!) {
  setPromotionPolicy(projectId: $project, environment: $env, policy: $policy) {
    projectId environment source yaml loadedBy gates { name kind requirement }
  }
}`;
const ADD_REVIEW = `mutation($input: AddReviewInput!) { addReview(input: $input) { id } }`;

let harness: Harness;
let fixture: PromotionFixture;

beforeAll(async () => {
  harness = await startHarness();
  fixture = await seedPromotionFixture(harness);
}, 120_000);
afterAll(() => harness.close());

/** Checks one model version against a policy of the given gates (YAML), for one environment. */
async function checkGates(id: string, gates: string, env = 'PROD') {
  const { checkPromotion } = await harness.ok(CHECK, { id, env, policy: `gates:\n${gates}` });
  return checkPromotion;
}

async function onlyGate(id: string, gate: string, env = 'PROD') {
  const report = await checkGates(id, gate, env);
  expect(report.gates).toHaveLength(1);
  return report.gates[0];
}

async function review(entityId: string, decision: string, actor = 'user:bob') {
  const input = {
    entityId,
    objective: 'Ready for customers?',
    method: 'Held-out month',
    confidence: 'HIGH',
    nextAction: 'Ship',
    decision,
  };
  const result = await harness.gql(ADD_REVIEW, { input }, actor);
  if (result.errors?.length) throw new Error(JSON.stringify(result.errors));
}

async function auditActions(entityId: string): Promise<string[]> {
  const rows = await harness.db.runScript(
    'MATCH (e:AuditEvent {entityId: $entityId}) RETURN e.action AS action ORDER BY e.at, e.id',
    { entityId },
  );
  return rows.map((row) => row.action as string);
}

describe('promotion policies', () => {
  it('every policy file in governance/policies is valid for every environment', () => {
    const folder = path.join(GOVERNANCE_DIR, 'policies');
    const files = readdirSync(folder, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.yaml'));
    expect(files).toEqual(expect.arrayContaining(['default.yaml', path.join('examples', 'strict-prod.yaml')]));
    for (const file of files) {
      const text = readFileSync(path.join(folder, file), 'utf8');
      for (const environment of ['DEV', 'STAGING', 'PROD'] as const) {
        expect(parsePolicy(text, environment, 'GIVEN').gates.length).toBeGreaterThan(0);
      }
    }
  });

  it('an invalid policy is refused with every problem listed, and nothing is stored', async () => {
    const policy = [
      'gates:',
      '  - kind: metric-treshold',
      '    metric: auc',
      '  - kind: metric-threshold',
      '    metric: auc',
      '  - kind: fairness',
      '    metric: demographic_parity_difference',
      '  - kind: approvals',
      '    min: 1',
      '    allowSelfApproval: nope',
      '  - kind: provenance',
      '    strict: true',
    ].join('\n');
    const { code, message } = await expectRefusedWithoutChange(harness, SET_POLICY, {
      project: 'project:churn',
      env: 'PROD',
      policy,
    });
    expect(code).toBe('BAD_USER_INPUT');
    expect(message).toContain('policy.gates[0].kind "metric-treshold" is not a gate kind; use metric-threshold');
    expect(message).toContain('policy.gates[1] needs exactly one threshold');
    expect(message).toContain('policy.gates[2].max is required');
    expect(message).toContain('policy.gates[3].allowSelfApproval must be true or false');
    expect(message).toContain('policy.gates[4].strict is not a setting of a provenance gate');
  });

  it('text that is not YAML, or a whole file missing the environment, is refused the same way', async () => {
    const broken = await harness.gql(CHECK, { id: fixture.good, env: 'PROD', policy: 'gates: [unclosed' });
    expect(broken.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(broken.errors?.[0].message).toContain('yaml is not valid YAML');
    const partial = await harness.gql(CHECK, {
      id: fixture.good,
      env: 'PROD',
      policy: 'environments:\n  DEV:\n    gates: []\n  QA:\n    gates: []\n',
    });
    expect(partial.errors?.[0].message).toContain('environments.QA is not an environment');
    expect(partial.errors?.[0].message).toContain('environments.PROD is missing');
  });

  it('a project without its own policy gets the repo default; a loaded one replaces it, audited', async () => {
    const query = `query($env: Environment!) {
      promotionPolicy(projectId: "project:churn", environment: $env) { source environment loadedBy gates { kind requirement } }
    }`;
    const before = await harness.ok(query, { env: 'DEV' });
    expect(before.promotionPolicy).toMatchObject({ source: 'DEFAULT', environment: 'DEV', loadedBy: null });
    expect(before.promotionPolicy.gates.map((gate: { kind: string }) => gate.kind)).toEqual(['provenance']);
    const prod = await harness.ok(query, { env: 'PROD' });
    expect(prod.promotionPolicy.gates.map((gate: { kind: string }) => gate.kind)).toEqual([
      'metric-threshold',
      'no-regression',
      'fairness',
      'fairness',
      'upstream-data',
      'provenance',
      'approved-review',
      'negative-results',
      'approvals',
    ]);

    const policy = 'gates:\n  - kind: metric-threshold\n    metric: auc\n    min: 0.5\n';
    const { setPromotionPolicy } = await harness.ok(SET_POLICY, { project: 'project:churn', env: 'DEV', policy });
    expect(setPromotionPolicy).toMatchObject({
      projectId: 'project:churn',
      environment: 'DEV',
      source: 'PROJECT',
      yaml: policy,
      loadedBy: 'user:tester',
      gates: [{ name: 'metric-threshold auc', kind: 'metric-threshold', requirement: 'auc >= 0.5' }],
    });
    const after = await harness.ok(query, { env: 'DEV' });
    expect(after.promotionPolicy).toMatchObject({ source: 'PROJECT', loadedBy: 'user:tester' });
    const [event] = await harness.db.runScript(
      "MATCH (e:AuditEvent {entityId: 'project:churn', action: 'policy.loaded'}) RETURN e.before AS before, e.after AS after",
    );
    expect(JSON.parse(event.before as string)).toEqual({ environment: 'DEV', policy: null });
    expect(JSON.parse(event.after as string)).toEqual({ environment: 'DEV', policy });
  });
});

describe('each gate kind', () => {
  it('metric-threshold: at or above a minimum, at or below a maximum for losses, failing when not recorded', async () => {
    const auc = '  - kind: metric-threshold\n    metric: auc\n    min: 0.8\n';
    expect(await onlyGate(fixture.good, auc)).toMatchObject({ passed: true, actual: '0.85', required: '>= 0.8' });
    expect(await onlyGate(fixture.bad, auc)).toMatchObject({ passed: false, actual: '0.7', required: '>= 0.8' });
    const loss = '  - name: log loss\n    kind: metric-threshold\n    metric: logloss\n    max: 0.4\n';
    expect(await onlyGate(fixture.good, loss)).toMatchObject({ name: 'log loss', passed: true, actual: '0.3' });
    expect(await onlyGate(fixture.bad, loss)).toMatchObject({ passed: false, actual: '0.6', required: '<= 0.4' });
    const missing = await onlyGate(fixture.good, '  - kind: metric-threshold\n    metric: f1\n    min: 0.5\n');
    expect(missing).toMatchObject({ passed: false, actual: null, required: '>= 0.5' });
    expect(missing.message).toContain('f1 was not recorded');
  });

  it('fairness: the absolute value within the bound', async () => {
    const parity = '  - kind: fairness\n    metric: demographic_parity_difference\n    max: 0.1\n';
    expect(await onlyGate(fixture.good, parity)).toMatchObject({ passed: true, actual: '0.04' });
    expect(await onlyGate(fixture.bad, parity)).toMatchObject({
      passed: false,
      actual: '0.2',
      required: '|demographic_parity_difference| <= 0.1',
    });
    const odds = '  - kind: fairness\n    metric: equalized_odds_gap\n    max: 0.1\n';
    expect(await onlyGate(fixture.good, odds)).toMatchObject({ passed: true, actual: '-0.05' });
    const tight = '  - kind: fairness\n    metric: equalized_odds_gap\n    max: 0.01\n';
    expect(await onlyGate(fixture.good, tight)).toMatchObject({ passed: false, actual: '-0.05' });
  });

  it('upstream-data: every upstream dataset and feature-set version has a digest and a (possibly inherited) classification', async () => {
    const passed = await onlyGate(fixture.good, '  - kind: upstream-data\n');
    expect(passed).toMatchObject({ passed: true, actual: '2 of 2 governed' });
    const failed = await onlyGate(fixture.bad, '  - kind: upstream-data\n');
    expect(failed.passed).toBe(false);
    expect(failed.actual).toBe('2 of 3 governed; dataset:churn/unlabelled@1 lacks a classification');
  });

  it('provenance: code commit, clean tree and environment recorded', async () => {
    const passed = await onlyGate(fixture.good, '  - kind: provenance\n');
    expect(passed.passed).toBe(true);
    expect(passed.actual).toContain('python 3.11.9');
    const failed = await onlyGate(fixture.bad, '  - kind: provenance\n');
    expect(failed).toMatchObject({
      passed: false,
      actual: 'dirty working tree, no language version, no package lock or image digest',
    });
  });

  it('approved-review: the latest review with a decision must approve', async () => {
    const gate = '  - kind: approved-review\n';
    expect(await onlyGate(fixture.good, gate)).toMatchObject({ passed: false, actual: 'no review with a decision' });
    await review(fixture.good, 'APPROVED');
    await review(fixture.bad, 'APPROVED');
    await review(fixture.bad, 'CHANGES_REQUESTED');
    await review(fixture.bad, 'NO_DECISION');
    expect(await onlyGate(fixture.good, gate)).toMatchObject({
      passed: true,
      actual: 'APPROVED',
      required: 'APPROVED',
    });
    expect(await onlyGate(fixture.bad, gate)).toMatchObject({ passed: false, actual: 'CHANGES_REQUESTED' });
  });

  it('negative-results: the experiment holds other runs besides the winner', async () => {
    const gate = '  - kind: negative-results\n    minOtherRuns: 2\n';
    expect(await onlyGate(fixture.good, gate)).toMatchObject({ passed: true, actual: '2 other runs' });
    expect(await onlyGate(fixture.bad, gate)).toMatchObject({
      passed: false,
      actual: '0 other runs',
      required: '>= 2 other runs',
    });
  });

  it('no-regression: passes (and says so) when nothing serves; else compares with the version served', async () => {
    const gate = '  - kind: no-regression\n    metric: auc\n';
    const alone = await onlyGate(fixture.bad, gate, 'STAGING');
    expect(alone.passed).toBe(true);
    expect(alone.message).toContain('Nothing serves STAGING');
    await harness.ok(
      `mutation($mv: ID!) { createDeployment(input: { projectId: "project:churn", slug: "churn-staging",
        name: "Churn staging", environment: STAGING, modelVersionId: $mv }) { id } }`,
      { mv: fixture.good },
    );
    const worse = await onlyGate(fixture.bad, gate, 'STAGING');
    expect(worse).toMatchObject({
      passed: false,
      actual: '0.7',
      required: `>= 0.85 (${fixture.good} served by deployment:churn/churn-staging)`,
    });
    expect(await onlyGate(fixture.good, gate, 'STAGING')).toMatchObject({ passed: true });
    const lowerIsBetter = '  - kind: no-regression\n    metric: logloss\n    direction: lower\n';
    expect(await onlyGate(fixture.bad, lowerIsBetter, 'STAGING')).toMatchObject({ passed: false, actual: '0.6' });
  });

  it('approvals: counts approvals for the environment, not those by the author when self-approval is off', async () => {
    const gate = '  - kind: approvals\n    min: 1\n    allowSelfApproval: false\n';
    const none = await onlyGate(fixture.good, gate, 'STAGING');
    expect(none).toMatchObject({
      passed: false,
      actual: '0',
      required: '>= 1 approver for STAGING, not user:alice or user:tester',
    });
    const { approvePromotion } = await harness.ok(APPROVE, {
      id: fixture.good,
      env: 'STAGING',
      rationale: 'Staging soak looks fine',
    });
    expect(approvePromotion.approver).toBe('user:tester');
    // user:tester registered the version: with self-approval off, its own approval does not count.
    expect(await onlyGate(fixture.good, gate, 'STAGING')).toMatchObject({ passed: false, actual: '0' });
    const allowed = '  - kind: approvals\n    min: 1\n';
    expect(await onlyGate(fixture.good, allowed, 'STAGING')).toMatchObject({ passed: true, actual: '1 (user:tester)' });
    expect(await onlyGate(fixture.good, allowed, 'DEV')).toMatchObject({ passed: false, actual: '0' });
  });
});

describe('approvals', () => {
  it('round-trip: who, when, why and the gate results at that moment, newest first, audited', async () => {
    const first = await harness.gql(
      APPROVE,
      { id: fixture.good, env: 'PROD', rationale: 'Fairness reviewed' },
      'user:bob',
    );
    expect(first.errors).toBeUndefined();
    const approval = first.data!.approvePromotion;
    expect(approval).toMatchObject({
      kind: 'Approval',
      approver: 'user:bob',
      environment: 'PROD',
      rationale: 'Fairness reviewed',
    });
    expect(approval.id).toMatch(/^approval:[0-9a-f-]{36}$/);
    // The default PROD policy's gates as they stand with this approval given: it counts itself, so an
    // approval of an otherwise ready version records that every gate passes.
    expect(approval.gateResults).toHaveLength(9);
    expect(approval.gateResults.find((gate: { kind: string }) => gate.kind === 'approvals')).toMatchObject({
      passed: true,
      actual: '1 (user:bob)',
    });
    expect(approval.passed).toBe(true);

    const { modelVersion } = await harness.ok(
      `query($id: ID!) { modelVersion(id: $id) { approvals { id approver environment rationale passed gateResults { kind passed } } } }`,
      { id: fixture.good },
    );
    expect(modelVersion.approvals.map((a: { id: string }) => a.id)[0]).toBe(approval.id);
    expect(modelVersion.approvals.map((a: { environment: string }) => a.environment)).toEqual(['PROD', 'STAGING']);
    expect(await auditActions(fixture.good)).toContain('promotion.approved');
    const { node } = await harness.ok(`query($id: ID!) { node(id: $id) { __typename id } }`, { id: approval.id });
    expect(node).toEqual({ __typename: 'Approval', id: approval.id });
  });

  it("the author's own approval is refused when the policy disallows self-approval, changing nothing", async () => {
    // alice owns the run that trained `good`; the default PROD policy says allowSelfApproval: false.
    const before = await harness.snapshot();
    const refused = await harness.gql(
      APPROVE,
      { id: fixture.good, env: 'PROD', rationale: 'Mine is great' },
      'user:alice',
    );
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(refused.errors?.[0].message).toContain('user:alice owns its training run');
    expect(await harness.snapshot()).toBe(before);
    // DEV's default policy has no approvals gate, so nothing forbids it there.
    const dev = await harness.gql(APPROVE, { id: fixture.good, env: 'DEV', rationale: 'Mine, for dev' }, 'user:alice');
    expect(dev.errors).toBeUndefined();
  });

  it('whoever registered a model version is its author too', async () => {
    const { modelVersionId } = await trainModelVersion(
      harness,
      { experimentId: 'experiment:churn/xgb', version: 'carol-1', metrics: { auc: 0.8 }, run: {} },
      'user:carol',
    );
    const refused = await harness.gql(APPROVE, { id: modelVersionId, env: 'PROD', rationale: 'Mine' }, 'user:carol');
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(refused.errors?.[0].message).toContain('user:carol registered it');
  });

  it('a blank rationale or an unknown model version is refused', async () => {
    const blank = await expectRefusedWithoutChange(harness, APPROVE, { id: fixture.good, env: 'PROD', rationale: ' ' });
    expect(blank.code).toBe('BAD_USER_INPUT');
    const unknown = await expectRefusedWithoutChange(harness, APPROVE, {
      id: 'model:churn/churn-classifier@404',
      env: 'PROD',
      rationale: 'Sure',
    });
    expect(unknown.code).toBe('NOT_FOUND');
  });
});

describe('promoteModelVersion', () => {
  it('a failed gate blocks the promotion, lists each failed gate, and leaves deployments and audit exactly as they were', async () => {
    const before = await harness.snapshot();
    const { code, message } = await expectRefusedWithoutChange(harness, PROMOTE, { id: fixture.bad, env: 'PROD' });
    expect(await harness.snapshot()).toBe(before);
    expect(code).toBe('PROMOTION_BLOCKED');
    expect(message).toContain(`Promotion of ${fixture.bad} to PROD blocked by`);
    expect(message).toContain('auc at least 0.80: actual 0.7, required >= 0.8');
    expect(message).toContain('provenance: actual dirty working tree');
    const result = await harness.gql(PROMOTE, { id: fixture.bad, env: 'PROD' });
    const failed = result.errors![0].extensions!.failedGates as {
      name: string;
      passed: boolean;
      actual: string;
      required: string;
    }[];
    expect(failed.map((gate) => gate.name)).toEqual([
      'auc at least 0.80',
      'demographic parity',
      'upstream-data',
      'provenance',
      'approved-review',
      'negative-results',
      'approvals',
    ]);
    for (const gate of failed) {
      expect(gate.passed).toBe(false);
      expect(gate.required).toEqual(expect.any(String));
    }
  });

  it('a version passing every gate is promoted: a new deployment serves it, with its Promotion and audit event', async () => {
    // The default PROD policy: `good` has its approved review (bob), its approval (bob), two other runs.
    const { checkPromotion } = await harness.ok(CHECK, { id: fixture.good, env: 'PROD', policy: null });
    expect(checkPromotion.gates.filter((gate: { passed: boolean }) => !gate.passed)).toEqual([]);
    const { promoteModelVersion: promotion } = await harness.ok(PROMOTE, { id: fixture.good, env: 'PROD' });
    expect(promotion).toMatchObject({
      kind: 'Promotion',
      actor: 'user:tester',
      environment: 'PROD',
      previousVersionId: null,
      modelVersion: { id: fixture.good },
      deployment: {
        id: 'deployment:churn/churn-classifier-prod',
        environment: 'PROD',
        modelVersion: { id: fixture.good },
      },
    });
    expect(promotion.gateResults).toHaveLength(9);
    const actions = await auditActions('deployment:churn/churn-classifier-prod');
    expect(actions).toEqual(['deployment.created']);
    const [event] = await harness.db.runScript(
      "MATCH (e:AuditEvent {entityId: $id, action: 'model-version.promoted'}) RETURN e.before AS before, e.after AS after",
      { id: fixture.good },
    );
    expect(JSON.parse(event.before as string)).toEqual({
      environment: 'PROD',
      deploymentId: null,
      servedVersionId: null,
    });
    expect(JSON.parse(event.after as string)).toEqual({
      environment: 'PROD',
      deploymentId: 'deployment:churn/churn-classifier-prod',
      servedVersionId: fixture.good,
      promotionId: promotion.id,
    });
  });

  it("promoting a better version re-points the environment's deployment and records what it served before", async () => {
    const { modelVersionId: better } = await trainModelVersion(harness, {
      experimentId: 'experiment:churn/xgb',
      version: '3',
      metrics: { auc: 0.9 },
      run: { ...CLEAN_RUN },
    });
    await harness.ok(SET_POLICY, {
      project: 'project:churn',
      env: 'PROD',
      policy: 'gates:\n  - kind: no-regression\n    metric: auc\n  - kind: provenance\n',
    });
    const { promoteModelVersion: promotion } = await harness.ok(PROMOTE, { id: better, env: 'PROD' });
    expect(promotion).toMatchObject({
      previousVersionId: fixture.good,
      deployment: { id: 'deployment:churn/churn-classifier-prod', modelVersion: { id: better } },
    });
    const [served] = await harness.db.runScript(
      "MATCH (d:Deployment {id: 'deployment:churn/churn-classifier-prod'}) RETURN d.modelVersionId AS copied, [(d)-[:SERVES]->(mv) | mv.id] AS serves",
    );
    expect(served).toEqual({ copied: better, serves: [better] });
    // Now the old version is worse than what serves PROD, so it cannot come back.
    const back = await harness.gql(PROMOTE, { id: fixture.good, env: 'PROD' });
    expect(back.errors?.[0].extensions?.code).toBe('PROMOTION_BLOCKED');
    expect(back.errors?.[0].message).toContain(
      `required >= 0.9 (${better} served by deployment:churn/churn-classifier-prod)`,
    );

    const { modelVersion } = await harness.ok(
      `query($id: ID!) { modelVersion(id: $id) { promotions { id environment previousVersionId } deployments { id } } }`,
      { id: better },
    );
    expect(modelVersion.promotions).toEqual([
      { id: promotion.id, environment: 'PROD', previousVersionId: fixture.good },
    ]);
    expect(modelVersion.deployments).toEqual([{ id: 'deployment:churn/churn-classifier-prod' }]);
  });

  it("re-points an existing deployment created by hand, and lists a version's promotions newest first", async () => {
    await harness.ok(SET_POLICY, { project: 'project:churn', env: 'STAGING', policy: 'gates: []' });
    const first = await harness.ok(PROMOTE, { id: fixture.bad, env: 'STAGING' });
    expect(first.promoteModelVersion).toMatchObject({
      previousVersionId: fixture.good,
      deployment: { id: 'deployment:churn/churn-staging', modelVersion: { id: fixture.bad } },
    });
    const second = await harness.ok(PROMOTE, { id: fixture.good, env: 'STAGING' });
    const third = await harness.ok(PROMOTE, { id: fixture.bad, env: 'STAGING' });
    const { modelVersion } = await harness.ok(`query($id: ID!) { modelVersion(id: $id) { promotions { id } } }`, {
      id: fixture.bad,
    });
    expect(modelVersion.promotions.map((p: { id: string }) => p.id)).toEqual([
      third.promoteModelVersion.id,
      first.promoteModelVersion.id,
    ]);
    expect(second.promoteModelVersion.previousVersionId).toBe(fixture.bad);
  });

  it('two promotions into the same environment at once take turns: one deployment, the second re-points it', async () => {
    const versions = [];
    for (const version of ['race-a', 'race-b']) {
      versions.push(
        (
          await trainModelVersion(harness, {
            experimentId: 'experiment:churn/xgb',
            version,
            metrics: { auc: 0.8 },
            run: { ...CLEAN_RUN },
          })
        ).modelVersionId,
      );
    }
    const results = await Promise.all(versions.map((id) => harness.gql(PROMOTE, { id, env: 'DEV' })));
    expect(results.map((result) => result.errors)).toEqual([undefined, undefined]);
    const promotions = results.map((result) => result.data!.promoteModelVersion);
    const first = promotions.find((promotion) => promotion.previousVersionId === null)!;
    const second = promotions.find((promotion) => promotion !== first)!;
    expect(second.previousVersionId).toBe(first.modelVersion.id);
    const rows = await harness.db.runScript(
      "MATCH (d:Deployment {environment: 'DEV'}) RETURN d.id AS id, [(d)-[:SERVES]->(mv) | mv.id] AS serves",
    );
    expect(rows).toEqual([{ id: 'deployment:churn/churn-classifier-dev', serves: [second.modelVersion.id] }]);
  });

  it('an unknown model version is NOT_FOUND and changes nothing', async () => {
    const { code } = await expectRefusedWithoutChange(harness, PROMOTE, {
      id: 'model:churn/churn-classifier@404',
      env: 'PROD',
    });
    expect(code).toBe('NOT_FOUND');
  });
});
