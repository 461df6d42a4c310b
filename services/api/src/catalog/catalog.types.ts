import { createUnionType, Field, ID, InputType, InterfaceType, Int, ObjectType } from 'type-graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { ConnectionOf } from '../platform/connection';
import { MetadataFieldInput } from '../governance/templates/metadata.types';
import type { EntityRecord } from '../platform/records';

@InterfaceType({
  description: 'Anything in the catalog or the lineage graph, found by its globally unique id.',
  resolveType: (value) => (value as unknown as EntityRecord).kind,
})
export abstract class Node {
  @Field(() => ID, { description: 'Stable, human-readable and globally unique, e.g. dataset:churn/transactions.' })
  id!: string;

  @Field({ description: 'The kind of node: Project, Dataset, DatasetVersion, Run, ...' })
  kind!: string;

  @Field(() => DateTimeResolver)
  createdAt!: string;
}

@ObjectType({ implements: Node, description: 'A body of work that owns datasets, experiments and models.' })
export class Project extends Node {
  @Field()
  slug!: string;

  @Field()
  name!: string;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => [String])
  tags!: string[];
}

@ObjectType({ description: 'How many things of one kind a project holds.' })
export class KindCount {
  @Field()
  kind!: string;

  @Field(() => Int)
  total!: number;
}

@ObjectType({ implements: Node, description: 'A group of users that can own things.' })
export class Team extends Node {
  @Field()
  slug!: string;

  @Field()
  name!: string;

  @Field(() => String, { nullable: true })
  description!: string | null;
}

@ObjectType({ implements: Node, description: 'A person who runs experiments and owns things.' })
export class User extends Node {
  @Field({ description: 'The handle in the id, e.g. "alice" for user:alice.' })
  slug!: string;

  @Field()
  name!: string;

  @Field(() => String, { nullable: true })
  email!: string | null;
}

export const Owner = createUnionType({
  name: 'Owner',
  description: 'Who owns a thing: a user or a team.',
  types: () => [User, Team] as const,
  resolveType: (value) => (value as unknown as EntityRecord).kind,
});

@ObjectType()
export class ProjectConnection extends ConnectionOf(Project, 'Project') {}

@ObjectType()
export class TeamConnection extends ConnectionOf(Team, 'Team') {}

@ObjectType()
export class UserConnection extends ConnectionOf(User, 'User') {}

@InputType()
export class CreateProjectInput {
  @Field({ description: 'Lower-case short name; the project id becomes project:<slug>.' })
  slug!: string;

  @Field()
  name!: string;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => [String], { nullable: true })
  tags?: string[] | null;
}

@InputType()
export class CreateTeamInput {
  @Field({ description: 'Lower-case short name; the team id becomes team:<slug>.' })
  slug!: string;

  @Field()
  name!: string;

  @Field(() => String, { nullable: true })
  description?: string | null;
}

@InputType()
export class CreateUserInput {
  @Field({ description: 'Lower-case handle; the user id becomes user:<handle>.' })
  handle!: string;

  @Field()
  name!: string;

  @Field(() => String, { nullable: true })
  email?: string | null;

  @Field(() => [ID], { nullable: true, description: 'Teams the user belongs to.' })
  teamIds?: string[] | null;
}

@InputType({ description: 'Narrows a catalog list; every field is optional and they combine with AND.' })
export class CatalogFilter {
  @Field(() => ID, { nullable: true })
  projectId?: string | null;

  @Field(() => ID, { nullable: true, description: 'A user or team id.' })
  ownerId?: string | null;

  @Field(() => String, { nullable: true })
  tag?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Experiments: true leaves out those inside another (a dbt model job inside its invocation).',
  })
  topLevel?: boolean | null;
}

/** Fields every named asset in a project takes when it is registered. */
@InputType()
export abstract class AssetInput {
  @Field(() => ID)
  projectId!: string;

  @Field({ description: 'Lower-case short name, unique within the project; it becomes part of the id.' })
  slug!: string;

  @Field()
  name!: string;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => [String], { nullable: true })
  tags?: string[] | null;

  @Field(() => [ID], { nullable: true, description: 'Users and teams who own it.' })
  ownerIds?: string[] | null;

  @Field(() => [MetadataFieldInput], {
    nullable: true,
    description: "Governed metadata (e.g. classification), checked against the project's metadata template.",
  })
  metadata?: MetadataFieldInput[] | null;
}

/** Fields every named asset in a project shows. */
@InterfaceType({
  implements: Node,
  description: 'A named thing registered in a project: dataset, feature set, experiment, model, deployment.',
  resolveType: (value: EntityRecord) => value.kind,
})
export abstract class Asset extends Node {
  @Field()
  slug!: string;

  @Field()
  name!: string;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => [String])
  tags!: string[];
}
