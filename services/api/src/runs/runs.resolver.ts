import { DateTimeResolver } from 'graphql-scalars';
import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { PageArgs } from '../catalog/catalog.resolver';
import { Owner, Project } from '../catalog/catalog.types';
import { entityOfKind } from '../catalog/entity-fields';
import { Experiment } from '../experiments/experiments.types';
import { LineageNode } from '../lineage/lineage-node';
import { toConnection } from '../platform/connection';
import type { MnemoContext } from '../context';
import { ids } from '../platform/ids';
import type { EntityRecord, MetricRecord } from '../platform/records';
import {
  CodeCommit,
  FinishRunInput,
  Infrastructure,
  KeyValueInput,
  Metric,
  MetricInput,
  MetricPoint,
  Param,
  PROCESSING_TYPE_TAG,
  ProcessingType,
  Run,
  RunConnection,
  RunEnvironment,
  RunFilterInput,
  RunInput,
  RunOrderField,
  RunOrderInput,
  RunTag,
  SortDirection,
  StartRunInput,
  UsedVersionInput,
} from './runs.types';

const asDate = (ms: number) => new Date(ms);

@Resolver(() => Run)
export class RunResolver {
  @Query(() => Run, { nullable: true })
  run(@Arg('id', () => ID) id: string, @Ctx() ctx: MnemoContext) {
    return entityOfKind(ctx, id, 'Run');
  }

  @Query(() => RunConnection, {
    description: 'Runs matching a filter, ordered by start time (default, newest first) or by a metric.',
  })
  async runs(
    @Args() page: PageArgs,
    @Arg('filter', () => RunFilterInput, { nullable: true }) filter: RunFilterInput | null,
    @Arg('orderBy', () => RunOrderInput, { nullable: true }) orderBy: RunOrderInput | null,
    @Ctx() ctx: MnemoContext,
  ) {
    const order = orderBy ?? { by: RunOrderField.STARTED_AT, direction: SortDirection.DESC };
    return toConnection(await ctx.services.runs.page(filter ?? {}, order, page.first, page.after));
  }

  @FieldResolver(() => CodeCommit)
  code(@Root() run: EntityRecord): CodeCommit {
    return {
      repo: (run.codeRepo as string) ?? null,
      branch: (run.codeBranch as string) ?? null,
      commit: (run.codeCommit as string) ?? null,
      dirty: (run.codeDirty as boolean) ?? null,
    };
  }

  @FieldResolver(() => RunEnvironment)
  environment(@Root() run: EntityRecord): RunEnvironment {
    return {
      languageVersion: (run.languageVersion as string) ?? null,
      packageLockDigest: (run.packageLockDigest as string) ?? null,
      imageDigest: (run.imageDigest as string) ?? null,
    };
  }

  @FieldResolver(() => Infrastructure)
  infrastructure(@Root() run: EntityRecord): Infrastructure {
    return {
      instanceType: (run.instanceType as string) ?? null,
      accelerators: (run.accelerators as string[]) ?? [],
      acceleratorCount: (run.acceleratorCount as number) ?? 0,
      region: (run.region as string) ?? null,
    };
  }

  @FieldResolver(() => [Param])
  params(@Root() run: EntityRecord, @Ctx() ctx: MnemoContext) {
    return ctx.loaders.params.load(run.id);
  }

  @FieldResolver(() => [Metric], { description: 'The latest value of each metric.' })
  async metrics(@Root() run: EntityRecord, @Ctx() ctx: MnemoContext) {
    const metrics = await ctx.loaders.latestMetrics.load(run.id);
    return metrics.map((m) => this.toMetric(run.id, m));
  }

  @FieldResolver(() => Metric, { nullable: true, description: 'One metric by key.' })
  async metric(@Root() run: EntityRecord, @Arg('key') key: string, @Ctx() ctx: MnemoContext) {
    const metric = (await ctx.loaders.latestMetrics.load(run.id)).find((m) => m.key === key);
    return metric ? this.toMetric(run.id, metric) : null;
  }

  @FieldResolver(() => [RunTag])
  tags(@Root() run: EntityRecord, @Ctx() ctx: MnemoContext) {
    return ctx.loaders.tags.load(run.id);
  }

  @FieldResolver(() => ProcessingType, {
    nullable: true,
    description:
      "BATCH or STREAMING, as its OpenLineage job's jobType facet says; null when no producer said. A streaming run stays RUNNING while its job runs: lastEventAt says whether it is alive.",
  })
  async processingType(@Root() run: EntityRecord, @Ctx() ctx: MnemoContext) {
    const tag = (await ctx.loaders.tags.load(run.id)).find((t) => t.key === PROCESSING_TYPE_TAG);
    const value = tag?.value.toUpperCase();
    return value === 'BATCH' || value === 'STREAMING' ? value : null;
  }

