import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import type { MnemoContext } from '../context';
import { Node } from './catalog.types';

@Resolver()
export class OwnershipResolver {
  @Mutation(() => Node, {
    description:
      'Hands a dataset, feature set, experiment, model or deployment to other owners (users or teams): its ' +
      'owners become exactly ownerIds. MAINTAINER on its project. Audited as entity.owners-set, with the ' +
      'owners before and after (lineage and impact asOf read owners on a date from these events).',
  })
  setOwners(
    @Arg('entityId', () => ID) entityId: string,
    @Arg('ownerIds', () => [ID]) ownerIds: string[],
    @Ctx() ctx: MnemoContext,
  ) {
    return ctx.services.ownership.setOwners(ctx.actor, entityId, ownerIds);
  }
}
