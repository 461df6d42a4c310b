import { lineageRepository } from '../../lineage/lineage.repository';
import { LINEAGE_LIMITS } from '../../lineage/lineage.service';
import type { Queryable } from '../../platform/neo4j';
import type { GateSpec, PromotionEnvironment, PromotionPolicy } from './policy';
import {
  type DataGovernanceRow,
  type ModelVersionFacts,
  promotionRepository,
  type ServingDeployment,
} from './promotion.repository';

/** How one gate went: what was found against what the policy requires. */
export interface GateResult {
  name: string;
  kind: string;
  passed: boolean;
  actual: string | null;
  required: string | null;
  message: string;
}

export interface GateReport {
  modelVersionId: string;
  environment: PromotionEnvironment;
  passed: boolean;
  gates: GateResult[];
}

const DATA_KINDS = ['DatasetVersion', 'FeatureSetVersion'];

/**
 * Evaluates a policy's gates for one model version through whatever it is given: the database for
 * a read-only check, or the write transaction that then records the promotion, so the gates see
 * exactly the graph the promotion changes. Beyond the model version's own facts, each gate reads
 * only what it needs (the serving deployment once, shared with the promotion that follows).
 */
export class GateEvaluation {
  private serving?: Promise<ServingDeployment | null>;
  /**
   * The approver whose approval is being recorded with this report: counted, so an approval's own
   * gate results say what the gates will be once it is given, not that approvals were missing.
   */
  approverBeingRecorded: string | null = null;

  constructor(
    private readonly db: Queryable,
    readonly facts: ModelVersionFacts,
    private readonly environment: PromotionEnvironment,
  ) {}

  async report(policy: PromotionPolicy): Promise<GateReport> {
    const gates: GateResult[] = [];
    for (const gate of policy.gates) gates.push(await this.evaluate(gate));
    return {
      modelVersionId: this.facts.id,
      environment: this.environment,
      passed: gates.every((gate) => gate.passed),
      gates,
    };
  }

  /** The deployment of this model in the environment and the version it serves now (or null). */
  servingDeployment(): Promise<ServingDeployment | null> {
    this.serving ??= promotionRepository.servingDeployment(this.db, this.facts.modelId, this.environment);
    return this.serving;
  }

  /** Whoever wrote the model version: its training run's owner(s) and whoever registered it. */
  authors(): string[] {
    return [...new Set([...this.facts.runOwnerIds, ...this.facts.registeredBy])];
  }

  private async evaluate(gate: GateSpec): Promise<GateResult> {
    const result = (passed: boolean, actual: string | null, required: string | null, message: string) => ({
      name: gate.name,
      kind: gate.kind,
      passed,
      actual,
      required,
      message,
    });
    switch (gate.kind) {
      case 'metric-threshold': {
        const value = this.metric(gate.metric);
        const required = gate.min !== undefined ? `>= ${gate.min}` : `<= ${gate.max}`;
        if (value === undefined)
          return result(false, null, required, `${gate.metric} was not recorded by the training run`);
        const passed = gate.min !== undefined ? value >= gate.min : value <= gate.max!;
        return result(passed, String(value), required, `${gate.metric} is ${value}; required ${required}`);
      }
      case 'no-regression': {
        const value = this.metric(gate.metric);
        const serving = await this.servingDeployment();
        const better = gate.direction === 'higher' ? '>=' : '<=';
        if (!serving) {
          return result(
            true,
            value === undefined ? null : String(value),
            `nothing to compare against`,
            `Nothing serves ${this.environment} for this model yet, so there is nothing to be worse than.`,
          );
        }
        const baseline = serving.metrics.find((metric) => metric.key === gate.metric)?.value;
        const against = `${serving.servedVersionId} served by ${serving.deploymentId}`;
        if (baseline === undefined || baseline === null) {
          return result(
            true,
            value === undefined ? null : String(value),
            `no ${gate.metric} recorded for ${serving.servedVersionId}`,
            `${against} recorded no ${gate.metric}, so there is nothing to be worse than.`,
          );
        }
        const required = `${better} ${baseline} (${against})`;
        if (value === undefined)
          return result(false, null, required, `${gate.metric} was not recorded by the training run`);
        const passed = gate.direction === 'higher' ? value >= baseline : value <= baseline;
        return result(passed, String(value), required, `${gate.metric} is ${value}; ${against} has ${baseline}`);
      }
      case 'fairness': {
        const value = this.metric(gate.metric);
        const required = `|${gate.metric}| <= ${gate.max}`;
        if (value === undefined)
          return result(false, null, required, `${gate.metric} was not recorded by the training run`);
        const passed = Math.abs(value) <= gate.max;
        return result(passed, String(value), required, `${gate.metric} is ${value}; required ${required}`);
      }
      case 'upstream-data':
        return this.upstreamData(result);
      case 'provenance':
        return this.provenance(result);
      case 'approved-review': {
        const review = await promotionRepository.latestDecidedReview(this.db, this.facts.id);
        if (!review)
          return result(
            false,
            'no review with a decision',
            'APPROVED',
            'No review of this model version has decided yet.',
          );
        return result(
          review.decision === 'APPROVED',
          review.decision,
          'APPROVED',
          `The latest decided review (${review.id} by ${review.author}) says ${review.decision}.`,
        );
      }
      case 'negative-results': {
        const required = `>= ${gate.minOtherRuns} other runs`;
        if (!this.facts.experimentId)
          return result(false, 'no experiment', required, 'The model version has no training run in an experiment.');
        const others = this.facts.otherRuns;
        return result(
          others >= gate.minOtherRuns,
          `${others} other run${others === 1 ? '' : 's'}`,
          required,
          `${this.facts.experimentId} holds ${others} run${others === 1 ? '' : 's'} besides the one that trained this version.`,
        );
      }
      case 'approvals': {
        // Approvers, not approvals: one person approving twice is still one approval.
        const approvals = await promotionRepository.approversOf(this.db, this.facts.id, this.environment);
        const authors = this.authors();
        const given = approvals.map((approval) => approval.approver);
        if (this.approverBeingRecorded) given.push(this.approverBeingRecorded);
        const everyone = [...new Set(given)];
        const approvers = gate.allowSelfApproval ? everyone : everyone.filter((who) => !authors.includes(who));
        const required =
          `>= ${gate.min} approver${gate.min === 1 ? '' : 's'} for ${this.environment}` +
          (gate.allowSelfApproval || authors.length === 0 ? '' : `, not ${authors.join(' or ')}`);
        const ignored = everyone.length - approvers.length;
        return result(
          approvers.length >= gate.min,
          `${approvers.length}${approvers.length > 0 ? ` (${approvers.join(', ')})` : ''}`,
          required,
          `${approvers.length} approver${approvers.length === 1 ? '' : 's'} counted` +
            (ignored > 0 ? `; ${ignored} who wrote the model version not counted` : ''),
        );
      }
    }
  }

