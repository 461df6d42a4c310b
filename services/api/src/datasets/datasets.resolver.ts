import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { PageArgs } from '../catalog/catalog.resolver';
import { CatalogFilter } from '../catalog/catalog.types';
import { AssetFieldsResolver, entityOfKind } from '../catalog/entity-fields';
import { LineageNode } from '../lineage/lineage-node';
import { toConnection } from '../platform/connection';
import type { MnemoContext } from '../context';
import type { EntityRecord } from '../platform/records';
import { VersionFieldsResolver } from '../versions/version-fields';
import { VERSION_SPECS } from '../versions/versions.service';
import {
  Dataset,
  DatasetConnection,
  DatasetVersion,
  RegisterDatasetInput,
  RegisterDatasetVersionInput,
} from './datasets.types';

@Resolver(() => Dataset)
export class DatasetResolver extends AssetFieldsResolver(Dataset) {
  @Query(() => Dataset, { nullable: true })
  dataset(@Arg('id', () => ID) id: string, @Ctx() ctx: MnemoContext) {
    return entityOfKind(ctx, id, 'Dataset');
  }

  @Query(() => DatasetConnection)
  async datasets(
    @Args() page: PageArgs,
    @Arg('filter', () => CatalogFilter, { nullable: true }) filter: CatalogFilter | null,
    @Ctx() ctx: MnemoContext,
  ) {
    return toConnection(await ctx.services.catalog.page('Dataset', filter ?? {}, page.first, page.after));
  }

  @FieldResolver(() => [String], {
    description:
      'Other names of the dataset (namespace/name): the storage path an OpenLineage symlink pointed from to its table.',
  })
  aliases(@Root() dataset: EntityRecord) {
    return Array.isArray(dataset.aliases) ? dataset.aliases : [];
  }

  @FieldResolver(() => [DatasetVersion], { description: 'Newest first.' })
  versions(@Root() dataset: EntityRecord, @Ctx() ctx: MnemoContext) {
    return ctx.loaders.versions.load(dataset.id);
  }

  @Mutation(() => Dataset)
  registerDataset(@Arg('input') input: RegisterDatasetInput, @Ctx() ctx: MnemoContext) {
    return ctx.services.catalog.registerAsset(ctx.actor, 'Dataset', input);
  }
}

@Resolver(() => DatasetVersion)
export class DatasetVersionResolver extends VersionFieldsResolver(DatasetVersion) {
  @Query(() => DatasetVersion, { nullable: true })
  datasetVersion(@Arg('id', () => ID) id: string, @Ctx() ctx: MnemoContext) {
    return entityOfKind(ctx, id, 'DatasetVersion');
  }

  @FieldResolver(() => Dataset)
  dataset(@Root() version: EntityRecord, @Ctx() ctx: MnemoContext) {
    return ctx.loaders.parent.load(version.id);
  }

  @FieldResolver(() => [LineageNode], { description: 'What this version was derived from (DERIVED_FROM).' })
  derivedFrom(@Root() version: EntityRecord, @Ctx() ctx: MnemoContext) {
    return ctx.loaders.derivedFrom.load(version.id);
  }

  @Mutation(() => DatasetVersion, {
    description:
      'Registers an immutable dataset version. The same version with the same content again returns it unchanged; ' +
      'with a different digest or lineage it is refused with IMMUTABLE_VERSION.',
  })
  registerDatasetVersion(@Arg('input') input: RegisterDatasetVersionInput, @Ctx() ctx: MnemoContext) {
    const { datasetId, ...version } = input;
    return ctx.services.versions.register(ctx.actor, VERSION_SPECS.DatasetVersion, { ...version, parentId: datasetId });
  }
}
