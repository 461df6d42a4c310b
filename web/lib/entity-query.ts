import { gql } from './gql';
import type { EntityQuery, OwnerFragment } from './gql/graphql';
import type { Merged } from './merged';

/**
 * One query per entity page: node(id) with an inline fragment per kind. Fields that clash between
 * kinds (Run.environment vs Deployment.environment, Run.tags vs Asset.tags, Artifact.digest) are aliased.
 */
export const ENTITY_QUERY = gql(`
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
  fragment VersionItem on Version { id version digest createdAt uri }
`);

/** Who owns something, as every page names them (spread as ...Owner). */
export const OWNER = gql(`
  fragment Owner on Owner { ... on User { id name } ... on Team { id name } }
`);

export type Owner = Merged<OwnerFragment>;

/** An entity page's node: whatever its kind, with the other kinds' fields optional. */
export type EntityNode = Merged<NonNullable<EntityQuery['node']>>;

/** A version in a catalog entity's versions list, with the fields its kind adds. */
export type VersionItem = Merged<NonNullable<EntityNode['versions']>[number]>;

/** A run's metric with its history. */
export type MetricSeries = NonNullable<EntityNode['metrics']>[number];
