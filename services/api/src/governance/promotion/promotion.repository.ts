import type { Queryable, WriteTransaction } from '../../platform/neo4j';
import { slugOf } from '../../platform/ids';
import type { EntityRecord } from '../../platform/records';

export interface ModelVersionFacts {
  id: string;
  modelId: string;
  modelSlug: string;
  modelName: string;
  modelOwnerIds: string[];
  projectId: string | null;
  run: {
    id: string;
    codeCommit: string | null;
    codeDirty: boolean | null;
    languageVersion: string | null;
    packageLockDigest: string | null;
    imageDigest: string | null;
  } | null;
  experimentId: string | null;
  runOwnerIds: string[];
  otherRuns: number;
  metrics: { key: string; value: number | null }[];
  registeredBy: string[];
}

export interface ServingDeployment {
  deploymentId: string;
  servedVersionId: string;
  metrics: { key: string; value: number | null }[];
}

export interface DataGovernanceRow {
  id: string;
  kind: string;
  digest: string | null;
  classification: string | string[] | null;
}

export interface StoredPolicy {
  yaml: string;
  loadedAt: string;
  loadedBy: string;
}

/** A Promotion or Approval node with the ids of what it links to. */
export type PromotionRecord = EntityRecord & { modelVersionId: string; deploymentId?: string | null };

/** A project's own policy for one environment: `promotion-policy:churn/PROD`. */
const policyId = (projectId: string, environment: string) => `promotion-policy:${slugOf(projectId)}/${environment}`;

/** The named queries of promotion gates, promotions and approvals (cypher/queries/promotion). */
export const promotionRepository = {
  async modelVersionFacts(db: Queryable, id: string): Promise<ModelVersionFacts | null> {
    const [row] = await db.query<ModelVersionFacts>('promotion/model-version-facts', { id });
    return row ?? null;
  },

  async servingDeployment(db: Queryable, modelId: string, environment: string): Promise<ServingDeployment | null> {
    const [row] = await db.query<ServingDeployment>('promotion/serving-deployment', { modelId, environment });
    return row ?? null;
  },

  dataGovernanceOf(db: Queryable, ids: string[]) {
    return db.query<DataGovernanceRow>('promotion/data-governance-of', { ids });
  },

  async latestDecidedReview(db: Queryable, id: string) {
    const [row] = await db.query<{ id: string; decision: string; author: string }>('promotion/latest-decided-review', {
      id,
    });
    return row ?? null;
  },

  approversOf(db: Queryable, id: string, environment: string) {
    return db.query<{ id: string; approver: string }>('promotion/approvers-of', { id, environment });
  },

  /** Locks a model version's model for the rest of the transaction; false when there is no such version. */
  async lockModelOf(tx: WriteTransaction, modelVersionId: string): Promise<boolean> {
    const rows = await tx.query('promotion/lock-model', { modelVersionId });
    return rows.length > 0;
  },

  async repointDeployment(tx: WriteTransaction, deploymentId: string, modelVersionId: string): Promise<void> {
    await tx.query('promotion/repoint-deployment', { deploymentId, modelVersionId });
  },

  async recordPromotion(tx: WriteTransaction, params: Record<string, unknown>): Promise<PromotionRecord> {
    const [row] = await tx.query<{ promotion: PromotionRecord }>('promotion/record-promotion', params);
    return row.promotion;
  },

  async recordApproval(tx: WriteTransaction, params: Record<string, unknown>): Promise<PromotionRecord> {
    const [row] = await tx.query<{ approval: PromotionRecord }>('promotion/record-approval', params);
    return row.approval;
  },

  async policyOfProject(db: Queryable, projectId: string, environment: string): Promise<StoredPolicy | null> {
    const [row] = await db.query<StoredPolicy>('promotion/policy-of-project', { id: policyId(projectId, environment) });
    return row ?? null;
  },

  async storePolicy(
    tx: WriteTransaction,
    policy: { projectId: string; environment: string; yaml: string; actor: string },
  ) {
    const [row] = await tx.query<{ previous: string | null; loadedAt: string }>('promotion/store-policy', {
      ...policy,
      id: policyId(policy.projectId, policy.environment),
    });
    return row;
  },
};
