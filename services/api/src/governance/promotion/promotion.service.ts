import { assertMayReadProject, readGuard } from '../../access/read-access';
import { randomUUID } from 'node:crypto';
import type { CatalogService } from '../../catalog/catalog.service';
import { ENVIRONMENTS } from '../../deployments/deployments.service';
import { authorise } from '../../access/authorise';
import { recordAudit } from '../../audit/record-audit';
import { MnemoError, notFound } from '../../platform/errors';
import { ids, slugOf } from '../../platform/ids';
import type { GraphDatabase, Queryable, WriteTransaction } from '../../platform/neo4j';
import { resolveReferences } from '../../catalog/references';
import { InputCheck, LIMITS } from '../../platform/validation';
import { GateEvaluation, type GateReport, type GateResult } from './gates';
import {
  defaultPolicy,
  parsePolicy,
  type PromotionEnvironment,
  type PromotionPolicy,
  selfApprovalAllowed,
} from './policy';
import { promotionRepository, type PromotionRecord } from './promotion.repository';
import { lineageRepository } from '../../lineage/lineage.repository';
import { notifyPromoted, notifyPromotionBlocked } from '../../notifications/automatic';
import { noteAuthorised } from '../../platform/unit-of-work';

/** Policies are short documents; this keeps one request from storing a novel. */
const POLICY_MAX_CHARS = 100_000;

export interface EffectivePolicy extends PromotionPolicy {
  projectId: string;
  loadedAt: string | null;
  loadedBy: string | null;
}

/**
 * Promotion gates as code: a project's policy per environment, a read-only check, the promotion
 * itself (gates evaluated in the very transaction that re-points the deployment) and approvals.
 */
export class PromotionService {
  constructor(
    private readonly db: GraphDatabase,
    private readonly catalog: CatalogService,
  ) {}

  /** The policy in force for a project and environment: the project's own, else the repo default. */
  async policy(projectId: string, environment: string): Promise<EffectivePolicy> {
    const env = checkEnvironment(environment);
    await assertMayReadProject(this.db, projectId);
    await resolveReferences(this.db, [{ field: 'projectId', id: projectId, kinds: ['Project'] }]);
    return this.effectivePolicy(this.db, projectId, env);
  }

  /** Stores a project's own policy for one environment (refused, listing every problem, if invalid). */
  async setPolicy(actor: string, projectId: string, environment: string, yaml: string): Promise<EffectivePolicy> {
    const env = checkEnvironment(environment);
    const check = new InputCheck('promotion policy');
    check.id('projectId', projectId, 'project');
    check.text('policy', yaml, POLICY_MAX_CHARS);
    check.done();
    const policy = parsePolicy(yaml, env, 'PROJECT');
    return this.db.write(async (tx) => {
      await resolveReferences(tx, [{ field: 'projectId', id: projectId, kinds: ['Project'] }]);
      await authorise(tx, actor, [{ action: 'policy.loaded', entityId: projectId, entityKind: 'Project', projectId }]);
      const stored = await promotionRepository.storePolicy(tx, { projectId, environment: env, yaml, actor });
      await recordAudit(tx, actor, {
        action: 'policy.loaded',
        entityId: projectId,
        entityKind: 'Project',
        before: { environment: env, policy: stored.previous ?? null },
        after: { environment: env, policy: yaml },
      });
      return { ...policy, projectId, loadedAt: stored.loadedAt, loadedBy: actor };
    });
  }

  /**
   * Evaluates the gates for promoting a model version, changing nothing. `policyText` (YAML) replaces
   * the stored policy for this one check, as the CLI's --policy does.
   */
  async check(modelVersionId: string, environment: string, policyText?: string | null): Promise<GateReport> {
    const env = checkEnvironment(environment);
    const given = policyText === undefined || policyText === null ? null : parsePolicy(policyText, env, 'GIVEN');
    await readGuard(this.db).assertReadable(modelVersionId);
    const facts = await requireFacts(this.db, modelVersionId);
    const policy = given ?? (await this.effectivePolicy(this.db, facts.projectId, env));
    return new GateEvaluation(this.db, facts, env).report(policy);
  }

