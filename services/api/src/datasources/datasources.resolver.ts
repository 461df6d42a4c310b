import { Arg, Args, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { PageArgs } from '../catalog/catalog.resolver';
import { entityOfKind } from '../catalog/entity-fields';
import type { MnemoContext } from '../context';
import { Dataset } from '../datasets/datasets.types';
import { toConnection } from '../platform/connection';
import type { EntityRecord } from '../platform/records';
import { DataSource, DataSourceConnection } from './datasources.types';

@Resolver(() => DataSource)
export class DataSourceResolver {
  @Query(() => DataSource, { nullable: true })
  dataSource(@Arg('id', () => ID) id: string, @Ctx() ctx: MnemoContext) {
    return entityOfKind(ctx, id, 'DataSource');
  }

  @Query(() => DataSourceConnection, { description: 'Data sources by name.' })
  async dataSources(@Args() page: PageArgs, @Ctx() ctx: MnemoContext) {
    return toConnection(await ctx.services.dataSources.page(page.first, page.after));
  }

  @FieldResolver(() => [Dataset], { description: 'Its datasets the caller may read, by name.' })
  datasets(@Root() source: EntityRecord, @Ctx() ctx: MnemoContext) {
    return ctx.loaders.datasetsOfSource.load(source.id);
  }
}

@Resolver(() => Dataset)
export class DatasetSourceResolver {
  @FieldResolver(() => DataSource, {
    nullable: true,
    description: 'Where the dataset lives (for datasets that came through OpenLineage).',
  })
  dataSource(@Root() dataset: EntityRecord, @Ctx() ctx: MnemoContext) {
    return ctx.loaders.dataSourceOf.load(dataset.id);
  }
}
