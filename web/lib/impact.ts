import { gql } from './gql';
import type { ImpactQuery } from './gql/graphql';
import type { Merged } from './merged';
import { displayName, isRestricted } from './node-summary';
import type { GraphEdge, GraphModel, GraphNode } from './lineage/graph-model';
import { dedupeEdges, edgeId } from './lineage/graph-model';

/** What the impact page shows of a report; the column impact page shows the same of its downstream part. */
export const IMPACT_REPORT_VIEW = gql(`
  fragment ImpactReportView on ImpactReport {
    target { ...NodeSummary }
    scope
    startIds
    total
    truncated
    byKind { kind count items { depth why node { ...NodeSummary ... on Deployment { endpoint } } } }
    productionDeploymentsAtRisk { depth why node { ...NodeSummary ... on Deployment { endpoint } } }
    ownersToNotify { owns owner { ... on User { id name email } ... on Team { id name } } }
  }
`);

export const IMPACT_QUERY = gql(`
  query Impact($target: ID!, $asOf: String) {
    impact(target: $target, asOf: $asOf) { ...ImpactReportView }
  }
`);

export type ImpactItem = ImpactAnswer['impact']['productionDeploymentsAtRisk'][number];

export type ImpactAnswer = Merged<ImpactQuery>;

/** The blast radius as a graph: the start versions, every affected item, and the why-path steps between them. */
export function blastRadiusGraph(report: ImpactAnswer['impact']): GraphModel {
  const items = report.byKind.flatMap((group) => group.items);
  const nodes: GraphNode[] = report.startIds.map((id) => ({
    id,
    kind: isRestricted(id) ? 'RestrictedNode' : id.startsWith('featureset:') ? 'FeatureSetVersion' : 'DatasetVersion',
    label:
      id === report.target.id
        ? displayName(report.target)
        : isRestricted(id)
          ? '🔒 A version you may not read'
          : id.replace(/^[a-z]+:[^/]+\//, ''),
    depth: 0,
    side: 'centre',
  }));
  const known = new Set(nodes.map((node) => node.id));
  for (const item of items) {
    if (known.has(item.node.id)) continue;
    known.add(item.node.id);
    nodes.push({
      id: item.node.id,
      kind: item.node.kind,
      label: displayName(item.node),
      depth: item.depth,
      side: 'downstream',
      node: item.node,
    });
  }
  const edges: GraphEdge[] = [];
  for (const item of items) {
    for (let step = 0; step + 1 < item.why.length; step += 1) {
      const [from, to] = [item.why[step], item.why[step + 1]];
      if (known.has(from) && known.has(to))
        edges.push({ id: edgeId(from, to, ''), source: from, target: to, label: '' });
    }
  }
  return { nodes, edges: dedupeEdges(edges) };
}

/** Item id → the names of its owners, from the owners-to-notify list. */
export function ownersByItem(report: ImpactAnswer['impact']): Map<string, string[]> {
  const owners = new Map<string, string[]>();
  for (const { owner, owns } of report.ownersToNotify) {
    for (const id of owns) owners.set(id, [...(owners.get(id) ?? []), owner.name]);
  }
  return owners;
}