  /**
   * Promotes a model version into an environment. The gates are evaluated through the same write
   * transaction that re-points (or creates) the model's deployment there and records the Promotion;
   * if any gate fails, PROMOTION_BLOCKED lists them and the transaction writes nothing.
   */
  async promote(actor: string, modelVersionId: string, environment: string): Promise<PromotionRecord> {
    const env = checkEnvironment(environment);
    return this.db.write(async (tx) => {
      // Roles before gates: a caller who may not promote learns nothing of the gates' findings.
      await this.authoriseOn(tx, actor, 'model-version.promoted', modelVersionId);
      const { evaluation, policy } = await this.evaluationIn(tx, modelVersionId, env);
      const report = await evaluation.report(policy);
      if (!report.passed) throw blockedAndTold(actor, report);
      const { facts } = evaluation;
      const serving = await evaluation.servingDeployment();
      const deploymentId = serving
        ? serving.deploymentId
        : await this.createDeploymentIn(tx, actor, facts.projectId, facts, env, modelVersionId);
      if (serving) await promotionRepository.repointDeployment(tx, deploymentId, modelVersionId);
      const previousVersionId = serving?.servedVersionId ?? null;
      const promotion = await promotionRepository.recordPromotion(tx, {
        id: `promotion:${randomUUID()}`,
        actor,
        environment: env,
        gateResults: JSON.stringify(report.gates),
        previousVersionId,
        modelVersionId,
        deploymentId,
      });
      await recordAudit(tx, actor, {
        action: 'model-version.promoted',
        entityId: modelVersionId,
        entityKind: 'ModelVersion',
        before: { environment: env, deploymentId: serving?.deploymentId ?? null, servedVersionId: previousVersionId },
        after: { environment: env, deploymentId, servedVersionId: modelVersionId, promotionId: promotion.id },
      });
      const modelId = modelOf(modelVersionId);
      await notifyPromoted(tx, actor, { modelId, modelVersionId, environment: env, deploymentId, previousVersionId });
      return promotion;
    });
  }

  /**
   * Records an approval to promote a model version, with the gate results at that moment, this approval counted (the
   * approval does not need them to pass). Refused for the model version's author when the policy
   * disallows self-approval.
   */
  async approve(
    actor: string,
    modelVersionId: string,
    environment: string,
    rationale: string,
  ): Promise<PromotionRecord> {
    const env = checkEnvironment(environment);
    const check = new InputCheck('approval');
    const text = check.text('rationale', rationale, LIMITS.description);
    check.done();
    return this.db.write(async (tx) => {
      await this.authoriseOn(tx, actor, 'promotion.approved', modelVersionId);
      const { evaluation, policy } = await this.evaluationIn(tx, modelVersionId, env);
      const authors = evaluation.authors();
      if (!selfApprovalAllowed(policy) && authors.includes(actor)) {
        throw new MnemoError(
          'FORBIDDEN',
          `${actor} is an author of ${modelVersionId} (${authorship(evaluation)}), and the ${env} promotion policy ` +
            'does not allow self-approval (allowSelfApproval: false); someone else must approve.',
          { modelVersionId, environment: env, authors },
        );
      }
      evaluation.approverBeingRecorded = actor;
      const report = await evaluation.report(policy);
      const approval = await promotionRepository.recordApproval(tx, {
        id: `approval:${randomUUID()}`,
        approver: actor,
        environment: env,
        rationale: text,
        gateResults: JSON.stringify(report.gates),
        passed: report.passed,
        modelVersionId,
      });
      await recordAudit(tx, actor, {
        action: 'promotion.approved',
        entityId: modelVersionId,
        entityKind: 'ModelVersion',
        after: { approvalId: approval.id, environment: env, rationale: text, passed: report.passed },
      });
      return approval;
    });
  }

  /** The authorise step of a promotion or approval, on a model version that must exist. */
  private async authoriseOn(tx: WriteTransaction, actor: string, action: string, modelVersionId: string) {
    await resolveReferences(tx, [{ field: 'modelVersionId', id: modelVersionId, kinds: ['ModelVersion'] }]);
    await authorise(tx, actor, [{ action, entityId: modelVersionId, entityKind: 'ModelVersion' }]);
  }

  /** Locks the model (promotions and approvals of its versions go one at a time), then reads the facts. */
  private async evaluationIn(tx: WriteTransaction, modelVersionId: string, env: PromotionEnvironment) {
    if (!(await promotionRepository.lockModelOf(tx, modelVersionId))) throw notFound('model version', modelVersionId);
    const facts = await requireFacts(tx, modelVersionId);
    const policy = await this.effectivePolicy(tx, facts.projectId, env);
    return { evaluation: new GateEvaluation(tx, facts, env), policy };
  }

