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

const GOVERNED_FIELDS = 'metadata { key value } completeness { score missingRequired missingRecommended }';

export const METADATA_QUERY = `
  query Metadata($id: ID!) {
    node(id: $id) {
      id
      ${GOVERNED_KINDS.map((kind) => `... on ${kind} { ${GOVERNED_FIELDS} }`).join('\n      ')}
    }
  }
`;

export interface Completeness {
  score: number;
  missingRequired: string[];
  missingRecommended: string[];
}

export interface Governed {
  id: string;
  metadata?: { key: string; value: string }[];
  completeness?: Completeness;
}

/** A 0–1 score as a whole percentage, e.g. 0.667 → "67%". */
export const percentage = (score: number) => `${Math.round(score * 100)}%`;

/** Metadata fields with the same key (a list value) shown as one line. */
export function metadataByKey(fields: { key: string; value: string }[]): [key: string, values: string[]][] {
  const grouped = new Map<string, string[]>();
  for (const field of fields) grouped.set(field.key, [...(grouped.get(field.key) ?? []), field.value]);
  return [...grouped.entries()].sort(([a], [b]) => a.localeCompare(b));
}
