/** Promotion and approval history of a model version (or of the version a deployment serves). */
const HISTORY = `
  fragment GateFields on GateResult { name kind passed actual required message }
  fragment PromotionHistory on ModelVersion {
    id
    version
    model { name }
    promotions {
      id createdAt actor environment previousVersionId
      deployment { id name environment }
      gateResults { ...GateFields }
    }
    approvals { id createdAt approver environment rationale passed gateResults { ...GateFields } }
  }
`;

export const GOVERNANCE_QUERY = `
  query Governance($id: ID!) {
    node(id: $id) {
      id
      kind
      ... on ModelVersion { ...PromotionHistory }
      ... on Deployment { modelVersion { ...PromotionHistory } }
    }
  }
  ${HISTORY}
`;

export interface GateResult {
  name: string;
  kind: string;
  passed: boolean;
  actual: string | null;
  required: string | null;
  message: string;
}

export interface Promotion {
  id: string;
  createdAt: string;
  actor: string;
  environment: string;
  previousVersionId: string | null;
  deployment: { id: string; name: string; environment: string } | null;
  gateResults: GateResult[];
}

export interface Approval {
  id: string;
  createdAt: string;
  approver: string;
  environment: string;
  rationale: string;
  passed: boolean;
  gateResults: GateResult[];
}

export interface PromotionHistory {
  id: string;
  version: string;
  model: { name: string } | null;
  promotions: Promotion[];
  approvals: Approval[];
}

/** The kinds whose page shows a promotion and approval history. */
export const PROMOTION_HISTORY_KINDS = ['ModelVersion', 'Deployment'];
