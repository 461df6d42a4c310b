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
  FeatureSet,
  FeatureSetConnection,
  FeatureSetVersion,
  RegisterFeatureSetInput,
  RegisterFeatureSetVersionInput,
} from './featuresets.types';

@Resolver(() => FeatureSet)
export class FeatureSetResolver extends AssetFieldsResolver(FeatureSet) {
  @Query(() => FeatureSet, { nullable: true })
  featureSet(@Arg('id', () => ID) id: string, @Ctx() ctx: MnemoContext) {
    return entityOfKind(ctx, id, 'FeatureSet');
  }

  @Query(() => FeatureSetConnection)
  async featureSets(
    @Args() page: PageArgs,
    @Arg('filter', () => CatalogFilter, { nullable: true }) filter: CatalogFilter | null,
    @Ctx() ctx: MnemoContext,
  ) {
    return toConnection(await ctx.services.catalog.page('FeatureSet', filter ?? {}, page.first, page.after));
  }

  @FieldResolver(() => [FeatureSetVersion], { description: 'Newest first.' })
  versions(@Root() featureSet: EntityRecord, @Ctx() ctx: MnemoContext) {
    return ctx.loaders.versions.load(featureSet.id);
  }

  @Mutation(() => FeatureSet)
  registerFeatureSet(@Arg('input') input: RegisterFeatureSetInput, @Ctx() ctx: MnemoContext) {
    return ctx.services.catalog.registerAsset(ctx.actor, 'FeatureSet', input);
  }
}

@Resolver(() => FeatureSetVersion)
export class FeatureSetVersionResolver extends VersionFieldsResolver(FeatureSetVersion) {
  @Query(() => FeatureSetVersion, { nullable: true })
  featureSetVersion(@Arg('id', () => ID) id: string, @Ctx() ctx: MnemoContext) {
    return entityOfKind(ctx, id, 'FeatureSetVersion');
  }

  @FieldResolver(() => FeatureSet)
  featureSet(@Root() version: EntityRecord, @Ctx() ctx: MnemoContext) {
    return ctx.loaders.parent.load(version.id);
  }

  @FieldResolver(() => [String], { description: 'Names of the features in this version.' })
  features(@Root() version: EntityRecord) {
    return (version.features as string[] | undefined) ?? [];
  }

  @FieldResolver(() => [LineageNode], { description: 'What this version was derived from (DERIVED_FROM).' })
  derivedFrom(@Root() version: EntityRecord, @Ctx() ctx: MnemoContext) {
    return ctx.loaders.derivedFrom.load(version.id);
  }

  @Mutation(() => FeatureSetVersion, {
    description: 'Registers an immutable feature set version (same rules as registerDatasetVersion).',
  })
  registerFeatureSetVersion(@Arg('input') input: RegisterFeatureSetVersionInput, @Ctx() ctx: MnemoContext) {
    const { featureSetId, ...version } = input;
    return ctx.services.versions.register(ctx.actor, VERSION_SPECS.FeatureSetVersion, {
      ...version,
      parentId: featureSetId,
    });
  }
}
