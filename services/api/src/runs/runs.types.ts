import { DateTimeResolver } from 'graphql-scalars';
import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Node } from '../catalog/catalog.types';
import { DataQualityCheckInput, MetadataFieldInput } from '../governance/templates/metadata.types';
import { LineageNode } from '../lineage/lineage-node';
import { ConnectionOf } from '../platform/connection';

export enum RunStatus {
  RUNNING = 'RUNNING',
  FINISHED = 'FINISHED',
  FAILED = 'FAILED',
  KILLED = 'KILLED',
}
registerEnumType(RunStatus, { name: 'RunStatus' });

/** How a run's job processes data: a batch ends; a streaming job runs until it is stopped. */
export enum ProcessingType {
  BATCH = 'BATCH',
  STREAMING = 'STREAMING',
}
registerEnumType(ProcessingType, { name: 'ProcessingType' });
/** The run tag that keeps it (from OpenLineage's jobType facet). */
export const PROCESSING_TYPE_TAG = 'openlineage.processingType';

export enum MetricComparison {
  GT = 'GT',
  GTE = 'GTE',
  LT = 'LT',
  LTE = 'LTE',
  EQ = 'EQ',
}
registerEnumType(MetricComparison, { name: 'MetricComparison' });

export enum RunOrderField {
  STARTED_AT = 'STARTED_AT',
  METRIC = 'METRIC',
}
registerEnumType(RunOrderField, { name: 'RunOrderField' });

export enum SortDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}
registerEnumType(SortDirection, { name: 'SortDirection' });

@ObjectType({ description: 'The code a run executed.' })
export class CodeCommit {
  @Field(() => String, { nullable: true })
  repo!: string | null;

  @Field(() => String, { nullable: true })
  branch!: string | null;

  @Field(() => String, { nullable: true })
  commit!: string | null;

  @Field(() => Boolean, { nullable: true, description: 'True when the working tree had uncommitted changes.' })
  dirty!: boolean | null;
}

@ObjectType({ description: 'The software environment a run executed in.' })
export class RunEnvironment {
  @Field(() => String, { nullable: true, description: 'e.g. python 3.11.7' })
  languageVersion!: string | null;

  @Field(() => String, { nullable: true })
  packageLockDigest!: string | null;

  @Field(() => String, { nullable: true })
  imageDigest!: string | null;
}

@ObjectType({ description: 'The hardware a run executed on.' })
export class Infrastructure {
  @Field(() => String, { nullable: true })
  instanceType!: string | null;

  @Field(() => [String])
  accelerators!: string[];

  @Field(() => Int)
  acceleratorCount!: number;

  @Field(() => String, { nullable: true })
  region!: string | null;
}

@ObjectType()
export class Param {
  @Field()
  key!: string;

  @Field()
  value!: string;
}

@ObjectType()
export class RunTag {
  @Field()
  key!: string;

  @Field()
  value!: string;
}

@ObjectType({ description: 'One recorded value of a metric.' })
export class MetricPoint {
  @Field(() => Float)
  value!: number;

  @Field(() => Int)
  step!: number;

  @Field(() => DateTimeResolver)
  timestamp!: Date;
}

@ObjectType({ description: 'A metric of a run: its latest value (highest step) and, on request, its history.' })
export class Metric {
  @Field()
  key!: string;

  @Field(() => Float)
  value!: number;

  @Field(() => Int)
  step!: number;

  @Field(() => DateTimeResolver)
  timestamp!: Date;
}

@ObjectType({ implements: Node, description: 'One execution of training or data code.' })
export class Run extends Node {
  @Field()
  name!: string;

  @Field(() => RunStatus)
  status!: RunStatus;

  @Field(() => Int, { nullable: true })
  seed!: number | null;

  @Field(() => String, { nullable: true })
  entryPoint!: string | null;

  @Field(() => DateTimeResolver)
  startedAt!: string;

  @Field(() => DateTimeResolver, { nullable: true })
  endedAt!: string | null;

  @Field(() => Float, { nullable: true, description: 'Compute cost in US dollars.' })
  computeCostUsd!: number | null;
}

@ObjectType({ description: 'A version a run used, and the role it played (training, evaluation...).' })
export class RunInput {
  @Field(() => String, { nullable: true })
  role!: string | null;

  @Field(() => LineageNode)
  version!: object;
}

@ObjectType()
export class RunConnection extends ConnectionOf(Run, 'Run') {}

@InputType()
export class KeyValueInput {
  @Field()
  key!: string;

  @Field()
  value!: string;
}

@InputType()
export class CodeCommitInput {
  @Field(() => String, { nullable: true })
  repo?: string | null;

  @Field(() => String, { nullable: true })
  branch?: string | null;

  @Field(() => String, { nullable: true })
  commit?: string | null;

  @Field(() => Boolean, { nullable: true })
  dirty?: boolean | null;
}

@InputType()
export class RunEnvironmentInput {
  @Field(() => String, { nullable: true })
  languageVersion?: string | null;

