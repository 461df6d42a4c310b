import { DateTimeResolver } from 'graphql-scalars';
import { Arg, Ctx, FieldResolver, Float, ID, Query, Resolver, Root } from 'type-graphql';
import type { MnemoContext } from '../context';
import type { EntityRecord } from '../platform/records';
import { Run } from '../runs/runs.types';
import {
  CostGroup,
  CostGrouping,
  ImprovementCurve,
  ImprovementPoint,
  MetricGoal,
  RunCost,
  RunWaste,
  WasteReport,
} from './costs.types';

@Resolver()
export class CostResolver {
  @Query(() => [CostGroup], {
    description:
      "A project's compute spend grouped by experiment, family, project, owner or month, largest first " +
      '(months in order); runs that started in [since, until) when given.',
  })
  costSummary(
    @Arg('projectId', () => ID) projectId: string,
    @Arg('groupBy', () => CostGrouping) groupBy: CostGrouping,
    @Arg('since', () => DateTimeResolver, { nullable: true }) since: Date | null,
    @Arg('until', () => DateTimeResolver, { nullable: true }) until: Date | null,
    @Ctx() ctx: MnemoContext,
  ) {
    return ctx.services.costs.summary(projectId, groupBy, since, until);
  }

  @Query(() => ImprovementCurve, {
    description:
      "An experiment family's runs in start order with cumulative spend, best metric so far, and each new " +
      "best's gain per dollar spent since the previous best. family: a key from costSummary(groupBy: FAMILY).",
  })
  improvementPerDollar(
    @Arg('projectId', () => ID) projectId: string,
    @Arg('family') family: string,
    @Arg('metric') metric: string,
    @Arg('goal', () => MetricGoal, { defaultValue: MetricGoal.MAXIMIZE }) goal: MetricGoal,
    @Ctx() ctx: MnemoContext,
  ) {
    return ctx.services.costs.improvementPerDollar(projectId, family, metric, goal);
  }

  @Query(() => WasteReport, {
    description:
      "A project's wasted spend: accelerator time below utilizationThreshold percent (default 10), priced at " +
      'the accelerator price, and the whole cost of FAILED or KILLED runs.',
  })
  costWaste(
    @Arg('projectId', () => ID) projectId: string,
    @Arg('utilizationThreshold', () => Float, { nullable: true }) utilizationThreshold: number | null,
    @Arg('since', () => DateTimeResolver, { nullable: true }) since: Date | null,
    @Arg('until', () => DateTimeResolver, { nullable: true }) until: Date | null,
    @Ctx() ctx: MnemoContext,
  ) {
    return ctx.services.costs.waste(projectId, utilizationThreshold, since, until);
  }
}

@Resolver(() => Run)
export class RunCostResolver {
  @FieldResolver(() => RunCost, {
    description: 'Its compute cost: recorded by the client, derived from the price table, or unknown, and why.',
  })
  async cost(@Root() run: EntityRecord, @Ctx() ctx: MnemoContext) {
    return ctx.loaders.runCost.load(run.id);
  }
}

/** `run` on an improvement point or a wasted run: the run itself, through the request's loader. */
@Resolver(() => ImprovementPoint)
export class ImprovementPointResolver {
  @FieldResolver(() => Run, { nullable: true })
  run(@Root() point: ImprovementPoint, @Ctx() ctx: MnemoContext) {
    return ctx.loaders.entity.load(point.runId);
  }
}

@Resolver(() => RunWaste)
export class RunWasteResolver {
  @FieldResolver(() => Run, { nullable: true })
  run(@Root() waste: RunWaste, @Ctx() ctx: MnemoContext) {
    return ctx.loaders.entity.load(waste.runId);
  }
}

export const COST_RESOLVERS = [CostResolver, RunCostResolver, ImprovementPointResolver, RunWasteResolver] as const;
