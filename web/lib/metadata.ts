import { gql } from './gql';
import type { CompletenessFieldsFragment, MetadataQuery } from './gql/graphql';
import type { Merged } from './merged';

/** Governed metadata and its completeness against the project's template, for every governed kind. */
export const GOVERNED_KINDS = [
  'Dataset',
  'DatasetVersion',
  'FeatureSet',
  'FeatureSetVersion',
  'Experiment',
  'Run',
  'Model',
  'ModelVersion',
  'Deployment',
];

/** One inline fragment per kind in GOVERNED_KINDS (a list the schema checks, so it is written out). */
export const METADATA_QUERY = gql(`
  query Metadata($id: ID!) {
    node(id: $id) {
      id
      ... on Dataset { metadata { key value } completeness { ...CompletenessFields } }
      ... on DatasetVersion { metadata { key value } completeness { ...CompletenessFields } }
      ... on FeatureSet { metadata { key value } completeness { ...CompletenessFields } }
      ... on FeatureSetVersion { metadata { key value } completeness { ...CompletenessFields } }
      ... on Experiment { metadata { key value } completeness { ...CompletenessFields } }
      ... on Run { metadata { key value } completeness { ...CompletenessFields } }
      ... on Model { metadata { key value } completeness { ...CompletenessFields } }
      ... on ModelVersion { metadata { key value } completeness { ...CompletenessFields } }
      ... on Deployment { metadata { key value } completeness { ...CompletenessFields } }
    }
  }
  fragment CompletenessFields on Completeness { score missingRequired missingRecommended }
`);

export type Completeness = CompletenessFieldsFragment;

export type Governed = Merged<NonNullable<MetadataQuery['node']>>;

/** A 0–1 score as a whole percentage, e.g. 0.667 → "67%". */
export const percentage = (score: number) => `${Math.round(score * 100)}%`;

/** Metadata fields with the same key (a list value) shown as one line. */
export function metadataByKey(fields: { key: string; value: string }[]): [key: string, values: string[]][] {
  const grouped = new Map<string, string[]>();
  for (const field of fields) grouped.set(field.key, [...(grouped.get(field.key) ?? []), field.value]);
  return [...grouped.entries()].sort(([a], [b]) => a.localeCompare(b));
}
