import { gql } from './gql';
import type { GateFieldsFragment, PromotionHistoryFragment } from './gql/graphql';

/** Promotion and approval history of a model version (or of the version a deployment serves). */
export const PROMOTION_HISTORY = gql(`
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
`);

export const GOVERNANCE_QUERY = gql(`
  query Governance($id: ID!) {
    node(id: $id) {
      id
      kind
      ... on ModelVersion { ...PromotionHistory }
      ... on Deployment { modelVersion { ...PromotionHistory } }
    }
  }
`);

export type GateResult = GateFieldsFragment;

export type Promotion = PromotionHistory['promotions'][number];

export type Approval = PromotionHistory['approvals'][number];

export type PromotionHistory = PromotionHistoryFragment;

/** The kinds whose page shows a promotion and approval history. */
export const PROMOTION_HISTORY_KINDS = ['ModelVersion', 'Deployment'];
