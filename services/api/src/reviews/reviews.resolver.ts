import { Arg, type ClassType, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { Node } from '../catalog/catalog.types';
import { Experiment } from '../experiments/experiments.types';
import { ModelVersion } from '../models/models.types';
import type { MnemoContext } from '../context';
import type { EntityRecord } from '../platform/records';
import { Run } from '../runs/runs.types';
import { AddReviewInput, Review } from './reviews.types';

@Resolver(() => Review)
export class ReviewResolver {
  @FieldResolver(() => Node, { nullable: true, description: 'The reviewed run, experiment or model version.' })
  entity(@Root() review: EntityRecord, @Ctx() ctx: MnemoContext) {
    return ctx.loaders.entity.load(String(review.entityId));
  }

  @Mutation(() => Review, {
    description:
      'Adds a structured review of a run, experiment or model version, written by the caller; ' +
      'a refused review lists every problem and writes nothing.',
  })
  addReview(@Arg('input') input: AddReviewInput, @Ctx() ctx: MnemoContext) {
    return ctx.services.reviews.add(ctx.actor, input);
  }
}

/** `reviews` on a reviewable type: its history, newest first, one query per request for a whole page. */
function ReviewsFieldResolver<T extends object>(type: ClassType<T>) {
  @Resolver(() => type)
  class ReviewsField {
    @FieldResolver(() => [Review], { description: 'Its reviews, newest first.' })
    reviews(@Root() entity: EntityRecord, @Ctx() ctx: MnemoContext) {
      return ctx.loaders.reviews.load(entity.id);
    }
  }
  return ReviewsField;
}

export const RunReviewsResolver = ReviewsFieldResolver(Run);
export const ExperimentReviewsResolver = ReviewsFieldResolver(Experiment);
export const ModelVersionReviewsResolver = ReviewsFieldResolver(ModelVersion);
