import { ENVIRONMENT_WORDS } from '../kinds';
import type { GraphEdge, GraphModel, GraphNode } from './graph-model';
import { dedupeEdges } from './graph-model';

/** What the plain view keeps: data, models and where they serve. Runs and artifacts step aside. */
const PLAIN_KINDS = new Set(['DatasetVersion', 'FeatureSetVersion', 'ModelVersion', 'Deployment']);

/**
 * The lineage for people who do not think in runs: only data → models → deployments, each node with
 * a one-line caption in plain words ("Churn classifier v3, trained on Customer features v3, serving
 * in production"). A kept node links to the nearest kept nodes it depends on, through hidden runs.
 */
export function plainView(model: GraphModel): GraphModel {
  const byId = new Map(model.nodes.map((node) => [node.id, node]));
  // A placeholder stays when what it hides would: the plain view must not look smaller than the graph.
  const kept = model.nodes.filter(
    (node) => PLAIN_KINDS.has(node.kind) || PLAIN_KINDS.has(node.node?.hiddenKind ?? '') || node.side === 'centre',
  );
  const keptIds = new Set(kept.map((node) => node.id));
  const dependsOn = new Map<string, string[]>();
  for (const edge of model.edges) dependsOn.set(edge.source, [...(dependsOn.get(edge.source) ?? []), edge.target]);

  const edges: GraphEdge[] = [];
  for (const node of kept) {
    // Walk upstream through hidden nodes only, remembering the runs crossed to name the edge.
    const seen = new Set([node.id]);
    let frontier = (dependsOn.get(node.id) ?? []).map((id) => ({ id, runs: [] as string[] }));
    while (frontier.length) {
      const next: typeof frontier = [];
      for (const step of frontier) {
        if (seen.has(step.id)) continue;
        seen.add(step.id);
        const target = byId.get(step.id);
        if (!target) continue;
        if (keptIds.has(step.id)) {
          edges.push({ id: '', source: node.id, target: step.id, label: plainEdgeLabel(node, target, step.runs) });
          continue;
        }
        const runs = target.kind === 'Run' ? [...step.runs, target.label] : step.runs;
        for (const id of dependsOn.get(step.id) ?? []) next.push({ id, runs });
      }
      frontier = next;
    }
  }
  const plainEdges = dedupeEdges(edges);
  return { nodes: kept.map((node) => ({ ...node, label: caption(node, plainEdges, byId) })), edges: plainEdges };
}

function plainEdgeLabel(from: GraphNode, to: GraphNode, runs: string[]): string {
  if (from.kind === 'Deployment') return 'serves';
  if (from.kind === 'ModelVersion') return runs.length === 1 ? `trained by ${runs[0]}` : 'trained by';
  if (to.kind === 'ModelVersion') return 'uses';
  return runs.length ? 'built from' : 'derived from';
}

/** Up to two names, then how many more. */
function listed(names: string[]): string {
  if (names.length <= 2) return names.join(' and ');
  return `${names.slice(0, 2).join(', ')} and ${names.length - 2} more`;
}

const environmentWords = (node: GraphNode) =>
  ENVIRONMENT_WORDS[node.node?.environment ?? ''] ?? node.node?.environment ?? 'an unknown environment';

function caption(node: GraphNode, edges: GraphEdge[], byId: Map<string, GraphNode>): string {
  const upstream = edges.filter((edge) => edge.source === node.id).map((edge) => byId.get(edge.target)!);
  const downstream = edges.filter((edge) => edge.target === node.id).map((edge) => byId.get(edge.source)!);
  const names = (nodes: GraphNode[]) => listed(nodes.map((other) => other.label));
  switch (node.kind) {
    case 'ModelVersion': {
      const deployments = downstream.filter((other) => other.kind === 'Deployment');
      const trained = upstream.length ? `trained on ${names(upstream)}` : 'training data not in view';
      const serving = deployments.length
        ? `serving in ${listed([...new Set(deployments.map(environmentWords))])}`
        : 'not deployed';
      return `${node.label}, ${trained}, ${serving}`;
    }
    case 'Deployment':
      return `${node.label}, serving ${upstream.length ? names(upstream) : 'a model not in view'} in ${environmentWords(node)}`;
    case 'DatasetVersion':
    case 'FeatureSetVersion': {
      const source = upstream.length ? `built from ${names(upstream)}` : 'a source';
      const models = downstream.filter((other) => other.kind === 'ModelVersion');
      return models.length ? `${node.label}, ${source}, trains ${names(models)}` : `${node.label}, ${source}`;
    }
    default:
      return node.label;
  }
}
