import { gql } from './gql';
import type { DataVersionEntryFragment, DatasetConsumersQuery } from './gql/graphql';
import type { Merged } from './merged';
import { isRestricted, type NodeSummary } from './node-summary';

/**
 * A dataset page leads with the table and where it flows. These reads go through the API as it is:
 * lineage of the dataset (all its versions) kept to data versions, grouped by their dataset here;
 * the owners of what is downstream from the dataset's impact report; the newest version's checks.
 */
/** How far the neighbours are looked for: a version, the run that built it, its inputs, and one more such step. */
export const NEIGHBOUR_DEPTH = 5;

export const DATA_VERSION_ENTRY = gql(`
  fragment DataVersionEntry on LineageEntry {
    depth
    node { ...NodeSummary ... on DatasetVersion { dataset { id name } } ... on FeatureSetVersion { featureSet { id name } } }
  }
`);

export const DATASET_NEIGHBOURS_QUERY = gql(`
  query DatasetNeighbours($id: ID!, $maxDepth: Int!) {
    upstream: lineage(id: $id, direction: UPSTREAM, maxDepth: $maxDepth, kinds: ["DatasetVersion", "FeatureSetVersion", "RestrictedNode"]) {
      truncated nodes { ...DataVersionEntry }
    }
    downstream: lineage(id: $id, direction: DOWNSTREAM, maxDepth: $maxDepth, kinds: ["DatasetVersion", "FeatureSetVersion", "RestrictedNode"]) {
      truncated nodes { ...DataVersionEntry }
    }
  }
`);

export const DATASET_CONSUMERS_QUERY = gql(`
  query DatasetConsumers($id: ID!) {
    impact(target: $id) {
      total
      ownersToNotify { owns owner { ... on Team { id name } ... on User { id name } } }
      affected { node { ...NodeSummary } }
    }
  }
`);

export const LATEST_VERSION_CHECKS_QUERY = gql(`
  query LatestVersionChecks($id: ID!) {
    datasetVersion(id: $id) { id dataQualityChecks { name passed runId } }
  }
`);

export type DataVersionEntry = Merged<DataVersionEntryFragment>;

export type ConsumersAnswer = Merged<DatasetConsumersQuery>;

/** Another dataset or feature set that the dataset's versions came from, or that came from them. */
export interface NeighbourDataset {
  id: string;
  name: string;
  kind: 'Dataset' | 'FeatureSet';
  /** Lineage steps from the nearest of the dataset's own versions to the nearest of its versions. */
  steps: number;
  versionIds: string[];
}

/**
 * The data versions reached, grouped by their dataset or feature set, nearest first then by name;
 * the dataset's own versions left out. Versions the caller may not read are only counted.
 */
export function neighbourDatasets(
  entries: DataVersionEntry[],
  ownId: string,
): { datasets: NeighbourDataset[]; hidden: number } {
  const byParent = new Map<string, NeighbourDataset>();
  let hidden = 0;
  for (const { depth, node } of entries) {
    if (isRestricted(node)) {
      hidden += 1;
      continue;
    }
    const parent = node.dataset ?? node.featureSet;
    if (!parent || parent.id === ownId) continue;
    // depth counts from the dataset itself; its versions are one step from it.
    const steps = depth - 1;
    const known = byParent.get(parent.id);
    if (known) {
      known.steps = Math.min(known.steps, steps);
      known.versionIds.push(node.id);
    } else {
      byParent.set(parent.id, {
        id: parent.id,
        name: parent.name,
        kind: node.dataset ? 'Dataset' : 'FeatureSet',
        steps,
        versionIds: [node.id],
      });
    }
  }
  const datasets = [...byParent.values()].sort((a, b) => a.steps - b.steps || a.name.localeCompare(b.name));
  return { datasets, hidden };
}

/** A consumer of the dataset: a team or person owning something downstream of it, and what. */
export interface Consumer {
  id: string;
  name: string;
  owns: { id: string; node: NodeSummary | null }[];
}

/** The owners of what is downstream, teams first (then people), each by how much of it they own. */
export function consumersByTeam(answer: ConsumersAnswer['impact']): { teams: Consumer[]; people: Consumer[] } {
  const nodes = new Map(answer.affected.map(({ node }) => [node.id, node]));
  const consumers = answer.ownersToNotify.map(({ owner, owns }) => ({
    id: owner.id,
    name: owner.name,
    owns: owns.map((id) => ({ id, node: nodes.get(id) ?? null })),
  }));
  const order = (a: Consumer, b: Consumer) => b.owns.length - a.owns.length || a.name.localeCompare(b.name);
  return {
    teams: consumers.filter((consumer) => consumer.id.startsWith('team:')).sort(order),
    people: consumers.filter((consumer) => !consumer.id.startsWith('team:')).sort(order),
  };
}
