import Link from 'next/link';
import { displayName, type NodeSummary } from '../lib/node-summary';
import { entityHref } from '../lib/routes';
import { KindBadge } from './KindBadge';

/** A node named in words with its kind, linking to its page. */
export function NodeLink({ node, badge = true }: { node: NodeSummary; badge?: boolean }) {
  return (
    <span className="node-link">
      {badge && <KindBadge kind={node.kind} />} <Link href={entityHref(node.id)}>{displayName(node)}</Link>
    </span>
  );
}
