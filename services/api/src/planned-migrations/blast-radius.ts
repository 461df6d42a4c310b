import { isPlaceholder } from '../access/restricted-placeholder';
import type { ImpactReport } from '../lineage/lineage.service';
import type { EntityRecord } from '../platform/records';

/** One affected item of a blast radius, as a migration keeps it (frozen at planning time). */
export interface BlastRadiusItem {
  id: string;
  kind: string;
  name: string;
  environment: string | null;
  /** A deployment serving production. */
  production: boolean;
  depth: number;
  /** One shortest path of ids from this item back to the target. */
  why: string[];
  ownerIds: string[];
}

/** Everything a migration's change reaches, with the owners to notify. */
export interface BlastRadius {
  total: number;
  items: BlastRadiusItem[];
  owners: { ownerId: string; owns: string[] }[];
  truncated: boolean;
}

/** An impact report as a migration keeps it: plain ids and words, no live nodes. */
export function blastRadiusOf(report: ImpactReport): BlastRadius {
  const ownersOf = new Map<string, string[]>();
  for (const { owner, owns } of report.ownersToNotify) {
    for (const id of owns) ownersOf.set(id, [...(ownersOf.get(id) ?? []), owner.id]);
  }
  const production = new Set(report.productionDeploymentsAtRisk.map((item) => item.node.id));
  const items = report.affected.map(({ node, depth, why }) => ({
    id: node.id,
    // A placeholder keeps the kind of what it hides and says it in words.
    kind: isPlaceholder(node) ? node.hiddenKind : node.kind,
    name: isPlaceholder(node) ? node.summary : String(node.name ?? node.id),
    environment: !isPlaceholder(node) && typeof node.environment === 'string' ? node.environment : null,
    production: production.has(node.id),
    depth,
    why,
    ownerIds: ownersOf.get(node.id) ?? [],
  }));
  return withOwners(items, report.truncated);
}

/** Several blast radii as one (a migration of several columns): each item once, at its nearest. */
export function mergeBlastRadii(parts: BlastRadius[], extra: BlastRadiusItem[] = []): BlastRadius {
  const nearest = new Map<string, BlastRadiusItem>();
  for (const item of [...extra, ...parts.flatMap((part) => part.items)]) {
    const known = nearest.get(item.id);
    if (!known || item.depth < known.depth) nearest.set(item.id, item);
  }
  const items = [...nearest.values()].sort((a, b) => a.depth - b.depth || a.id.localeCompare(b.id));
  return withOwners(
    items,
    parts.some((part) => part.truncated),
  );
}

/** A version holding an affected column, as an item one step from the target. */
export function holdingVersionItem(node: EntityRecord, ownerIds: string[], targetId: string): BlastRadiusItem {
  return {
    id: node.id,
    kind: node.kind,
    name: String(node.name ?? node.id),
    environment: null,
    production: false,
    depth: 1,
    why: [node.id, targetId],
    ownerIds,
  };
}

function withOwners(items: BlastRadiusItem[], truncated: boolean): BlastRadius {
  const owns = new Map<string, string[]>();
  for (const item of items)
    for (const ownerId of item.ownerIds) owns.set(ownerId, [...(owns.get(ownerId) ?? []), item.id]);
  const owners = [...owns]
    .map(([ownerId, ids]) => ({ ownerId, owns: ids }))
    .sort((a, b) => a.ownerId.localeCompare(b.ownerId));
  return { total: items.length, items, owners, truncated };
}

/** Acknowledgement states that clear an owner: they know, and are ready or at least not objecting. */
export const CLEARED_STATES = ['ACKNOWLEDGED', 'READY'];

/** A production deployment in the blast radius now, and the owners it still waits on. */
export interface DeploymentAtRisk {
  deployment: BlastRadiusItem;
  /** Its owners who have not acknowledged or marked ready, with their state (NOT_ASKED: appeared after planning). */
  waitingOn: { ownerId: string; state: string }[];
  reason: string;
}

/** What changed since planning, and which production deployments are still at risk. */
export interface BlastRadiusChange {
  newConsumers: BlastRadiusItem[];
  vanishedConsumers: BlastRadiusItem[];
  productionDeploymentsAtRisk: DeploymentAtRisk[];
}

/**
 * Compares the blast radius frozen at planning with today's. A production deployment is at risk
 * while it has no owner, or one of its owners has not acknowledged or marked ready (an objection,
 * a pending answer, or an owner who was not asked because the deployment appeared after planning).
 */
export function compareBlastRadii(
  planned: BlastRadius,
  now: BlastRadius,
  states: Map<string, string>,
): BlastRadiusChange {
  const plannedIds = new Set(planned.items.map((item) => item.id));
  const nowIds = new Set(now.items.map((item) => item.id));
  const productionDeploymentsAtRisk: DeploymentAtRisk[] = [];
  for (const deployment of now.items.filter((item) => item.production)) {
    const waitingOn = deployment.ownerIds
      .map((ownerId) => ({ ownerId, state: states.get(ownerId) ?? 'NOT_ASKED' }))
      .filter((owner) => !CLEARED_STATES.includes(owner.state));
    if (deployment.ownerIds.length === 0) {
      productionDeploymentsAtRisk.push({ deployment, waitingOn, reason: 'it has no owner to acknowledge' });
    } else if (waitingOn.length > 0) {
      productionDeploymentsAtRisk.push({ deployment, waitingOn, reason: waitingInWords(waitingOn) });
    }
  }
  return {
    newConsumers: now.items.filter((item) => !plannedIds.has(item.id)),
    vanishedConsumers: planned.items.filter((item) => !nowIds.has(item.id)),
    productionDeploymentsAtRisk,
  };
}

const STATE_WORDS: Record<string, string> = {
  PENDING: 'has not answered',
  OBJECTED: 'objected',
  NOT_ASKED: 'was not asked (it appeared after planning)',
};

export function waitingInWords(waitingOn: { ownerId: string; state: string }[]): string {
  return waitingOn.map((owner) => `${owner.ownerId} ${STATE_WORDS[owner.state] ?? owner.state}`).join('; ');
}
