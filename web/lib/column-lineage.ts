import { gql } from './gql';
import type { ColumnGraphFragment, ColumnImpactQuery, ColumnLineageQuery } from './gql/graphql';
import { type GraphEdge, type GraphModel, type GraphNode, dedupeEdges, edgeId } from './lineage/graph-model';
import type { Merged } from './merged';
import { displayName, type NodeSummary } from './node-summary';

export const COLUMN_GRAPH = gql(`
  fragment ColumnGraph on ColumnLineageGraph {
    root { id name versionId }
    columns { id name versionId depth why version { ...NodeSummary } }
    edges { from to type subtypes }
    hidden
  }
`);

/** A column's lineage both ways, and the columns of its version to pick another from. */
export const COLUMN_LINEAGE_QUERY = gql(`
  query ColumnLineage($versionId: ID!, $column: String!) {
    version: node(id: $versionId) {
      ...NodeSummary
      ... on DatasetVersion { schema { name } }
      ... on FeatureSetVersion { schema { name } }
    }
    upstream: columnLineage(versionId: $versionId, column: $column, direction: UPSTREAM) { ...ColumnGraph }
    downstream: columnLineage(versionId: $versionId, column: $column, direction: DOWNSTREAM) { ...ColumnGraph }
  }
`);

/** What breaks if the column is dropped or retyped: the columns computed from it, then everything downstream. */
export const COLUMN_IMPACT_QUERY = gql(`
  query ColumnImpact($versionId: ID!, $column: String!) {
    version: node(id: $versionId) { ...NodeSummary }
    columnImpact(versionId: $versionId, column: $column) {
      root { id name versionId }
      columns { id name versionId depth why version { ...NodeSummary } }
      hidden
      downstream { ...ImpactReportView }
    }
  }
`);

export type ColumnGraph = Merged<ColumnGraphFragment>;

export type LineageColumn = ColumnGraph['columns'][number];

export type ColumnLineageAnswer = Merged<ColumnLineageQuery>;

export type ColumnImpactAnswer = Merged<ColumnImpactQuery>;

/** "Orders 2026-10 · amount": the version in words, then the column. */
export const columnLabel = (column: string, version: NodeSummary | null) =>
  version ? `${displayName(version)} · ${column}` : column;

/**
 * The column's lineage as a graph for the lineage canvas: the column in the centre, what it was
 * computed from on one side and what was computed from it on the other, each drawn in its version's
 * kind. Edges keep the API's direction, from the computed column to its input, labelled with how.
 */
export function columnGraph(answer: ColumnLineageAnswer): GraphModel {
  const root = answer.upstream.root;
  const nodes: GraphNode[] = [
    {
      id: root.id,
      kind: answer.version?.kind ?? 'DatasetVersion',
      label: columnLabel(root.name, answer.version),
      depth: 0,
      side: 'centre',
    },
  ];
  const known = new Set([root.id]);
  for (const [side, graph] of [
    ['upstream', answer.upstream],
    ['downstream', answer.downstream],
  ] as const) {
    for (const column of graph.columns) {
      if (known.has(column.id)) continue;
      known.add(column.id);
      nodes.push({
        id: column.id,
        kind: column.version?.kind ?? 'DatasetVersion',
        label: columnLabel(column.name, column.version),
        depth: column.depth,
        side,
      });
    }
  }
  const edges: GraphEdge[] = [...answer.upstream.edges, ...answer.downstream.edges]
    .filter((edge) => known.has(edge.from) && known.has(edge.to))
    .map((edge) => {
      const label = edge.subtypes.length ? edge.subtypes.join(', ').toLowerCase() : edge.type.toLowerCase();
      return { id: edgeId(edge.from, edge.to, label), source: edge.from, target: edge.to, label };
    });
  return { nodes, edges: dedupeEdges(edges) };
}

/** The affected columns grouped by the version holding them, nearest first, as the impact page groups by kind. */
export function columnsByVersion(
  columns: LineageColumn[],
): { versionId: string; version: NodeSummary | null; columns: LineageColumn[] }[] {
  const groups = new Map<string, { versionId: string; version: NodeSummary | null; columns: LineageColumn[] }>();
  for (const column of [...columns].sort((a, b) => a.depth - b.depth || a.name.localeCompare(b.name))) {
    const group = groups.get(column.versionId) ?? { versionId: column.versionId, version: column.version, columns: [] };
    group.columns.push(column);
    groups.set(column.versionId, group);
  }
  return [...groups.values()];
}

/** Column id → "stg.orders.amount" (its dataset's or feature set's name, then the column), for why-paths. */
export function columnNames(
  root: { id: string; name: string },
  rootVersion: NodeSummary | null,
  columns: LineageColumn[],
): Map<string, string> {
  const parent = (version: NodeSummary | null) => version?.dataset?.name ?? version?.featureSet?.name ?? null;
  const named = (column: string, version: NodeSummary | null) => {
    const name = parent(version);
    return name ? `${name}.${column}` : column;
  };
  const names = new Map([[root.id, named(root.name, rootVersion)]]);
  for (const column of columns) names.set(column.id, named(column.name, column.version));
  return names;
}
