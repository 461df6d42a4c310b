import { Arg, type ClassType, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Node } from '../../catalog/catalog.types';
import { Dataset, DatasetVersion } from '../../datasets/datasets.types';
import { Deployment } from '../../deployments/deployments.types';
import { Experiment } from '../../experiments/experiments.types';
import { FeatureSet, FeatureSetVersion } from '../../featuresets/featuresets.types';
import { Model, ModelVersion } from '../../models/models.types';
import type { MnemoContext } from '../../context';
import type { EntityRecord } from '../../platform/records';
import { Run } from '../../runs/runs.types';
import { metadataOf } from './metadata';
import { subjectCompleteness } from './metadata.service';
import {
  Completeness,
  DataQualityCheck,
  DataQualityCheckInput,
  MetadataField,
  MetadataFieldInput,
} from './metadata.types';
import { MetadataTemplate, ProjectCompleteness } from './templates.types';

/** `metadata` and `completeness` resolve the same way on every governed entity type. */
function GovernedFieldsResolver<T extends object>(type: ClassType<T>) {
  @Resolver(() => type)
  class GovernedFields {
    @FieldResolver(() => [MetadataField], { description: 'Governed metadata (meta.<key> properties), by key.' })
    metadata(@Root() entity: EntityRecord): MetadataField[] {
      return metadataOf(entity);
    }

    @FieldResolver(() => Completeness, { description: "How much of its project's metadata template it satisfies." })
    async completeness(@Root() entity: EntityRecord, @Ctx() ctx: MnemoContext): Promise<Completeness> {
      const completeness = subjectCompleteness(await ctx.loaders.governedSubject.load(entity.id));
      return completeness ?? { score: 1, missingRequired: [], missingRecommended: [] };
    }
  }
  return GovernedFields;
}

export const GOVERNED_FIELD_RESOLVERS = [
  Dataset,
  DatasetVersion,
  FeatureSet,
  FeatureSetVersion,
  Experiment,
  Run,
  Model,
  ModelVersion,
  Deployment,
].map((type) => GovernedFieldsResolver(type as ClassType<object>));

@Resolver(() => Run)
export class RunQualityChecksResolver {
  @FieldResolver(() => [DataQualityCheck], { description: 'The data-quality checks the run declared, by name.' })
  dataQualityChecks(@Root() run: EntityRecord, @Ctx() ctx: MnemoContext) {
    return ctx.loaders.dataQualityChecks.load(run.id);
  }
}

/** The checks recorded about a data version, by any run: dbt tests through OpenLineage, checks a training run declared. */
function VersionQualityChecksResolver<T extends object>(type: ClassType<T>) {
  @Resolver(() => type)
  class VersionQualityChecks {
    @FieldResolver(() => [DataQualityCheck], {
      description: 'The data-quality checks recorded about this version (by any run), by name.',
    })
    dataQualityChecks(@Root() version: EntityRecord, @Ctx() ctx: MnemoContext) {
      return ctx.loaders.qualityChecksOn.load(version.id);
    }
  }
  return VersionQualityChecks;
}

export const VERSION_QUALITY_CHECK_RESOLVERS = [DatasetVersion, FeatureSetVersion].map((type) =>
  VersionQualityChecksResolver(type as ClassType<object>),
);

@Resolver()
export class MetadataTemplateResolver {
  @Query(() => MetadataTemplate, {
    description: "The metadata template that applies to a project's entities of a kind: its own, else the repo file.",
  })
  metadataTemplate(
    @Arg('projectId', () => ID) projectId: string,
    @Arg('kind', { description: 'dataset, feature-set, run, model or deployment.' }) kind: string,
    @Ctx() ctx: MnemoContext,
  ) {
    return ctx.services.metadata.template(projectId, kind);
  }

  @Query(() => ProjectCompleteness, {
    description: 'Average metadata completeness per kind over a project, and its least complete entities.',
  })
  projectCompleteness(
    @Arg('projectId', () => ID) projectId: string,
    @Arg('worst', () => Int, { defaultValue: 10, description: 'How many of the least complete to list.' })
    worst: number,
    @Ctx() ctx: MnemoContext,
  ) {
    return ctx.services.metadata.projectCompleteness(projectId, worst);
  }

  @Mutation(() => MetadataTemplate, {
    description:
      "Loads a project's own metadata template of a kind (YAML, the format of governance/templates/*.yaml); " +
      'a template with problems is refused with every problem listed. Audited as template.loaded.',
  })
  loadMetadataTemplate(
    @Arg('projectId', () => ID) projectId: string,
    @Arg('kind') kind: string,
    @Arg('yaml') yaml: string,
    @Ctx() ctx: MnemoContext,
  ) {
    return ctx.services.metadata.loadTemplate(ctx.actor, projectId, kind, yaml);
  }

  @Mutation(() => Node, {
    description:
      "Sets governed metadata of an entity; an empty value removes a key. Values are checked against the project's " +
      'vocabularies and a required field cannot be removed. Audited as entity.metadata-set with before and after.',
  })
  setMetadata(
    @Arg('entityId', () => ID) entityId: string,
    @Arg('metadata', () => [MetadataFieldInput]) metadata: MetadataFieldInput[],
    @Ctx() ctx: MnemoContext,
  ) {
    return ctx.services.metadata.setMetadata(ctx.actor, entityId, metadata);
  }

  @Mutation(() => Run, {
    description:
      'Records data-quality checks of a run (a check is known by its name and version; recording it again ' +
      'replaces its result). Audited as run.quality-checks-recorded.',
  })
  recordDataQualityChecks(
    @Arg('runId', () => ID) runId: string,
    @Arg('checks', () => [DataQualityCheckInput]) checks: DataQualityCheckInput[],
    @Ctx() ctx: MnemoContext,
  ) {
    return ctx.services.metadata.recordDataQualityChecks(ctx.actor, runId, checks);
  }
}
