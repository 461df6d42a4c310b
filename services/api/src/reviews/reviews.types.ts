import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { Node } from '../catalog/catalog.types';

export enum ReviewConfidence {
  LOW = 'LOW',
  MEDIUM = 'MEDIUM',
  HIGH = 'HIGH',
}
registerEnumType(ReviewConfidence, { name: 'ReviewConfidence', description: 'How sure the reviewer is.' });

export enum ReviewDecision {
  APPROVED = 'APPROVED',
  CHANGES_REQUESTED = 'CHANGES_REQUESTED',
  REJECTED = 'REJECTED',
  NO_DECISION = 'NO_DECISION',
}
registerEnumType(ReviewDecision, {
  name: 'ReviewDecision',
  description: 'What the review concluded; NO_DECISION is a note that leaves the last decision standing.',
});

@ObjectType({
  implements: Node,
  description: 'A structured review of a run, experiment or model version (REVIEWS); reviews are never edited.',
})
export class Review extends Node {
  @Field({ description: 'Who wrote it: the caller that added it, e.g. user:alice.' })
  author!: string;

  @Field({ description: 'What the reviewed work set out to show.' })
  objective!: string;

  @Field({ description: 'How it was done and checked.' })
  method!: string;

  @Field(() => ReviewConfidence)
  confidence!: ReviewConfidence;

  @Field(() => String, { nullable: true, description: 'What should happen next.' })
  nextAction!: string | null;

  @Field(() => ReviewDecision)
  decision!: ReviewDecision;

  @Field(() => ID, { description: 'The id of the reviewed run, experiment or model version.' })
  entityId!: string;
}

@InputType()
export class AddReviewInput {
  @Field(() => ID, { description: 'A run, experiment or model version.' })
  entityId!: string;

  @Field()
  objective!: string;

  @Field()
  method!: string;

  @Field(() => ReviewConfidence)
  confidence!: ReviewConfidence;

  @Field(() => String, { nullable: true })
  nextAction?: string | null;

  @Field(() => ReviewDecision)
  decision!: ReviewDecision;
}
