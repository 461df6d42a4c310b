import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ImpactReport } from '../lineage/lineage.types';

export enum ColumnDirection {
  UPSTREAM = 'UPSTREAM',
  DOWNSTREAM = 'DOWNSTREAM',
}
registerEnumType(ColumnDirection, {
  name: 'ColumnDirection',
  description: 'UPSTREAM: the columns it was computed from; DOWNSTREAM: the columns computed from it.',
});

@ObjectType({ description: 'One column of one dataset version, as column lineage reaches it.' })
export class LineageColumn {
  @Field(() => ID, { description: '<version id>#<column>' })
  id!: string;

  @Field()
  name!: string;

  @Field(() => ID)
  versionId!: string;

  @Field(() => Int, { description: 'Hops from the column asked about (0 for it).' })
  depth!: number;

  @Field(() => [ID], { description: 'One shortest path of column ids from the column asked about to this one.' })
  why!: string[];
}

@ObjectType({ description: 'An output column computed from an input column.' })
export class ColumnDerivationEdge {
  @Field(() => ID, { description: 'The computed column.' })
  from!: string;

  @Field(() => ID, { description: 'The column it was computed from.' })
  to!: string;

  @Field({ description: 'DIRECT (the value comes from it) or INDIRECT (it filters, joins or groups).' })
  type!: string;

  @Field(() => [String], { description: 'How: IDENTITY, TRANSFORMATION, AGGREGATION, JOIN, FILTER, GROUP_BY, ...' })
  subtypes!: string[];
}

@ObjectType({ description: 'The columns upstream or downstream of a column, and how each was computed.' })
export class ColumnLineageGraph {
  @Field(() => LineageColumn)
  root!: LineageColumn;

  @Field(() => [LineageColumn], { description: 'Every column reached, nearest first.' })
  columns!: LineageColumn[];

  @Field(() => [ColumnDerivationEdge])
  edges!: ColumnDerivationEdge[];

  @Field(() => Int, { description: 'Columns of versions the caller may not read: left out, but counted.' })
  hidden!: number;
}

@ObjectType({ description: 'What breaks if a column is dropped or retyped.' })
export class ColumnImpactReport extends ColumnLineageGraph {
  @Field(() => ImpactReport, {
    description:
      'Everything downstream of the versions holding the affected columns: models, deployments (PROD at risk), owners.',
  })
  downstream!: ImpactReport;
}
