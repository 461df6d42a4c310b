import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { PageArgs } from '../catalog/catalog.resolver';
import { CatalogFilter } from '../catalog/catalog.types';
import { AssetFieldsResolver, entityOfKind } from '../catalog/entity-fields';
import { toConnection } from '../platform/connection';
import type { MnemoContext } from '../context';
import type { EntityRecord } from '../platform/records';
import { RunConnection, RunOrderInput, RunOrderField, SortDirection } from '../runs/runs.types';
import { CreateExperimentInput, Experiment, ExperimentConnection } from './experiments.types';

@Resolver(() => Experiment)
export class ExperimentResolver extends AssetFieldsResolver(Experiment) {
  @Query(() => Experiment, { nullable: true })
  experiment(@Arg('id', () => ID) id: string, @Ctx() ctx: MnemoContext) {
    return entityOfKind(ctx, id, 'Experiment');
  }

  @Query(() => ExperimentConnection)
  async experiments(
    @Args() page: PageArgs,
    @Arg('filter', () => CatalogFilter, { nullable: true }) filter: CatalogFilter | null,
    @Ctx() ctx: MnemoContext,
  ) {
    return toConnection(await ctx.services.catalog.page('Experiment', filter ?? {}, page.first, page.after));
  }

  @FieldResolver(() => RunConnection, { description: 'The runs of this experiment, newest first by default.' })
  async runs(
    @Root() experiment: EntityRecord,
    @Args() page: PageArgs,
    @Arg('orderBy', () => RunOrderInput, { nullable: true }) orderBy: RunOrderInput | null,
    @Ctx() ctx: MnemoContext,
  ) {
    const order = orderBy ?? { by: RunOrderField.STARTED_AT, direction: SortDirection.DESC };
    return toConnection(await ctx.services.runs.page({ experimentId: experiment.id }, order, page.first, page.after));
  }

  @FieldResolver(() => Experiment, {
    nullable: true,
    description:
      'The experiment this one is part of (an OpenLineage job inside another: a dbt model in its invocation).',
  })
  parent(@Root() experiment: EntityRecord, @Ctx() ctx: MnemoContext) {
    return ctx.loaders.parentExperiment.load(experiment.id);
  }

  @FieldResolver(() => [Experiment], { description: 'The experiments inside this one (PART_OF), by name.' })
  children(@Root() experiment: EntityRecord, @Ctx() ctx: MnemoContext) {
    return ctx.loaders.childExperiments.load(experiment.id);
  }

  @Mutation(() => Experiment)
  createExperiment(@Arg('input') input: CreateExperimentInput, @Ctx() ctx: MnemoContext) {
    return ctx.services.catalog.registerAsset(ctx.actor, 'Experiment', input);
  }
}
