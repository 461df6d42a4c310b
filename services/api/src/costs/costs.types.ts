import { DateTimeResolver } from 'graphql-scalars';
import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { RunStatus } from '../runs/runs.types';

export enum CostSource {
  RECORDED = 'RECORDED',
  DERIVED = 'DERIVED',
  UNKNOWN = 'UNKNOWN',
}
registerEnumType(CostSource, {
  name: 'CostSource',
  description:
    "Where a run's cost comes from: RECORDED by its client (computeCostUsd), DERIVED from the price table " +
    '(governance/prices.yaml) and its duration, or UNKNOWN (see the explanation).',
});

export enum UnknownCostReason {
  RUNNING = 'RUNNING',
  NO_INSTANCE_TYPE = 'NO_INSTANCE_TYPE',
  INSTANCE_NOT_PRICED = 'INSTANCE_NOT_PRICED',
  ACCELERATOR_NOT_PRICED = 'ACCELERATOR_NOT_PRICED',
  ACCELERATOR_TYPE_UNKNOWN = 'ACCELERATOR_TYPE_UNKNOWN',
}
registerEnumType(UnknownCostReason, {
  name: 'UnknownCostReason',
  description:
    'Why a run without a recorded cost could not be priced: still RUNNING (no end time), NO_INSTANCE_TYPE recorded, ' +
    'its instance type or an accelerator not in the price table, or accelerators counted without their type.',
});

export enum PriceKind {
  INSTANCE = 'INSTANCE',
  ACCELERATOR = 'ACCELERATOR',
}
registerEnumType(PriceKind, { name: 'PriceKind' });

export enum CostGrouping {
  EXPERIMENT = 'EXPERIMENT',
  FAMILY = 'FAMILY',
  PROJECT = 'PROJECT',
  OWNER = 'OWNER',
  MONTH = 'MONTH',
}
registerEnumType(CostGrouping, {
  name: 'CostGrouping',
  description:
    "How costSummary groups a project's runs: by EXPERIMENT; by FAMILY (experiments whose runs generated versions " +
    'of the same model; failing that, sharing meta.family or a "family:<name>" tag; failing that, the experiment ' +
    "alone); the whole PROJECT; the run's OWNER; or the MONTH it started (UTC).",
});

export enum MetricGoal {
  MAXIMIZE = 'MAXIMIZE',
  MINIMIZE = 'MINIMIZE',
}
registerEnumType(MetricGoal, { name: 'MetricGoal', description: 'Which way a metric is better.' });

@ObjectType({ description: 'One price-table entry a derived cost used.' })
export class PriceUsed {
  @Field(() => PriceKind)
  kind!: PriceKind;

  @Field({ description: 'The instance or accelerator type, as the price table names it.' })
  name!: string;

  @Field(() => Float)
  usdPerHour!: number;

  @Field(() => Float, { description: 'How many: 1 for the instance, acceleratorCount for accelerators.' })
  count!: number;
}

@ObjectType({ description: "A run's compute cost and where the figure comes from." })
export class RunCost {
  @Field(() => Float, { nullable: true, description: 'US dollars; null when UNKNOWN.' })
  usd!: number | null;

  @Field(() => CostSource)
  source!: CostSource;

  @Field({ description: 'The figure in words: recorded, or the arithmetic that derived it, or why it is unknown.' })
  explanation!: string;

  @Field(() => UnknownCostReason, { nullable: true })
  unknownReason!: UnknownCostReason | null;

  @Field(() => Float, { nullable: true, description: 'Hours from startedAt to endedAt; null while running.' })
  hours!: number | null;

  @Field(() => [PriceUsed], { description: 'The price-table entries a DERIVED cost used; empty otherwise.' })
  prices!: PriceUsed[];

  @Field(() => String, {
    nullable: true,
    description: "The price table's effectiveFrom (YYYY-MM-DD) for a DERIVED cost.",
  })
  pricesEffectiveFrom!: string | null;
}

@ObjectType({ description: "One group of a project's spend; UNKNOWN runs are counted, not priced." })
export class CostGroup {
  @Field({
    description: 'The group: an experiment, family, project or user id, "none" for runs without an owner, or YYYY-MM.',
  })
  key!: string;

  @Field()
  label!: string;

