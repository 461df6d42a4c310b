import { gql } from './gql';
import type { NodeSummaryFragment } from './gql/graphql';
import type { Merged } from './merged';

/** The few fields every list, graph and caption needs to name a node in words (spread as ...NodeSummary). */
export const NODE_SUMMARY = gql(`
  fragment NodeSummary on Node {
    id
    kind
    ... on Asset { name }
    ... on Run { name status }
    ... on Artifact { name }
    ... on Project { name }
    ... on DataSource { name }
    ... on Team { name }
    ... on User { name }
    ... on DatasetVersion { version dataset { name } }
    ... on FeatureSetVersion { version featureSet { name } }
    ... on ModelVersion { version model { name } }
    ... on Deployment { environment }
    ... on RestrictedNode { hiddenKind reason ownerName summary }
  }
`);

/** A node as NodeSummary selects it; a placeholder (kind RestrictedNode) has hiddenKind, reason, ownerName and summary. */
export type NodeSummary = Merged<NodeSummaryFragment>;

export const RESTRICTED_KIND = 'RestrictedNode';

/** A placeholder for a node the caller may not read: it has no page, and its id is not the real one. */
export const isRestricted = (node: { kind: string } | string): boolean =>
  typeof node === 'string' ? node.startsWith('restricted:') : node.kind === RESTRICTED_KIND;

/** "Churn classifier v3", "Transactions raw 2026-10", "Churn API (production)". */
export function displayName(node: NodeSummary): string {
  switch (node.kind) {
    case 'DatasetVersion':
      return `${node.dataset?.name ?? node.id} ${node.version}`;
    case 'FeatureSetVersion':
      return `${node.featureSet?.name ?? node.id} v${node.version}`;
    case 'ModelVersion':
      return `${node.model?.name ?? node.id} v${node.version}`;
    case RESTRICTED_KIND:
      return `🔒 ${node.summary ?? 'A node you may not read'}`;
    default:
      return node.name ?? node.id;
  }
}