  @FieldResolver(() => DateTimeResolver, {
    nullable: true,
    description: 'The time of the latest OpenLineage event about the run (a streaming job reports while it runs).',
  })
  lastEventAt(@Root() run: EntityRecord, @Ctx() ctx: MnemoContext) {
    return ctx.loaders.lastEventAt.load(run.id);
  }

  @FieldResolver(() => [RunInput], { description: 'The versions the run used (USED), with their roles.' })
  inputs(@Root() run: EntityRecord, @Ctx() ctx: MnemoContext) {
    return ctx.loaders.inputs.load(run.id);
  }

  @FieldResolver(() => [LineageNode], { description: 'What the run generated (incoming GENERATED_BY).' })
  outputs(@Root() run: EntityRecord, @Ctx() ctx: MnemoContext) {
    return ctx.loaders.outputs.load(run.id);
  }

  @FieldResolver(() => Owner, { nullable: true })
  async owner(@Root() run: EntityRecord, @Ctx() ctx: MnemoContext) {
    const [owner] = await ctx.loaders.owners.load(run.id);
    return owner ?? null;
  }

  @FieldResolver(() => Experiment)
  experiment(@Root() run: EntityRecord, @Ctx() ctx: MnemoContext) {
    return ctx.loaders.experiment.load(run.id);
  }

  @FieldResolver(() => Project, { nullable: true })
  project(@Root() run: EntityRecord, @Ctx() ctx: MnemoContext) {
    return ctx.loaders.project.load(run.id);
  }

  @FieldResolver(() => Run, {
    nullable: true,
    description: 'The run this one is part of (OpenLineage parent facet: a dbt model run in its invocation).',
  })
  parentRun(@Root() run: EntityRecord, @Ctx() ctx: MnemoContext) {
    return ctx.loaders.parentRun.load(run.id);
  }

  @FieldResolver(() => [Run], { description: 'The runs inside this one (CHILD_OF), oldest first.' })
  childRuns(@Root() run: EntityRecord, @Ctx() ctx: MnemoContext) {
    return ctx.loaders.childRuns.load(run.id);
  }

  @Mutation(() => Run)
  startRun(@Arg('input') input: StartRunInput, @Ctx() ctx: MnemoContext) {
    return ctx.services.runs.startRun(ctx.actor, { ...input, startedAt: input.startedAt?.toISOString() });
  }

  @Mutation(() => Run, {
    description: 'Params are write-once: the same value again is fine, a different one is refused.',
  })
  logParams(
    @Arg('runId', () => ID) runId: string,
    @Arg('params', () => [KeyValueInput]) params: KeyValueInput[],
    @Ctx() ctx: MnemoContext,
  ) {
    return ctx.services.runs.logParams(ctx.actor, runId, params);
  }

  @Mutation(() => Run, { description: 'Appends up to 1,000 metric points in one batch.' })
  logMetrics(
    @Arg('runId', () => ID) runId: string,
    @Arg('metrics', () => [MetricInput]) metrics: MetricInput[],
    @Ctx() ctx: MnemoContext,
  ) {
    return ctx.services.runs.logMetrics(
      ctx.actor,
      runId,
      metrics.map((m) => ({ ...m, timestamp: m.timestamp?.getTime() })),
    );
  }

  @Mutation(() => Run)
  setTags(
    @Arg('runId', () => ID) runId: string,
    @Arg('tags', () => [KeyValueInput]) tags: KeyValueInput[],
    @Ctx() ctx: MnemoContext,
  ) {
    return ctx.services.runs.setTags(ctx.actor, runId, tags);
  }

  @Mutation(() => Run, {
    description: 'Versions the run used, recorded as it reads them; one already recorded changes nothing.',
  })
  recordRunInputs(
    @Arg('runId', () => ID) runId: string,
    @Arg('inputs', () => [UsedVersionInput]) inputs: UsedVersionInput[],
    @Ctx() ctx: MnemoContext,
  ) {
    return ctx.services.runs.recordInputs(ctx.actor, runId, inputs);
  }

  @Mutation(() => Run)
  finishRun(@Arg('input') input: FinishRunInput, @Ctx() ctx: MnemoContext) {
    return ctx.services.runs.finishRun(ctx.actor, { ...input, endedAt: input.endedAt?.toISOString() });
  }

  private toMetric(runId: string, metric: MetricRecord) {
    return { ...metric, timestamp: asDate(metric.timestamp), metricId: ids.metric(runId, metric.key) };
  }
}

@Resolver(() => Metric)
export class MetricResolver {
  @FieldResolver(() => [MetricPoint], { description: 'Every recorded value, by step then time.' })
  async history(@Root() metric: { metricId: string }, @Ctx() ctx: MnemoContext) {
    const points = await ctx.loaders.metricHistory.load(metric.metricId);
    return points.map((p) => ({ ...p, timestamp: asDate(p.timestamp) }));
  }
}
