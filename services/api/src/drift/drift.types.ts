import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';

@ObjectType({ description: 'One column of a dataset or feature set version, as its client described it.' })
export class Column {
  @Field()
  name!: string;

  @Field({ description: 'The type as the client named it, e.g. int64, string, double, VARCHAR.' })
  type!: string;

  @Field(() => Boolean, { nullable: true, description: 'Whether the column may hold nulls, when the client said.' })
  nullable!: boolean | null;
}

@InputType()
export class ColumnInput {
  @Field()
  name!: string;

  @Field()
  type!: string;

  @Field(() => Boolean, { nullable: true })
  nullable?: boolean | null;
}

@ObjectType({ description: 'Simple statistics of one column of a version (count includes nulls).' })
export class ColumnStats {
  @Field()
  column!: string;

  @Field(() => Float, { nullable: true, description: 'Values counted, nulls included.' })
  count!: number | null;

  @Field(() => Float, { nullable: true })
  nulls!: number | null;

  @Field(() => Float, { nullable: true })
  mean!: number | null;

  @Field(() => Float, { nullable: true, description: 'Standard deviation.' })
  std!: number | null;

  @Field(() => Float, { nullable: true, description: 'Distinct values.' })
  distinct!: number | null;
}

@InputType()
export class ColumnStatsInput {
  @Field()
  column!: string;

  @Field(() => Int, { nullable: true, description: 'Values counted, nulls included.' })
  count?: number | null;

  @Field(() => Int, { nullable: true })
  nulls?: number | null;

  @Field(() => Float, { nullable: true })
  mean?: number | null;

  @Field(() => Float, { nullable: true })
  std?: number | null;

  @Field(() => Int, { nullable: true })
  distinct?: number | null;
}

@ObjectType({ description: 'A column whose type changed between two versions.' })
export class ColumnRetype {
  @Field()
  name!: string;

  @Field()
  from!: string;

  @Field()
  to!: string;
}

@ObjectType({
  description:
    'How a version’s columns differ from those of the version registered before it (computed at registration).',
})
export class SchemaChange {
  @Field(() => ID, { description: 'The version compared against: the one registered before, by creation order.' })
  previousVersionId!: string;

  @Field(() => [Column])
  added!: Column[];

  @Field(() => [Column])
  removed!: Column[];

  @Field(() => [ColumnRetype])
  retyped!: ColumnRetype[];

  @Field({ description: 'Whether anything changed.' })
  changed!: boolean;
}

export enum DriftFlagKind {
  SCHEMA_CHANGE = 'SCHEMA_CHANGE',
  STATISTICS_DRIFT = 'STATISTICS_DRIFT',
  METRIC_OUTLIER = 'METRIC_OUTLIER',
  EVALUATION_DROP = 'EVALUATION_DROP',
}
registerEnumType(DriftFlagKind, {
  name: 'DriftFlagKind',
  description:
    'SCHEMA_CHANGE: columns added, removed or retyped from the previous version; STATISTICS_DRIFT: a column ' +
    "statistic moved beyond its threshold; METRIC_OUTLIER: a run's final metric far outside its experiment's " +
    "(robust z-score); EVALUATION_DROP: a deployed model version's metric fell from the previous version's.",
});

@ObjectType({ description: 'Something that changed under a project’s models, and the measure that tripped it.' })
export class DriftFlag {
  @Field(() => DriftFlagKind)
  kind!: DriftFlagKind;

  @Field(() => ID, { description: 'The version or run flagged (resolve it with `subject`).' })
  subjectId!: string;

  @Field(() => ID, { nullable: true, description: 'What it was compared with, when one thing: the previous version.' })
  previousId!: string | null;

  @Field(() => String, { nullable: true, description: 'The column concerned, for schema and statistics flags.' })
  column!: string | null;

  @Field(() => String, { nullable: true, description: 'The metric concerned, for outliers and evaluation drops.' })
  metric!: string | null;

  @Field({
    description:
      'What was measured: columns_changed, mean_shift_sd, null_rate_change, distinct_change_ratio, robust_z, ' +
      'evaluation_drop.',
  })
  measure!: string;

  @Field(() => Float)
  value!: number;

  @Field(() => Float, { description: 'The flag trips when value is greater than this.' })
  threshold!: number;

  @Field()
  explanation!: string;

  @Field({ description: 'Whether a PROD deployment is downstream of the subject (or is the subject’s deployment).' })
  affectsProduction!: boolean;

  @Field(() => [ID], { description: 'The model versions PROD deployments serve that the subject reaches.' })
  productionModelVersionIds!: string[];

  @Field(() => [ID], { description: 'The PROD deployments concerned.' })
  productionDeploymentIds!: string[];

  @Field(() => ID, { description: 'Where the explorer opens the lineage view to explain the flag.' })
  lineageRootId!: string;
}
