import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { toConnection } from '../platform/connection';
import type { MnemoContext } from '../context';
import type { EntityRecord } from '../platform/records';
import {
  CreateProjectInput,
  CreateTeamInput,
  CreateUserInput,
  KindCount,
  Node,
  Project,
  ProjectConnection,
  Team,
  TeamConnection,
  User,
  UserConnection,
} from './catalog.types';
import { entityOfKind } from './entity-fields';

@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, description: 'Page size, 1 to 500 (default 50).' })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'The endCursor of the previous page.' })
  after?: string | null;
}

@Resolver()
export class CatalogResolver {
  @Query(() => Node, { nullable: true, description: 'Any node by its id.' })
  node(@Arg('id', () => ID) id: string, @Ctx() ctx: MnemoContext) {
    return ctx.loaders.entity.load(id);
  }

  @Query(() => Project, { nullable: true })
  project(@Arg('id', () => ID) id: string, @Ctx() ctx: MnemoContext) {
    return entityOfKind(ctx, id, 'Project');
  }

  @Query(() => ProjectConnection)
  async projects(@Args() page: PageArgs, @Ctx() ctx: MnemoContext) {
    return toConnection(await ctx.services.catalog.page('Project', {}, page.first, page.after));
  }

  @Query(() => Team, { nullable: true })
  team(@Arg('id', () => ID) id: string, @Ctx() ctx: MnemoContext) {
    return entityOfKind(ctx, id, 'Team');
  }

  @Query(() => TeamConnection)
  async teams(@Args() page: PageArgs, @Ctx() ctx: MnemoContext) {
    return toConnection(await ctx.services.catalog.page('Team', {}, page.first, page.after));
  }

  @Query(() => User, { nullable: true })
  user(@Arg('id', () => ID) id: string, @Ctx() ctx: MnemoContext) {
    return entityOfKind(ctx, id, 'User');
  }

  @Query(() => UserConnection)
  async users(@Args() page: PageArgs, @Ctx() ctx: MnemoContext) {
    return toConnection(await ctx.services.catalog.page('User', {}, page.first, page.after));
  }

  @Mutation(() => Project)
  createProject(@Arg('input') input: CreateProjectInput, @Ctx() ctx: MnemoContext) {
    return ctx.services.catalog.createProject(ctx.actor, input);
  }

  @Mutation(() => Team)
  createTeam(@Arg('input') input: CreateTeamInput, @Ctx() ctx: MnemoContext) {
    return ctx.services.catalog.createTeam(ctx.actor, input);
  }

  @Mutation(() => User)
  createUser(@Arg('input') input: CreateUserInput, @Ctx() ctx: MnemoContext) {
    return ctx.services.catalog.createUser(ctx.actor, input);
  }
}

@Resolver(() => Project)
export class ProjectResolver {
  @FieldResolver(() => [KindCount], { description: 'How many datasets, experiments, runs... the project holds.' })
  counts(@Root() project: EntityRecord, @Ctx() ctx: MnemoContext) {
    return ctx.loaders.projectCounts.load(project.id);
  }
}

@Resolver(() => Team)
export class TeamResolver {
  @FieldResolver(() => [User])
  members(@Root() team: EntityRecord, @Ctx() ctx: MnemoContext) {
    return ctx.loaders.teamRelations.load(team.id);
  }
}

@Resolver(() => User)
export class UserResolver {
  @FieldResolver(() => [Team])
  teams(@Root() user: EntityRecord, @Ctx() ctx: MnemoContext) {
    return ctx.loaders.teamRelations.load(user.id);
  }
}
