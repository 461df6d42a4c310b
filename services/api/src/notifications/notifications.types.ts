import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DateTimeResolver } from 'graphql-scalars';

export enum SubscriptionScope {
  ENTITY = 'ENTITY',
  DOWNSTREAM_OF_OWNED = 'DOWNSTREAM_OF_OWNED',
}
registerEnumType(SubscriptionScope, {
  name: 'SubscriptionScope',
  description:
    'ENTITY: what happens to one dataset, model or project (and their versions); ' +
    'DOWNSTREAM_OF_OWNED: what happens to anything downstream of what the subscriber owns.',
});

export enum WebhookFormat {
  JSON = 'JSON',
  SLACK = 'SLACK',
}
registerEnumType(WebhookFormat, {
  name: 'WebhookFormat',
  description: "JSON: Mnemo's body (event, subject, whyPath, links); SLACK: a Slack-compatible {text, blocks}.",
});

@ObjectType({ description: 'A user or team asking to be told what happens to something.' })
export class NotificationSubscription {
  @Field(() => ID)
  id!: string;

  @Field(() => ID, { description: 'The user or team told.' })
  subscriberId!: string;

  @Field(() => SubscriptionScope)
  scope!: SubscriptionScope;

  @Field(() => ID, { nullable: true, description: 'The dataset, model or project (null for DOWNSTREAM_OF_OWNED).' })
  subjectId!: string | null;

  @Field()
  createdBy!: string;

  @Field(() => DateTimeResolver)
  createdAt!: string;

  @Field(() => DateTimeResolver, { nullable: true, description: 'When it was ended (unsubscribe).' })
  removedAt!: string | null;
}

@InputType()
export class SubscribeInput {
  @Field(() => ID, {
    nullable: true,
    description: 'A dataset, model, project (or another entity); omit for DOWNSTREAM_OF_OWNED.',
  })
  subjectId?: string | null;

  @Field(() => SubscriptionScope, { defaultValue: SubscriptionScope.ENTITY })
  scope!: SubscriptionScope;

  @Field(() => ID, { nullable: true, description: 'A user or team; the caller when omitted.' })
  subscriberId?: string | null;
}

@ObjectType({ description: 'One notification to a user or team: what happened, to what, and why it concerns them.' })
export class Notification {
  @Field(() => ID)
  id!: string;

  @Field({
    description:
      'e.g. dataset.schema-changed, dataset.drift-flagged, dataset.quality-check-failed, model.promoted, model.promotion-blocked.',
  })
  event!: string;

  @Field()
  message!: string;

  @Field(() => ID)
  subjectId!: string;

  @Field()
  subjectKind!: string;

  @Field()
  subjectName!: string;

  @Field(() => ID, { nullable: true })
  projectId!: string | null;

  @Field(() => ID, { description: 'The user or team it was addressed to.' })
  recipientId!: string;

  @Field({ description: 'NAMED, OWNS_DOWNSTREAM, SUBSCRIBED or SUBSCRIBED_DOWNSTREAM.' })
  reason!: string;

  @Field(() => [ID], { description: 'The path (ids) from the subject to what the recipient owns or follows.' })
  whyPath!: string[];

  @Field({ description: 'Who made the change.' })
  actor!: string;

  @Field(() => DateTimeResolver)
  createdAt!: string;

  @Field({ description: 'Whether the reading user has marked it read.' })
  read!: boolean;
}

@ObjectType({ description: "A user's notifications (its own and its teams'), newest first." })
export class Inbox {
  @Field(() => Int)
  unreadCount!: number;

  @Field(() => [Notification])
  notifications!: Notification[];
}

@ObjectType({ description: 'One attempt at sending a delivery.' })
export class DeliveryAttempt {
  @Field(() => Int)
  number!: number;

  @Field(() => DateTimeResolver)
  at!: string;

  @Field(() => Int, { nullable: true, description: "The receiver's HTTP status; null when it did not answer." })
  statusCode!: number | null;

  @Field(() => String, { nullable: true })
  error!: string | null;

  @Field({ description: 'DELIVERED, RETRY or GAVE_UP.' })
  outcome!: string;

  @Field({ description: 'Whether this attempt disabled the endpoint (too many consecutive failures).' })
  endpointDisabled!: boolean;
}

@ObjectType({ description: 'A notification sent (or to be sent) to one webhook endpoint.' })
export class WebhookDelivery {
  @Field(() => ID)
  id!: string;

  @Field(() => Int, { description: "Its place in the endpoint's order: sent after every lower one is settled." })
  seq!: number;

  @Field({ description: 'PENDING, DELIVERED or GAVE_UP.' })
  status!: string;

  @Field(() => Int)
  attempts!: number;

  @Field()
  event!: string;

  @Field(() => ID)
  subjectId!: string;

  @Field()
  message!: string;

  @Field(() => Int, { nullable: true })
  lastStatusCode!: number | null;

  @Field(() => String, { nullable: true })
  lastError!: string | null;

  @Field(() => DateTimeResolver)
  createdAt!: string;

  @Field(() => DateTimeResolver, { nullable: true })
  deliveredAt!: string | null;

  @Field(() => DateTimeResolver, { nullable: true, description: 'When a PENDING delivery is next tried.' })
  nextAttemptAt!: string | null;

  @Field(() => [DeliveryAttempt])
  attemptLog!: DeliveryAttempt[];
}

@ObjectType({
  description: "A URL Mnemo POSTs a user's or team's notifications to, signed with the endpoint's secret.",
})
export class WebhookEndpoint {
  @Field(() => ID)
  id!: string;

  @Field(() => ID, { description: 'The user or team whose notifications it receives.' })
  ownerId!: string;

  @Field()
  url!: string;

  @Field(() => WebhookFormat)
  format!: WebhookFormat;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field({ description: 'False once disabled (disabledReason says why); nothing is sent to it until enabled again.' })
  enabled!: boolean;

  @Field(() => Int)
  consecutiveFailures!: number;

  @Field(() => DateTimeResolver, { nullable: true })
  disabledAt!: string | null;

  @Field(() => String, { nullable: true })
  disabledReason!: string | null;

  @Field(() => DateTimeResolver)
  createdAt!: string;
}

@ObjectType({ description: 'An endpoint just registered, with its signing secret: the only time the secret is shown.' })
export class RegisteredWebhookEndpoint {
  @Field(() => WebhookEndpoint)
  endpoint!: WebhookEndpoint;

  @Field({ description: 'Verify each delivery with it: HMAC-SHA256 over "<x-mnemo-timestamp>.<body>" (docs/api.md).' })
  secret!: string;
}

@InputType()
export class RegisterWebhookEndpointInput {
  @Field({ description: 'An http or https URL.' })
  url!: string;

  @Field(() => WebhookFormat, { defaultValue: WebhookFormat.JSON })
  format!: WebhookFormat;

  @Field(() => ID, { nullable: true, description: 'A user or team; the caller when omitted.' })
  ownerId?: string | null;

  @Field(() => String, { nullable: true })
  description?: string | null;
}
