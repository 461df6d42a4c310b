import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { Node } from '../catalog/catalog.types';

export enum MigrationKind {
  DROP = 'DROP',
  RETYPE_COLUMNS = 'RETYPE_COLUMNS',
  REPLACE = 'REPLACE',
  DEPRECATE = 'DEPRECATE',
}
registerEnumType(MigrationKind, {
  name: 'MigrationKind',
  description: 'What a planned migration does to its target (or to the columns it names).',
});

export enum AcknowledgementState {
  PENDING = 'PENDING',
  ACKNOWLEDGED = 'ACKNOWLEDGED',
  OBJECTED = 'OBJECTED',
  READY = 'READY',
}
registerEnumType(AcknowledgementState, {
  name: 'AcknowledgementState',
  description: "An owner's answer to a planned migration: PENDING until it answers; OBJECTED comes with a comment.",
});

@ObjectType({ description: 'One thing a migration reaches, as the blast radius keeps it.' })
export class BlastRadiusItem {
  @Field(() => ID, { description: 'Its id (a restricted:… placeholder id when the caller may not read it).' })
  id!: string;

  @Field()
  kind!: string;

  @Field()
  name!: string;

  @Field(() => String, { nullable: true, description: 'A deployment’s environment.' })
  environment!: string | null;

  @Field({ description: 'A deployment serving production.' })
  production!: boolean;

  @Field(() => Int, { description: 'Lineage steps from the target.' })
  depth!: number;

  @Field(() => [ID], { description: 'One shortest path of ids from this item back to the target.' })
  why!: string[];

  @Field(() => [ID], { description: 'Its owners (users and teams), its own and its parent’s.' })
  ownerIds!: string[];
}

@ObjectType({ description: 'An owner to notify and what it owns in a blast radius.' })
export class BlastRadiusOwner {
  @Field(() => ID)
  ownerId!: string;

  @Field(() => [ID])
  owns!: string[];
}

@ObjectType({ description: 'Everything a migration reaches, with the owners to notify.' })
export class BlastRadius {
  @Field(() => Int)
  total!: number;

  @Field(() => [BlastRadiusItem], { description: 'Nearest first.' })
  items!: BlastRadiusItem[];

  @Field(() => [BlastRadiusOwner])
  owners!: BlastRadiusOwner[];

  @Field({ description: 'True when a cap stopped the analysis: there is more beyond.' })
  truncated!: boolean;
}

@ObjectType({ description: 'One owner’s acknowledgement of a planned migration.' })
export class MigrationAcknowledgement {
  @Field(() => ID)
  id!: string;

  @Field(() => ID, { description: 'The user or team asked, e.g. team:risk-data.' })
  ownerId!: string;

  @Field(() => AcknowledgementState)
  state!: AcknowledgementState;

  @Field(() => String, { nullable: true, description: 'What the owner said (always there with OBJECTED).' })
  comment!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Who answered: the owner, a member of the owner team, or an admin.',
  })
  respondedBy!: string | null;

  @Field(() => DateTimeResolver, { nullable: true })
  respondedAt!: string | null;
}

@ObjectType({ description: 'An owner a production deployment still waits on.' })
export class OwnerWaiting {
  @Field(() => ID)
  ownerId!: string;

  @Field({ description: 'PENDING, OBJECTED, or NOT_ASKED (the deployment appeared after planning).' })
  state!: string;
}

@ObjectType({
  description: 'A production deployment in the blast radius whose owners have not all cleared the migration.',
})
export class DeploymentAtRisk {
  @Field(() => BlastRadiusItem)
  deployment!: BlastRadiusItem;

  @Field(() => [OwnerWaiting])
  waitingOn!: OwnerWaiting[];

  @Field({ description: 'Why, in words, e.g. "team:ml-platform has not answered".' })
  reason!: string;
}

@ObjectType({ description: 'A migration today: its blast radius as planned against now, and what is still at risk.' })
export class MigrationStatus {
  @Field(() => BlastRadius, { description: 'Frozen when the migration was planned.' })
  planned!: BlastRadius;

  @Field(() => BlastRadius, { description: 'Computed now, the same way.' })
  current!: BlastRadius;

  @Field(() => [BlastRadiusItem], {
    description: 'Consumers that appeared after planning (their owners were not asked).',
  })
  newConsumers!: BlastRadiusItem[];

  @Field(() => [BlastRadiusItem], { description: 'Consumers the plan named that the change no longer reaches.' })
  vanishedConsumers!: BlastRadiusItem[];

  @Field(() => [DeploymentAtRisk])
  productionDeploymentsAtRisk!: DeploymentAtRisk[];

  @Field({ description: 'True while a production deployment downstream waits on an owner.' })
  atRisk!: boolean;

  @Field({ description: 'The state of the migration in one sentence.' })
  summary!: string;
}

@ObjectType({
  implements: Node,
  description:
    'A planned change to a dataset, feature set, version or some of its columns, with the impact report frozen ' +
    'when planned and one acknowledgement per owner to notify (PLANS_CHANGE_OF its target).',
})
export class PlannedMigration extends Node {
  @Field()
  name!: string;

  @Field(() => ID)
  targetId!: string;

  @Field(() => MigrationKind)
  changeKind!: MigrationKind;

  @Field(() => [String], { description: 'The columns it drops or retypes; empty: the whole target.' })
  columns!: string[];

  @Field(() => DateTimeResolver)
  effectiveAt!: string;

  @Field(() => String, { nullable: true })
  note!: string | null;

  @Field({ description: 'Who planned it.' })
  plannedBy!: string;
}
