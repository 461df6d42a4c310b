import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import type { MnemoContext } from '../context';
import { TRAVERSAL_COST } from '../platform/query-limits';
import { Node } from '../catalog/catalog.types';
import { ColumnDirection, ColumnImpactReport, ColumnLineageGraph, LineageColumn } from './columns.types';

@Resolver()
export class ColumnLineageResolver {
  @Query(() => ColumnLineageGraph, {
    complexity: TRAVERSAL_COST,
    description: 'Column-level lineage: the columns one column of a version was computed from, or computed from it.',
  })
  columnLineage(
    @Arg('versionId', () => ID) versionId: string,
    @Arg('column') column: string,
    @Arg('direction', () => ColumnDirection, { defaultValue: ColumnDirection.UPSTREAM }) direction: ColumnDirection,
    @Arg('maxDepth', () => Int, { nullable: true, description: '1 to 50, default 20.' }) maxDepth: number | null,
    @Ctx() ctx: MnemoContext,
  ) {
    return ctx.services.columns.columnLineage({ versionId, column, direction, maxDepth });
  }

  @Query(() => ColumnImpactReport, {
    complexity: TRAVERSAL_COST,
    description:
      'What breaks if a column of a version is dropped or retyped: the columns computed from it (each with a ' +
      'why-path), and the models, deployments and owners downstream of the versions holding them.',
  })
  columnImpact(
    @Arg('versionId', () => ID) versionId: string,
    @Arg('column') column: string,
    @Arg('maxDepth', () => Int, { nullable: true, description: '1 to 50, default 20.' }) maxDepth: number | null,
    @Ctx() ctx: MnemoContext,
  ) {
    return ctx.services.columns.columnImpact({ versionId, column, maxDepth });
  }
}

@Resolver(() => LineageColumn)
export class LineageColumnResolver {
  @FieldResolver(() => Node, { nullable: true, description: 'The version the column belongs to.' })
  version(@Root() column: LineageColumn, @Ctx() ctx: MnemoContext) {
    return ctx.loaders.entity.load(column.versionId);
  }
}
