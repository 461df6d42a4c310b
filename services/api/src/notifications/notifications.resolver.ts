import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { MnemoContext } from '../context';
import type { Row } from '../platform/neo4j';
import { DELIVERY_LOG_MAX } from './loaders';
import {
  Inbox,
  NotificationSubscription,
  RegisteredWebhookEndpoint,
  RegisterWebhookEndpointInput,
  SubscribeInput,
  WebhookDelivery,
  WebhookEndpoint,
} from './notifications.types';

@Resolver()
export class NotificationResolver {
  @Mutation(() => NotificationSubscription, {
    description:
      'Subscribes a user or team (the caller by default) to a dataset, model or project, or to everything ' +
      'downstream of what it owns. Subscribing again to the same thing answers the existing subscription.',
  })
  subscribe(@Arg('input') input: SubscribeInput, @Ctx() ctx: MnemoContext) {
    return ctx.services.notifications.subscribe(ctx.actor, input);
  }

  @Mutation(() => NotificationSubscription, { description: 'Ends a subscription (kept, with removedAt).' })
  unsubscribe(@Arg('id', () => ID) id: string, @Ctx() ctx: MnemoContext) {
    return ctx.services.notifications.unsubscribe(ctx.actor, id);
  }

  @Query(() => [NotificationSubscription], {
    description: 'The current subscriptions of the caller (or, for an org AUDITOR or ADMIN, of any user or team).',
  })
  mySubscriptions(
    @Arg('subscriberId', () => ID, { nullable: true }) subscriberId: string | null,
    @Ctx() ctx: MnemoContext,
  ) {
    return ctx.services.notifications.subscriptions(subscriberId);
  }

  @Mutation(() => RegisteredWebhookEndpoint, {
    description:
      "Registers a webhook endpoint for a user's or team's notifications; answers its signing secret, this once.",
  })
  registerWebhookEndpoint(@Arg('input') input: RegisterWebhookEndpointInput, @Ctx() ctx: MnemoContext) {
    return ctx.services.notifications.registerEndpoint(ctx.actor, input);
  }

  @Mutation(() => WebhookEndpoint, {
    description: 'Turns an endpoint off, or on again (after it was disabled for failing): its failure count restarts.',
  })
  setWebhookEndpointEnabled(
    @Arg('id', () => ID) id: string,
    @Arg('enabled') enabled: boolean,
    @Ctx() ctx: MnemoContext,
  ) {
    return ctx.services.notifications.setEndpointEnabled(ctx.actor, id, enabled);
  }

  @Query(() => [WebhookEndpoint], {
    description: "The caller's webhook endpoints (or, for an org AUDITOR or ADMIN, any user's or team's).",
  })
  webhookEndpoints(@Arg('ownerId', () => ID, { nullable: true }) ownerId: string | null, @Ctx() ctx: MnemoContext) {
    return ctx.services.notifications.endpoints(ownerId);
  }

  @Query(() => Inbox, {
    description: "The caller's notifications (its own and its teams'), newest first, with the unread count.",
  })
  inbox(
    @Arg('userId', () => ID, { nullable: true }) userId: string | null,
    @Arg('unreadOnly', { defaultValue: false }) unreadOnly: boolean,
    @Arg('first', () => Int, { defaultValue: 50 }) first: number,
    @Ctx() ctx: MnemoContext,
  ) {
    return ctx.services.notifications.inbox(userId, unreadOnly, first);
  }

  @Mutation(() => Int, {
    description: "Marks the caller's notifications read (those named, or all when ids is omitted); answers how many.",
  })
  markNotificationsRead(
    @Arg('ids', () => [ID], { nullable: true }) ids: string[] | null,
    @Arg('userId', () => ID, { nullable: true }) userId: string | null,
    @Ctx() ctx: MnemoContext,
  ) {
    return ctx.services.notifications.markRead(ctx.actor, userId, ids);
  }
}

@Resolver(() => WebhookEndpoint)
export class WebhookEndpointResolver {
  @FieldResolver(() => [WebhookDelivery], { description: 'Its delivery log, newest first, each with every attempt.' })
  async deliveries(
    @Root() endpoint: Row,
    @Arg('first', () => Int, { defaultValue: 10, description: `The newest this many, at most ${DELIVERY_LOG_MAX}.` })
    first: number,
    @Ctx() ctx: MnemoContext,
  ) {
    const log = await ctx.loaders.deliveryLog.load(String(endpoint.id));
    return log.slice(0, Math.max(0, Math.min(first, DELIVERY_LOG_MAX))).map((delivery) => ({
      ...delivery,
      attemptLog: ((delivery.attemptLog as Row[]) ?? []).map((attempt) => ({
        ...attempt,
        endpointDisabled: attempt.endpointDisabled ?? false,
      })),
    }));
  }
}
