import { NODE_SUMMARY, type NodeSummary } from './node-summary';

/**
 * One query per entity page: node(id) with an inline fragment per kind. Fields that clash between
 * kinds (Run.environment vs Deployment.environment, Run.tags vs Asset.tags, Artifact.digest) are aliased.
 */
export const ENTITY_QUERY = `
  query Entity($id: ID!) {
    node(id: $id) {
      ...NodeSummary
      createdAt
      ... on Asset { description tags }
      ... on Dataset { project { id name } owners { ...Owner } dataSource { ...NodeSummary } aliases versions { ...VersionItem rowCount sizeBytes generatedBy { id name } } }
      ... on FeatureSet { project { id name } owners { ...Owner } versions { ...VersionItem features generatedBy { id name } } }
      ... on Model { project { id name } owners { ...Owner } versions { ...VersionItem framework generatedBy { id name } deployments { id name environment } } }
      ... on Experiment { project { id name } owners { ...Owner } runs(first: 100) { nodes { ...NodeSummary startedAt } } parent { ...NodeSummary } children { ...NodeSummary } }
      ... on Deployment { project { id name } owners { ...Owner } endpoint modelVersion { ...NodeSummary } }
      ... on Version { digest uri description }
      ... on DatasetVersion { rowCount sizeBytes dataset { id project { id } } generatedBy { ...NodeSummary } derivedFrom { ...NodeSummary } previousVersion { ...NodeSummary } nextVersion { ...NodeSummary } dataQualityChecks { name passed runId } }
      ... on FeatureSetVersion { features featureSet { id project { id } } generatedBy { ...NodeSummary } derivedFrom { ...NodeSummary } previousVersion { ...NodeSummary } nextVersion { ...NodeSummary } dataQualityChecks { name passed runId } }
      ... on ModelVersion { framework model { id project { id } } generatedBy { ...NodeSummary } deployments { ...NodeSummary } previousVersion { ...NodeSummary } nextVersion { ...NodeSummary } }
      ... on Artifact { uri artifactDigest: digest }
      ... on DataSource { namespace platform host datasets { ...NodeSummary } }
      ... on Project { description tags counts { kind total } }
      ... on Run {
        seed entryPoint startedAt endedAt computeCostUsd processingType lastEventAt
        project { id name }
        experiment { id name }
        parentRun { ...NodeSummary }
        childRuns { ...NodeSummary }
        owner { ...Owner }
        code { repo branch commit dirty }
        runEnvironment: environment { languageVersion packageLockDigest imageDigest }
        infrastructure { instanceType accelerators acceleratorCount region }
        params { key value }
        runTags: tags { key value }
        metrics { key value step history { step value timestamp } }
        inputs { role version { ...NodeSummary ... on Version { digest } } }
        outputs { ...NodeSummary }
      }
    }
  }
  fragment Owner on Owner { ... on User { id name } ... on Team { id name } }
  fragment VersionItem on Version { id version digest createdAt uri }
  ${NODE_SUMMARY}
`;

export interface Owner {
  id: string;
  name: string;
}

export interface VersionItem {
  id: string;
  version: string;
  digest: string;
  createdAt: string;
  uri: string | null;
  rowCount?: number | null;
  sizeBytes?: number | null;
  features?: string[];
  framework?: string | null;
  generatedBy?: { id: string; name: string } | null;
  deployments?: { id: string; name: string; environment: string }[];
}

export interface MetricSeries {
  key: string;
  value: number;
  step: number;
  history: { step: number; value: number; timestamp: string }[];
}

export interface EntityNode extends NodeSummary {
  createdAt: string;
  description?: string | null;
  tags?: string[];
  project?: { id: string; name: string } | null;
  owners?: Owner[];
  versions?: VersionItem[];
  runs?: { nodes: (NodeSummary & { startedAt: string })[] };
  endpoint?: string | null;
  modelVersion?: NodeSummary | null;
  digest?: string;
  artifactDigest?: string | null;
  uri?: string | null;
  rowCount?: number | null;
  sizeBytes?: number | null;
  features?: string[];
  framework?: string | null;
  dataset?: { id: string; name: string; project?: { id: string } | null };
  featureSet?: { id: string; name: string; project?: { id: string } | null };
  model?: { id: string; name: string; project?: { id: string } | null };
  generatedBy?: NodeSummary | null;
  derivedFrom?: NodeSummary[];
  /** Versions only: the versions of the same parent registered just before and after this one. */
  previousVersion?: NodeSummary | null;
  /** Experiments: the one it is part of, and those inside it (an OpenLineage job hierarchy). */
  parent?: NodeSummary | null;
  children?: NodeSummary[];
  /** Datasets: where it lives, and its other names. */
  dataSource?: NodeSummary | null;
  aliases?: string[];
  /** Data sources: the namespace, the kind of system, the host, and its datasets. */
  namespace?: string;
  platform?: string;
  host?: string | null;
  datasets?: NodeSummary[];
  /** Runs: the run it is part of, and the runs inside it. */
  parentRun?: NodeSummary | null;
  childRuns?: NodeSummary[];
  /** Data versions only: the data-quality checks recorded about it, by name. */
  dataQualityChecks?: { name: string; passed: boolean; runId: string }[];
  nextVersion?: NodeSummary | null;
  deployments?: NodeSummary[];
  counts?: { kind: string; total: number }[];
  seed?: number | null;
  entryPoint?: string | null;
  startedAt?: string;
  endedAt?: string | null;
  /** BATCH or STREAMING when an OpenLineage producer said; a streaming run runs until stopped. */
  processingType?: 'BATCH' | 'STREAMING' | null;
  /** The latest OpenLineage event about the run. */
  lastEventAt?: string | null;
  computeCostUsd?: number | null;
  experiment?: { id: string; name: string };
  owner?: Owner | null;
  code?: { repo: string | null; branch: string | null; commit: string | null; dirty: boolean | null };
  runEnvironment?: { languageVersion: string | null; packageLockDigest: string | null; imageDigest: string | null };
  infrastructure?: {
    instanceType: string | null;
    accelerators: string[];
    acceleratorCount: number;
    region: string | null;
  };
  params?: { key: string; value: string }[];
  runTags?: { key: string; value: string }[];
  metrics?: MetricSeries[];
  inputs?: { role: string | null; version: NodeSummary & { digest?: string } }[];
  outputs?: NodeSummary[];
}
