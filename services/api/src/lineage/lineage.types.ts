import { createUnionType } from 'type-graphql';
import { DatasetVersion } from '../datasets/datasets.types';
import { FeatureSetVersion } from '../featuresets/featuresets.types';
import { Artifact, ModelVersion } from '../models/models.types';
import type { EntityRecord } from '../platform/records';

export const LineageNode = createUnionType({
  name: 'LineageNode',
  description: 'A thing runs use and generate: a dataset, feature set or model version, or an artifact.',
  types: () => [DatasetVersion, FeatureSetVersion, ModelVersion, Artifact] as const,
  resolveType: (value) => (value as unknown as EntityRecord).kind,
});
