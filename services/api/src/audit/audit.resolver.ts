import { DateTimeResolver } from 'graphql-scalars';
import { Arg, Ctx, Field, ID, Int, ObjectType, Query, Resolver } from 'type-graphql';
import type { MnemoContext } from '../context';

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

  @Field(() => ID, { nullable: true, description: 'The project the entity belongs to, when it belongs to one.' })
  projectId!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The HTTP request that made the change (its X-Request-Id, echoed in every response).',
  })
  requestId!: string | null;

  @Field(() => String, { nullable: true, description: 'JSON of the state before the change.' })
  before!: string | null;

  @Field(() => String, { nullable: true, description: 'JSON of the state after the change.' })
  after!: string | null;
}

@Resolver()
export class AuditResolver {
  @Query(() => [AuditEvent], {
    description:
      'The audit trail, newest first: of one entity, one actor or one project (or any mix), within ' +
      "[since, until). For the next page pass the last event's id as `after`. GET /api/audit/export " +
      'streams the whole selection as JSON lines.',
  })
  auditTrail(
    @Arg('entityId', () => ID, { nullable: true }) entityId: string | null,
    @Arg('actor', () => String, { nullable: true }) actor: string | null,
    @Arg('projectId', () => ID, { nullable: true }) projectId: string | null,
    @Arg('since', () => DateTimeResolver, { nullable: true }) since: Date | null,
    @Arg('until', () => DateTimeResolver, { nullable: true }) until: Date | null,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 1 to 500 (default 50).' })
    first: number | null,
    @Arg('after', () => ID, { nullable: true, description: 'The id of the last event of the previous page.' })
    after: string | null,
    @Ctx() ctx: MnemoContext,
  ) {
    return ctx.services.audit.trail({ entityId, actor, projectId, since, until }, first, after);
  }
}