  @Field(() => Int)
  runCount!: number;

  @Field(() => Float, { description: 'recordedUsd + derivedUsd.' })
  totalUsd!: number;

  @Field(() => Float)
  recordedUsd!: number;

  @Field(() => Float)
  derivedUsd!: number;

  @Field(() => Int, { description: 'Runs whose cost is UNKNOWN (left out of the sums).' })
  unknownCount!: number;
}

/** What a run-by-run cost answer says of each run: which run, how it ended, what it cost and how that is known. */
@ObjectType()
abstract class RunCostLine {
  @Field(() => ID)
  runId!: string;

  @Field()
  runName!: string;

  @Field(() => RunStatus)
  status!: RunStatus;

  @Field(() => Float, { nullable: true })
  costUsd!: number | null;

  @Field(() => CostSource)
  costSource!: CostSource;
}

@ObjectType({ description: "One run on a family's improvement curve, in start order." })
export class ImprovementPoint extends RunCostLine {
  @Field(() => DateTimeResolver)
  startedAt!: string;

  @Field(() => Float, { description: 'Spend of this run and every earlier one of the family (UNKNOWN counts 0).' })
  cumulativeUsd!: number;

  @Field(() => Float, { nullable: true, description: "The run's latest value of the metric; null if not logged." })
  value!: number | null;

  @Field(() => Float, { nullable: true, description: 'The best value so far, this run included.' })
  bestSoFar!: number | null;

  @Field({ description: 'True when this run beat every earlier one (the first run with the metric included).' })
  newBest!: boolean;

  @Field(() => Float, {
    nullable: true,
    description: 'For a new best after the first: how much better than the previous best (positive).',
  })
  gain!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'For a new best after the first: spend after the previous best run, up to and including this run.',
  })
  spendSincePreviousBestUsd!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'gain / spendSincePreviousBestUsd: the marginal gain per dollar (null when that spend is 0).',
  })
  gainPerDollar!: number | null;
}

@ObjectType({ description: "An experiment family's best metric against cumulative spend." })
export class ImprovementCurve {
  @Field({ description: 'The family key: a model id, "family:<name>" or an experiment id.' })
  family!: string;

  @Field()
  label!: string;

  @Field(() => [ID], { description: 'The experiments of the family.' })
  experimentIds!: string[];

  @Field()
  metric!: string;

  @Field(() => MetricGoal)
  goal!: MetricGoal;

  @Field(() => Float)
  totalUsd!: number;

  @Field(() => Int, { description: 'Runs of the family whose cost is UNKNOWN (counted as 0).' })
  unknownCostRuns!: number;

  @Field(() => [ImprovementPoint], { description: 'Every run of the family, ordered by start time.' })
  points!: ImprovementPoint[];
}

@ObjectType({ description: "A run's wasted spend: idle accelerator time, or all of it when it failed or was killed." })
export class RunWaste extends RunCostLine {
  @Field(() => [String], { description: 'The utilisation metrics read.' })
  utilizationMetrics!: string[];

  @Field(() => Float, { description: 'Accelerator-hours below the threshold (one device for one hour = 1).' })
  idleAcceleratorHours!: number;

  @Field(() => Float, {
    nullable: true,
    description: 'Idle accelerator-hours × the accelerator price; 0 for a failed or killed run (counted as lost).',
  })
  idleUsd!: number | null;

  @Field(() => Float, { nullable: true, description: 'The whole cost of a FAILED or KILLED run; 0 otherwise.' })
  lostUsd!: number | null;

  @Field()
  explanation!: string;
}

@ObjectType({ description: "A project's wasted spend." })
export class WasteReport {
  @Field(() => ID)
  projectId!: string;

  @Field(() => Float, { description: 'Utilisation (percent) below which accelerator time counts as idle.' })
  utilizationThreshold!: number;

  @Field(() => Float)
  idleUsd!: number;

  @Field(() => Float)
  idleAcceleratorHours!: number;

  @Field(() => Float)
  lostUsd!: number;

  @Field(() => Float, { description: 'idleUsd + lostUsd (a failed run is counted once, as lost).' })
  totalUsd!: number;

  @Field(() => [RunWaste], { description: 'Runs with idle time or lost spend, in start order.' })
  runs!: RunWaste[];
}