  private async effectivePolicy(db: Queryable, projectId: string | null, env: PromotionEnvironment) {
    const stored = projectId ? await promotionRepository.policyOfProject(db, projectId, env) : null;
    const policy = stored ? parsePolicy(stored.yaml, env, 'PROJECT') : defaultPolicy(env);
    return {
      ...policy,
      projectId: projectId ?? '',
      loadedAt: stored?.loadedAt ?? null,
      loadedBy: stored?.loadedBy ?? null,
    };
  }

  /** The model's deployment for an environment, when it has none yet: `<model slug>-<env>`, serving the version. */
  private async createDeploymentIn(
    tx: WriteTransaction,
    actor: string,
    projectId: string | null,
    model: { modelSlug: string; modelName: string; modelOwnerIds: string[] },
    env: PromotionEnvironment,
    modelVersionId: string,
  ): Promise<string> {
    if (!projectId) throw new MnemoError('BAD_USER_INPUT', `${modelVersionId}'s model is in no project.`);
    const slug = `${model.modelSlug}-${env.toLowerCase()}`;
    const deployment = await this.catalog.registerAssetIn(tx, actor, 'Deployment', {
      projectId,
      ownerIds: model.modelOwnerIds,
      props: {
        id: ids.deployment(slugOf(projectId), slug),
        slug,
        name: `${model.modelName} (${env})`,
        description: `Created by the first promotion of ${model.modelSlug} to ${env}.`,
        tags: [],
        environment: env,
        endpoint: null,
        modelVersionId,
      },
    });
    await lineageRepository.linkServes(tx, deployment.id, modelVersionId);
    return deployment.id;
  }
}

function checkEnvironment(environment: string): PromotionEnvironment {
  if (!(ENVIRONMENTS as readonly string[]).includes(environment)) {
    throw new MnemoError(
      'BAD_USER_INPUT',
      `environment must be one of ${ENVIRONMENTS.join(', ')}; got "${environment}".`,
    );
  }
  return environment as PromotionEnvironment;
}

async function requireFacts(db: Queryable, modelVersionId: string) {
  const facts = await promotionRepository.modelVersionFacts(db, modelVersionId);
  if (!facts) throw notFound('model version', modelVersionId);
  return facts;
}

function authorship(evaluation: GateEvaluation): string {
  const { runOwnerIds, registeredBy, run } = evaluation.facts;
  return [
    ...runOwnerIds.map((owner) => `${owner} owns its training run ${run?.id}`),
    ...registeredBy.map((actor) => `${actor} registered it`),
  ].join('; ');
}

const describeGate = (gate: GateResult) =>
  `${gate.name}: actual ${gate.actual ?? 'none'}, required ${gate.required ?? 'n/a'}`;

const modelOf = (modelVersionId: string) => modelVersionId.slice(0, modelVersionId.lastIndexOf('@'));

/**
 * A promotion the gates refused: the transaction writes nothing, and those who depend on the model
 * are told afterwards, in a transaction of the server's own (as a refused write's access.denied is).
 */
function blockedAndTold(actor: string, report: GateReport): MnemoError {
  const error = promotionBlocked(report);
  error.afterRollback = async (own) => {
    noteAuthorised(); // the server records what its gates refused, for itself
    const { modelVersionId, environment } = report;
    const failedGates = report.gates.filter((gate) => !gate.passed);
    await notifyPromotionBlocked(own, actor, {
      modelId: modelOf(modelVersionId),
      modelVersionId,
      environment,
      failedGates,
      reason: error.message,
    });
  };
  return error;
}

/** The error of a refused promotion: every failed gate with its actual and required value. */
export function promotionBlocked(report: GateReport): MnemoError {
  const failed = report.gates.filter((gate) => !gate.passed);
  return new MnemoError(
    'PROMOTION_BLOCKED',
    `Promotion of ${report.modelVersionId} to ${report.environment} blocked by ${failed.length} failed gate` +
      `${failed.length === 1 ? '' : 's'}: ${failed.map(describeGate).join('; ')}.`,
    { modelVersionId: report.modelVersionId, environment: report.environment, failedGates: failed },
  );
}
