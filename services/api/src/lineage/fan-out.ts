/** A node as folding sees it: what it is and where it stands from the root. */
export interface FoldableNode {
  id: string;
  kind: string;
  depth: number;
  direction: 'UPSTREAM' | 'DOWNSTREAM';
}

/** Several siblings of one kind on one side of an anchor, shown as one node. */
export interface FanOutGroup {
  /** `group:<anchor>|<in or out>|<kind>`: the same group has the same id in every answer, so it can be expanded. */
  id: string;
  kind: string;
  /** The node (or group) the members hang off. */
  anchor: string;
  /** The nearest member's depth. */
  depth: number;
  direction: 'UPSTREAM' | 'DOWNSTREAM';
  members: string[];
}

export const groupId = (anchor: string, side: 'in' | 'out', kind: string) => `group:${anchor}|${side}|${kind}`;

/**
 * Folds wide fan-outs ("4,000 runs used these feature versions") into one group per anchor, side and
 * kind, unless the caller expanded that group. Anchors are visited nearest the root first, so a fan-out
 * folds where it starts; a group is an anchor too, so what hangs off its members folds behind it
 * (9,000 runs → their 9,000 models → their deployments is three groups, not 10,000 nodes). A node joins
 * at most one group; the root never does. `edges` point from the dependent node to what it depends on:
 * for an anchor, `in` neighbours depend on it, `out` ones are what it depends on.
 */
export function foldFanOuts(
  rootId: string,
  nodes: FoldableNode[],
  edges: { from: string; to: string }[],
  expanded: ReadonlySet<string>,
  limit: number,
): { groups: FanOutGroup[]; groupOf: Map<string, string> } {
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const neighbours = new Map<string, { id: string; side: 'in' | 'out' }[]>();
  const link = (from: string, to: string, side: 'in' | 'out') => {
    const list = neighbours.get(from);
    if (list) list.push({ id: to, side });
    else neighbours.set(from, [{ id: to, side }]);
  };
  for (const edge of edges) {
    link(edge.from, edge.to, 'out');
    link(edge.to, edge.from, 'in');
  }

  const groupOf = new Map<string, string>();
  /** Members of expanded groups stay apart: another anchor must not fold them again. */
  const released = new Set<string>();
  const groups: FanOutGroup[] = [];
  type Anchor = { id: string; depth: number; members: string[] };
  const anchors: Anchor[] = [
    { id: rootId, depth: 0, members: [rootId] },
    ...[...nodes]
      .sort((a, b) => a.depth - b.depth || a.id.localeCompare(b.id))
      .map((node) => ({ id: node.id, depth: node.depth, members: [node.id] })),
  ];
  for (let i = 0; i < anchors.length; i++) {
    const anchor = anchors[i];
    if (groupOf.has(anchor.id)) continue;
    const candidates = new Map<string, string[]>();
    const seen = new Set<string>();
    for (const member of anchor.members) {
      for (const { id, side } of neighbours.get(member) ?? []) {
        if (seen.has(id) || id === rootId || groupOf.has(id) || released.has(id)) continue;
        const neighbour = byId.get(id);
        if (!neighbour) continue;
        seen.add(id);
        const key = groupId(anchor.id, side, neighbour.kind);
        const list = candidates.get(key);
        if (list) list.push(id);
        else candidates.set(key, [id]);
      }
    }
    for (const [key, members] of candidates) {
      if (members.length <= limit) continue;
      if (expanded.has(key)) {
        for (const member of members) released.add(member);
        continue;
      }
      for (const member of members) groupOf.set(member, key);
      const first = byId.get(members[0])!;
      const group: FanOutGroup = {
        id: key,
        kind: first.kind,
        anchor: anchor.id,
        depth: members.reduce((least, member) => Math.min(least, byId.get(member)!.depth), Infinity),
        direction: first.direction,
        members,
      };
      groups.push(group);
      // The group anchors what hangs off its members, in depth order with the other anchors still to come.
      let at = i + 1;
      while (at < anchors.length && anchors[at].depth <= group.depth) at++;
      anchors.splice(at, 0, { id: group.id, depth: group.depth, members });
    }
  }
  return { groups, groupOf };
}
