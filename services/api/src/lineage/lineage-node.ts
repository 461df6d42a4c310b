import { createUnionType } from 'type-graphql';
import { DatasetVersion } from '../datasets/datasets.types';
import { FeatureSetVersion } from '../featuresets/featuresets.types';
import { Artifact, ModelVersion } from '../models/models.types';
import type { EntityRecord } from '../platform/records';

/**
 * Its own module, not lineage.types.ts: runs.types.ts needs it (a run's inputs and outputs), and
 * lineage.types.ts needs runs.types.ts (a provenance's runs), so keeping it there was an import cycle.
 */
export const LineageNode = createUnionType({
  name: 'LineageNode',
  description: 'A thing runs use and generate: a dataset, feature set or model version, or an artifact.',
  types: () => [DatasetVersion, FeatureSetVersion, ModelVersion, Artifact] as const,
  resolveType: (value) => (value as unknown as EntityRecord).kind,
});
