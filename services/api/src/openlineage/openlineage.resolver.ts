import { DateTimeResolver } from 'graphql-scalars';
import { Arg, Ctx, Field, ID, ObjectType, Query, Resolver } from 'type-graphql';
import type { MnemoContext } from '../context';

@ObjectType({ description: 'An OpenLineage event as it was received at POST /api/v1/lineage, facets included.' })
export class OpenLineageEvent {
  @Field(() => ID, { description: 'openlineage:<digest of run, event type and event time>, the replay key.' })
  id!: string;

  @Field({ description: 'START, RUNNING, COMPLETE, FAIL, ABORT or OTHER; JOB or DATASET for those events.' })
  eventType!: string;

  @Field(() => DateTimeResolver)
  eventTime!: string;

  @Field(() => DateTimeResolver)
  receivedAt!: string;

  @Field({ description: 'The event as received (JSON): run, job and dataset facets verbatim.' })
  payload!: string;
}

@Resolver()
export class OpenLineageResolver {
  @Query(() => [OpenLineageEvent], {
    description:
      'The OpenLineage events that named a run, experiment (job), dataset or dataset version, oldest first; ' +
      'empty for anything else.',
  })
  openLineageEvents(@Arg('id', () => ID) id: string, @Ctx() ctx: MnemoContext) {
    return ctx.services.openLineage.eventsOf(id);
  }
}