  @Field(() => String, { nullable: true })
  packageLockDigest?: string | null;

  @Field(() => String, { nullable: true })
  imageDigest?: string | null;
}

@InputType()
export class InfrastructureInput {
  @Field(() => String, { nullable: true })
  instanceType?: string | null;

  @Field(() => [String], { nullable: true })
  accelerators?: string[] | null;

  @Field(() => Int, { nullable: true })
  acceleratorCount?: number | null;

  @Field(() => String, { nullable: true })
  region?: string | null;
}

@InputType()
export class UsedVersionInput {
  @Field(() => ID, { description: 'A dataset, feature set or model version.' })
  versionId!: string;

  @Field(() => String, { nullable: true, description: 'e.g. training, validation, base-model.' })
  role?: string | null;
}

@InputType()
export class StartRunInput {
  @Field(() => ID)
  experimentId!: string;

  @Field(() => ID, {
    nullable: true,
    description: 'Your own run id ("run:<6-64 letters/digits>"); generated if absent.',
  })
  id?: string | null;

  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => ID, { nullable: true, description: 'The user who owns the run.' })
  ownerId?: string | null;

  @Field(() => [KeyValueInput], { nullable: true })
  params?: KeyValueInput[] | null;

  @Field(() => [KeyValueInput], { nullable: true })
  tags?: KeyValueInput[] | null;

  @Field(() => Int, { nullable: true })
  seed?: number | null;

  @Field(() => String, { nullable: true })
  entryPoint?: string | null;

  @Field(() => CodeCommitInput, { nullable: true })
  code?: CodeCommitInput | null;

  @Field(() => RunEnvironmentInput, { nullable: true })
  environment?: RunEnvironmentInput | null;

  @Field(() => InfrastructureInput, { nullable: true })
  infrastructure?: InfrastructureInput | null;

  @Field(() => [UsedVersionInput], { nullable: true })
  inputs?: UsedVersionInput[] | null;

  @Field(() => DateTimeResolver, { nullable: true })
  startedAt?: Date | null;

  @Field(() => [MetadataFieldInput], {
    nullable: true,
    description: "Governed metadata (e.g. classification), checked against the project's metadata template.",
  })
  metadata?: MetadataFieldInput[] | null;

  @Field(() => [DataQualityCheckInput], { nullable: true, description: 'Data-quality checks the run declares.' })
  dataQualityChecks?: DataQualityCheckInput[] | null;
}

@InputType()
export class MetricInput {
  @Field()
  key!: string;

  @Field(() => Float)
  value!: number;

  @Field(() => Int, { nullable: true, description: 'Defaults to 0.' })
  step?: number | null;

  @Field(() => DateTimeResolver, { nullable: true, description: 'Defaults to now.' })
  timestamp?: Date | null;
}

@InputType()
export class FinishRunInput {
  @Field(() => ID)
  runId!: string;

  @Field(() => RunStatus)
  status!: RunStatus;

  @Field(() => [ID], { nullable: true, description: 'Versions and artifacts the run generated.' })
  outputIds?: string[] | null;

  @Field(() => Float, { nullable: true })
  computeCostUsd?: number | null;

  @Field(() => DateTimeResolver, { nullable: true })
  endedAt?: Date | null;

  @Field(() => [DataQualityCheckInput], { nullable: true, description: 'Data-quality checks the run declares.' })
  dataQualityChecks?: DataQualityCheckInput[] | null;
}

@InputType()
export class TagFilter {
  @Field()
  key!: string;

  @Field(() => String, { nullable: true })
  value?: string | null;
}

@InputType()
export class MetricThreshold {
  @Field()
  key!: string;

  @Field(() => MetricComparison)
  op!: MetricComparison;

  @Field(() => Float)
  value!: number;
}

@InputType({ description: 'Narrows the run list; every field is optional and they combine with AND.' })
export class RunFilterInput {
  @Field(() => ID, { nullable: true })
  experimentId?: string | null;

  @Field(() => ID, { nullable: true })
  projectId?: string | null;

  @Field(() => RunStatus, { nullable: true })
  status?: RunStatus | null;

  @Field(() => ID, { nullable: true })
  ownerId?: string | null;

  @Field(() => TagFilter, { nullable: true })
  tag?: TagFilter | null;

  @Field(() => [KeyValueInput], { nullable: true, description: 'Params that must equal these values.' })
  params?: KeyValueInput[] | null;

  @Field(() => [MetricThreshold], { nullable: true, description: 'Latest metric values that must satisfy these.' })
  metrics?: MetricThreshold[] | null;
}

@InputType()
export class RunOrderInput {
  @Field(() => RunOrderField, { defaultValue: RunOrderField.STARTED_AT })
  by!: RunOrderField;

  @Field(() => String, { nullable: true, description: 'The metric to order by when `by` is METRIC.' })
  metricKey?: string | null;

  @Field(() => SortDirection, { defaultValue: SortDirection.DESC })
  direction!: SortDirection;
}
