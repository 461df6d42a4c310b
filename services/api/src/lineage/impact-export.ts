import { csvTable, markdownCode, markdownText } from '@mnemo/export-writer';

/**
 * The impact report as files: JSON (exactly the GraphQL answer to IMPACT_EXPORT_QUERY), CSV (one
 * row per affected item) and Markdown (readable in a pull request). Every format is rendered from
 * that one GraphQL answer, so they cannot disagree with the API.
 */
/** What every export reads of an impact report (the dataset's, or the part downstream of a column's). */
const IMPACT_REPORT_FIELDS = `fragment ImpactReportFields on ImpactReport {
  scope
  startIds
  total
  maxDepth
  truncated
  truncatedReason
  affected { node { ...ImpactNode } depth why }
  byKind { kind count }
  byEnvironment { environment count }
  productionDeploymentsAtRisk { node { ...ImpactNode } depth why }
  ownersToNotify { owner { ... on User { id name email } ... on Team { id name } } owns }
}
fragment ImpactNode on Node {
  id
  kind
  ... on Asset { name }
  ... on Version { version digest }
  ... on Run { name status }
  ... on Deployment { environment endpoint }
  ... on RestrictedNode { hiddenKind reason ownerName summary }
}`;

export const IMPACT_EXPORT_QUERY = `query ImpactExport($target: ID!, $scope: ImpactScope, $maxDepth: Int, $asOf: String) {
  impact(target: $target, scope: $scope, maxDepth: $maxDepth, asOf: $asOf) {
    target { id kind }
    ...ImpactReportFields
  }
}
${IMPACT_REPORT_FIELDS}`;

/** The column impact (columnImpact), exported in the same formats: its columns, then what is downstream of them. */
export const COLUMN_IMPACT_EXPORT_QUERY = `query ColumnImpactExport($versionId: ID!, $column: String!, $maxDepth: Int) {
  columnImpact(versionId: $versionId, column: $column, maxDepth: $maxDepth) {
    root { id }
    columns { id name depth why version { ... on DatasetVersion { dataset { name } } ... on FeatureSetVersion { featureSet { name } } } }
    hidden
    downstream { ...ImpactReportFields }
  }
}
${IMPACT_REPORT_FIELDS}`;

interface ExportedColumnImpact {
  root: { id: string };
  columns: {
    id: string;
    name: string;
    depth: number;
    why: string[];
    version: { dataset?: { name: string }; featureSet?: { name: string } } | null;
  }[];
  hidden: number;
  downstream: Omit<ExportedImpact, 'target'>;
}

/**
 * A column impact as an impact report: the columns computed from the column come first (kind
 * Column, named `<dataset>.<column>`, their why-paths through columns), then everything downstream
 * of the versions holding them, so every format reads as the dataset impact report does.
 */
export function columnImpactAsReport(impact: ExportedColumnImpact): ExportedImpact {
  const { downstream } = impact;
  const columns = impact.columns.map((column) => ({
    node: {
      id: column.id,
      kind: 'Column',
      name: `${column.version?.dataset?.name ?? column.version?.featureSet?.name ?? '?'}.${column.name}`,
    },
    depth: column.depth,
    why: column.why,
  }));
  return {
    ...downstream,
    target: { id: impact.root.id, kind: 'Column' },
    total: columns.length + downstream.total,
    affected: [...columns, ...downstream.affected],
    byKind: [...(columns.length ? [{ kind: 'Column', count: columns.length }] : []), ...downstream.byKind],
  };
}

export const EXPORT_FORMATS = ['json', 'csv', 'md'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportedNode {
  id: string;
  kind: string;
  name?: string;
  version?: string;
  digest?: string;
  status?: string;
  environment?: string;
  endpoint?: string | null;
  /** A placeholder for a node the caller may not read (kind RestrictedNode). */
  hiddenKind?: string;
  reason?: string;
  ownerName?: string | null;
  summary?: string;
}

export interface ExportedItem {
  node: ExportedNode;
  depth: number;
  why: string[];
}

export interface ExportedImpact {
  target: { id: string; kind: string };
  scope: string;
  startIds: string[];
  total: number;
  maxDepth: number;
  truncated: boolean;
  truncatedReason: string | null;
  affected: ExportedItem[];
  byKind: { kind: string; count: number }[];
  byEnvironment: { environment: string; count: number }[];
  productionDeploymentsAtRisk: ExportedItem[];
  ownersToNotify: { owner: { id: string; name: string; email?: string | null }; owns: string[] }[];
}

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
};

