import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { PageArgs } from '../catalog/catalog.resolver';
import { AssetFieldsResolver, entityOfKind } from '../catalog/entity-fields';
import { ModelVersion } from '../models/models.types';
import { toConnection } from '../platform/connection';
import type { MnemoContext } from '../context';
import type { EntityRecord } from '../platform/records';
import { CreateDeploymentInput, Deployment, DeploymentConnection, DeploymentFilter } from './deployments.types';

@Resolver(() => Deployment)
export class DeploymentResolver extends AssetFieldsResolver(Deployment) {
  @Query(() => Deployment, { nullable: true })
  deployment(@Arg('id', () => ID) id: string, @Ctx() ctx: MnemoContext) {
    return entityOfKind(ctx, id, 'Deployment');
  }

  @Query(() => DeploymentConnection)
  async deployments(
    @Args() page: PageArgs,
    @Arg('filter', () => DeploymentFilter, { nullable: true }) filter: DeploymentFilter | null,
    @Ctx() ctx: MnemoContext,
  ) {
    return toConnection(await ctx.services.catalog.page('Deployment', filter ?? {}, page.first, page.after));
  }

  @FieldResolver(() => ModelVersion, { nullable: true, description: 'The model version it serves (SERVES).' })
  async modelVersion(@Root() deployment: EntityRecord, @Ctx() ctx: MnemoContext) {
    // Shown as of a date (lineage/as-of.ts), a deployment carries the version it served then.
    if (typeof deployment.servedAsOf === 'string') {
      return typeof deployment.modelVersionId === 'string' ? ctx.loaders.entity.load(deployment.modelVersionId) : null;
    }
    const [served] = await ctx.loaders.serves.load(deployment.id);
    return served ?? null;
  }

  @Mutation(() => Deployment)
  createDeployment(@Arg('input') input: CreateDeploymentInput, @Ctx() ctx: MnemoContext) {
    return ctx.services.deployments.create(ctx.actor, input);
  }
}
