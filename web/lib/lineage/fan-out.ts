import { kindStyle } from '../kinds';
import type { GraphEdge, GraphModel, GraphNode } from './graph-model';
import { dedupeEdges } from './graph-model';

/** More siblings than this of one kind on one side of a node fold into a single group node. */
export const FAN_OUT_LIMIT = 12;

export const groupId = (anchor: string, side: string, kind: string) => `group:${anchor}|${side}|${kind}`;

/**
 * The impact view's blast radius is drawn from the report it already holds, so it folds here; the
 * lineage view asks the API to fold (services/api/src/lineage/fan-out.ts), which also folds behind groups.
 *
 * Folds wide fan-outs ("48 runs used this dataset version") into one group node per anchor, side and
 * kind, unless the user expanded that group. Anchors are visited nearest the centre first, so the
 * fan-out the user is looking at is folded where it starts; a node joins at most one group, and the
 * centre never does. Edges of folded nodes move to their group.
 */
export function collapseFanOuts(model: GraphModel, expanded: ReadonlySet<string>, limit = FAN_OUT_LIMIT): GraphModel {
  const byId = new Map(model.nodes.map((node) => [node.id, node]));
  const neighbours = new Map<string, { id: string; side: 'in' | 'out' }[]>();
  const link = (from: string, to: string, side: 'in' | 'out') => {
    if (!neighbours.has(from)) neighbours.set(from, []);
    neighbours.get(from)!.push({ id: to, side });
  };
  for (const edge of model.edges) {
    link(edge.source, edge.target, 'out');
    link(edge.target, edge.source, 'in');
  }

  const groupOf = new Map<string, string>();
  /** Members of expanded groups stay apart: another anchor must not fold them again. */
  const released = new Set<string>();
  const groups: GraphNode[] = [];
  const anchors = [...model.nodes].sort((a, b) => a.depth - b.depth || a.id.localeCompare(b.id));
  for (const anchor of anchors) {
    if (groupOf.has(anchor.id)) continue;
    const candidates = new Map<string, string[]>();
    for (const { id, side } of neighbours.get(anchor.id) ?? []) {
      const neighbour = byId.get(id);
      if (!neighbour || neighbour.side === 'centre' || groupOf.has(id) || released.has(id)) continue;
      const key = groupId(anchor.id, side, neighbour.kind);
      const members = candidates.get(key) ?? [];
      if (!members.includes(id)) members.push(id);
      candidates.set(key, members);
    }
    for (const [key, members] of candidates) {
      if (members.length <= limit) continue;
      if (expanded.has(key)) {
        for (const member of members) released.add(member);
        continue;
      }
      const first = byId.get(members[0])!;
      for (const member of members) groupOf.set(member, key);
      groups.push({
        id: key,
        kind: first.kind,
        label: `${members.length} ${kindStyle(first.kind).plural}`,
        depth: Math.min(...members.map((member) => byId.get(member)!.depth)),
        side: first.side,
        count: members.length,
      });
    }
  }
  if (groups.length === 0) return model;

  const moved = (id: string) => groupOf.get(id) ?? id;
  const edges: GraphEdge[] = model.edges.map((edge) => ({
    ...edge,
    source: moved(edge.source),
    target: moved(edge.target),
  }));
  return {
    nodes: [...model.nodes.filter((node) => !groupOf.has(node.id)), ...groups],
    edges: dedupeEdges(edges),
  };
}