/** `asOf`: the instant the report was asked for (the graph as it stood then), said in the Markdown; JSON stays the GraphQL answer. */
export function renderImpact(report: ExportedImpact, format: ExportFormat, asOf: string | null = null): string {
  if (format === 'json') return `${JSON.stringify(report, null, 2)}\n`;
  if (format === 'csv') return toCsv(report);
  return toMarkdown(report, asOf);
}

const label = (node: ExportedNode) =>
  node.summary ??
  node.name ??
  (node.version ? `${node.id.slice(0, node.id.lastIndexOf('@'))} v${node.version}` : node.id);

function toCsv(report: ExportedImpact): string {
  const owners = ownersByItem(report);
  // A placeholder shows no environment, yet a production deployment it stands for is still at risk.
  const atRisk = new Set(report.productionDeploymentsAtRisk.map((item) => item.node.id));
  const header = ['id', 'kind', 'name', 'depth', 'environment', 'production_at_risk', 'owners', 'why'];
  const rows = report.affected.map((item) => [
    item.node.id,
    item.node.kind,
    label(item.node),
    item.depth,
    item.node.environment ?? '',
    atRisk.has(item.node.id) ? 'yes' : 'no',
    (owners.get(item.node.id) ?? []).join(' '),
    item.why.join(' -> '),
  ]);
  return csvTable([header, ...rows]);
}

function ownersByItem(report: ExportedImpact): Map<string, string[]> {
  const owners = new Map<string, string[]>();
  for (const { owner, owns } of report.ownersToNotify) {
    for (const id of owns) owners.set(id, [...(owners.get(id) ?? []), owner.id]);
  }
  return owners;
}

// Names come from anyone who may write: shown as text, never as HTML, links or images.
const mdCell = markdownText;
const code = (id: string) => markdownCode(id);
const cellCode = (id: string) => markdownCode(id, true);

function toMarkdown(report: ExportedImpact, asOf: string | null): string {
  const lines: string[] = [];
  const at = report.productionDeploymentsAtRisk.length;
  lines.push(`# Impact of changing ${code(report.target.id)}`, '');
  if (asOf) lines.push(`As the graph stood at ${code(asOf)}.`, '');
  lines.push(
    `**${report.total} affected item${report.total === 1 ? '' : 's'}** downstream of ` +
      `${report.startIds.map(code).join(', ')} (scope ${report.scope}, depth ≤ ${report.maxDepth}).`,
  );
  lines.push(
    at ? `**${at} production deployment${at === 1 ? '' : 's'} at risk.**` : 'No production deployment is at risk.',
  );
  if (report.truncated) {
    lines.push(
      `> ⚠️ Partial result: the ${report.truncatedReason === 'MAX_DEPTH' ? 'depth' : 'node'} cap was hit; more is affected.`,
    );
  }
  lines.push('', '| kind | affected |', '|---|---|', ...report.byKind.map((g) => `| ${mdCell(g.kind)} | ${g.count} |`));
  if (at) {
    lines.push('', '## Production deployments at risk', '', '| deployment | endpoint | why |', '|---|---|---|');
    for (const item of report.productionDeploymentsAtRisk) {
      lines.push(
        `| ${mdCell(label(item.node))} (${cellCode(item.node.id)}) | ${mdCell(item.node.endpoint)} | ${mdCell(item.why.join(' → '))} |`,
      );
    }
  }
  if (report.ownersToNotify.length) {
    lines.push('', '## Owners to notify', '', '| owner | owns in the blast radius |', '|---|---|');
    for (const { owner, owns } of report.ownersToNotify) {
      lines.push(
        `| ${mdCell(owner.name)} (${cellCode(owner.id)}) | ${owns.length}: ${mdCell(owns.slice(0, 5).join(', '))}${owns.length > 5 ? ', …' : ''} |`,
      );
    }
  }
  lines.push('', '## Everything affected', '', '| depth | kind | item | why |', '|---|---|---|---|');
  for (const item of report.affected) {
    lines.push(
      `| ${item.depth} | ${mdCell(item.node.kind)} | ${mdCell(label(item.node))} (${cellCode(item.node.id)}) | ${mdCell(item.why.join(' → '))} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}
