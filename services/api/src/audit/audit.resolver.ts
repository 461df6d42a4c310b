import { DateTimeResolver } from 'graphql-scalars';
import { Arg, Ctx, Field, ID, Int, ObjectType, Query, Resolver } from 'type-graphql';
import type { MnemoContext } from '../platform/context';

@ObjectType({
  description: 'One recorded change: who did what to which entity, when, with the state before and after.',
})
export class AuditEvent {
  @Field(() => ID)
  id!: string;

  @Field(() => DateTimeResolver)
  at!: string;

  @Field()
  actor!: string;

  @Field({ description: 'e.g. dataset-version.registered, run.started, run.metrics-logged.' })
  action!: string;

  @Field(() => ID)
  entityId!: string;

  @Field()
  entityKind!: string;

  @Field(() => String, { nullable: true, description: 'JSON of the state before the change.' })
  before!: string | null;

  @Field(() => String, { nullable: true, description: 'JSON of the state after the change.' })
  after!: string | null;
}

@Resolver()
export class AuditResolver {
  @Query(() => [AuditEvent], { description: 'The audit trail of one entity, or of everything; newest first.' })
  auditTrail(
    @Arg('entityId', () => ID, { nullable: true }) entityId: string | null,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Ctx() ctx: MnemoContext,
  ) {
    return ctx.services.audit.trail(entityId ?? null, first);
  }
}