  private metric(key: string): number | undefined {
    const value = this.facts.metrics.find((metric) => metric.key === key)?.value;
    return typeof value === 'number' ? value : undefined;
  }

  private async upstreamData(
    result: (passed: boolean, actual: string | null, required: string | null, message: string) => GateResult,
  ) {
    const engine = await lineageRepository.engineOf(this.db);
    const closure = await lineageRepository.closure(this.db, engine, {
      direction: 'upstream',
      startIds: [this.facts.id],
      depth: LINEAGE_LIMITS.maxDepth,
      limit: LINEAGE_LIMITS.maxNodes,
      withEdges: false,
    });
    const dataIds = closure.rows.filter((row) => DATA_KINDS.includes(row.node.kind)).map((row) => row.node.id);
    const required = 'digest and classification on every upstream dataset and feature-set version';
    if (closure.rows.length >= LINEAGE_LIMITS.maxNodes) {
      return result(
        false,
        `more than ${LINEAGE_LIMITS.maxNodes} upstream nodes`,
        required,
        'The upstream lineage is too large to check whole.',
      );
    }
    if (dataIds.length === 0)
      return result(
        true,
        'no upstream data versions',
        required,
        'No dataset or feature-set version is upstream of this model version.',
      );
    const rows = await promotionRepository.dataGovernanceOf(this.db, dataIds);
    const lacking = rows
      .map((row) => ({ id: row.id, missing: missingGovernance(row) }))
      .filter((row) => row.missing.length > 0);
    const governed = rows.length - lacking.length;
    const actual =
      `${governed} of ${rows.length} governed` +
      (lacking.length > 0
        ? `; ${lacking.map((row) => `${row.id} lacks ${row.missing.join(' and ')}`).join('; ')}`
        : '');
    const message =
      lacking.length > 0
        ? `${lacking.length} of ${rows.length} upstream data versions are not governed: ` +
          `${lacking.map((row) => `${row.id} lacks ${row.missing.join(' and ')}`).join('; ')}.`
        : `All ${rows.length} upstream data version${rows.length === 1 ? ' has' : 's have'} a digest and a classification.`;
    return result(lacking.length === 0, actual, required, message);
  }

  private provenance(
    result: (passed: boolean, actual: string | null, required: string | null, message: string) => GateResult,
  ) {
    const required = 'code commit, clean working tree, language version, package lock or image digest';
    const run = this.facts.run;
    if (!run) return result(false, 'no training run', required, 'The model version has no generating run.');
    const missing: string[] = [];
    if (!run.codeCommit) missing.push('no code commit');
    if (run.codeDirty === true) missing.push('dirty working tree');
    if (!run.languageVersion) missing.push('no language version');
    if (!run.packageLockDigest && !run.imageDigest) missing.push('no package lock or image digest');
    const actual =
      missing.length > 0
        ? missing.join(', ')
        : `commit ${run.codeCommit}${run.codeDirty === false ? ' (clean)' : ''}, ${run.languageVersion}, ` +
          (run.packageLockDigest ? `lock ${run.packageLockDigest}` : `image ${run.imageDigest}`);
    const message =
      missing.length > 0
        ? `The training run ${run.id} cannot be reproduced as recorded: ${missing.join(', ')}.`
        : `The training run ${run.id} recorded its whole recipe.`;
    return result(missing.length === 0, actual, required, message);
  }
}

function missingGovernance(row: DataGovernanceRow): string[] {
  const missing: string[] = [];
  if (!row.digest) missing.push('a digest');
  const classification = Array.isArray(row.classification) ? row.classification.join('') : row.classification;
  if (!classification) missing.push('a classification');
  return missing;
}
