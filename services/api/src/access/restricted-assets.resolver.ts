import { Arg, type ClassType, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { Node, Owner } from '../catalog/catalog.types';
import { Dataset, DatasetVersion } from '../datasets/datasets.types';
import { Deployment } from '../deployments/deployments.types';
import { Experiment } from '../experiments/experiments.types';
import { FeatureSet, FeatureSetVersion } from '../featuresets/featuresets.types';
import { Model, ModelVersion } from '../models/models.types';
import type { MnemoContext } from '../context';
import type { EntityRecord } from '../platform/records';
import { Run } from '../runs/runs.types';

/** `restricted` and `readers` resolve the same way on every kind that can be restricted. */
function RestrictedFieldsResolver<T extends object>(type: ClassType<T>) {
  @Resolver(() => type)
  class RestrictedFields {
    @FieldResolver(() => Boolean, {
      description:
        'Whether only its owners, those granted it (readers) and org AUDITOR/ADMIN may read it. ' +
        "A version follows its dataset's, feature set's or model's flag.",
    })
    restricted(@Root() entity: EntityRecord): boolean {
      return entity.restricted === true;
    }

    @FieldResolver(() => [Owner], {
      description: "Users and teams granted read access (a version's include its parent's), besides its owners.",
    })
    readers(@Root() entity: EntityRecord, @Ctx() ctx: MnemoContext) {
      return ctx.loaders.readers.load(entity.id);
    }
  }
  return RestrictedFields;
}

export const RESTRICTED_FIELD_RESOLVERS = [
  Dataset,
  DatasetVersion,
  FeatureSet,
  FeatureSetVersion,
  Experiment,
  Run,
  Model,
  ModelVersion,
  Deployment,
].map((type) => RestrictedFieldsResolver(type as ClassType<object>));

@Resolver()
export class RestrictedAssetResolver {
  @Mutation(() => Node, {
    description:
      'Marks an entity restricted (or not); the flag is copied onto its versions, and new versions of a ' +
      'restricted entity are created restricted. MAINTAINER on its project. Audited as entity.restricted-set.',
  })
  setRestricted(
    @Arg('entityId', () => ID) entityId: string,
    @Arg('restricted') restricted: boolean,
    @Ctx() ctx: MnemoContext,
  ) {
    return ctx.services.restrictedAssets.setRestricted(ctx.actor, entityId, restricted);
  }

  @Mutation(() => Node, {
    description:
      'Lets a user or team read a restricted entity (a grant on a dataset, feature set or model covers its ' +
      'versions). MAINTAINER on its project. Audited as read-access.granted.',
  })
  grantReadAccess(
    @Arg('entityId', () => ID) entityId: string,
    @Arg('memberId', () => ID) memberId: string,
    @Ctx() ctx: MnemoContext,
  ) {
    return ctx.services.restrictedAssets.grantReadAccess(ctx.actor, entityId, memberId);
  }

  @Mutation(() => Node, {
    description: "Takes a user's or team's read grant on an entity away. MAINTAINER. Audited as read-access.revoked.",
  })
  revokeReadAccess(
    @Arg('entityId', () => ID) entityId: string,
    @Arg('memberId', () => ID) memberId: string,
    @Ctx() ctx: MnemoContext,
  ) {
    return ctx.services.restrictedAssets.revokeReadAccess(ctx.actor, entityId, memberId);
  }
}
