import Link from 'next/link';
import { IMPACT_TARGET_KINDS, kindStyle } from '../../lib/kinds';
import type { GraphNode } from '../../lib/lineage/graph-model';
import { plural } from '../../lib/format';
import { isRestricted } from '../../lib/node-summary';
import { entityHref, impactHref, lineageHref } from '../../lib/routes';

/** Unfolding more than this many nodes is slow enough here to say so before. */
const LARGE_GROUP = 2_000;

const SIDE_WORDS = { centre: 'the centre of this view', upstream: 'upstream', downstream: 'downstream' };

/** ", 2 steps upstream" (nothing for the centre). */
const whereInView = (node: GraphNode) =>
  node.side !== 'centre' ? `, ${plural(node.depth, 'step')} ${SIDE_WORDS[node.side]}` : '';

/** The side panel: what the clicked node is, and where to go from it. */
export function NodePanel({ node, onExpand }: { node: GraphNode | null; onExpand: (groupId: string) => void }) {
  if (!node) {
    return (
      <section className="panel">
        <h2>Selected node</h2>
        <p className="state">Nothing selected. Click a node in the graph, or pick one from the list below.</p>
      </section>
    );
  }
  if (node.count) {
    return (
      <section className="panel">
        <h2>{node.label}</h2>
        <p>
          A group of {node.count} {kindStyle(node.kind).plural} {SIDE_WORDS[node.side]}, folded to keep the graph
          readable.
        </p>
        {node.count > LARGE_GROUP && (
          <p>Drawn one by one, {node.count.toLocaleString('en')} nodes take the browser a few seconds or more.</p>
        )}
        <button type="button" onClick={() => onExpand(node.id)}>
          Show all {node.count}
        </button>
      </section>
    );
  }
  if (isRestricted(node)) {
    const hidden = node.node;
    return (
      <section className="panel">
        <h2>{node.label}</h2>
        <p className="subtitle">
          {kindStyle(hidden?.hiddenKind ?? '').label} you may not read
          {whereInView(node)}
        </p>
        <p>
          {hidden?.reason === 'OTHER_PROJECT'
            ? 'It belongs to a project you have no role in.'
            : 'It is restricted: only its owners and those granted it may read it.'}
          {hidden?.ownerName ? ` Ask ${hidden.ownerName} for access.` : ''}
        </p>
      </section>
    );
  }
  return (
    <section className="panel">
      <h2>{node.label}</h2>
      <p className="subtitle">
        {kindStyle(node.kind).label}
        {whereInView(node)}
      </p>
      <p className="mono">{node.id}</p>
      <ul className="plain">
        <li>
          <Link href={entityHref(node.id)}>Open its page</Link>
        </li>
        {node.side !== 'centre' && (
          <li>
            <Link href={lineageHref(node.id)}>Centre the lineage on it</Link>
          </li>
        )}
        {IMPACT_TARGET_KINDS.includes(node.kind) && (
          <li>
            <Link href={impactHref(node.id)}>Impact: what depends on it</Link>
          </li>
        )}
      </ul>
    </section>
  );
}
