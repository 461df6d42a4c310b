import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { Node } from '../catalog/catalog.types';
import type { MnemoContext } from '../context';
import { TRAVERSAL_COST } from '../platform/query-limits';
import type { EntityRecord } from '../platform/records';
import type { MigrationResponse } from './planned-migrations.service';
import { MigrationAcknowledgement, MigrationKind, MigrationStatus, PlannedMigration } from './planned-migrations.types';

const OWNER_ARG = {
  nullable: true,
  description: 'The owner answering: the caller’s own user by default, or one of its teams.',
} as const;

@Resolver(() => PlannedMigration)
export class PlannedMigrationResolver {
  @Query(() => PlannedMigration, { description: 'A planned migration by id.' })
  migration(@Arg('id', () => ID) id: string, @Ctx() ctx: MnemoContext) {
    return ctx.services.plannedMigrations.migration(id);
  }

  @Query(() => [PlannedMigration], {
    description:
      'The planned migrations of a target (a dataset’s include its versions’) or of a project, newest first.',
  })
  migrations(
    @Ctx() ctx: MnemoContext,
    @Arg('targetId', () => ID, { nullable: true }) targetId?: string,
    @Arg('projectId', () => ID, { nullable: true }) projectId?: string,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first?: number,
  ) {
    return ctx.services.plannedMigrations.migrations({ targetId, projectId, first });
  }

  @FieldResolver(() => Node, { nullable: true, description: 'What it changes.' })
  target(@Root() migration: EntityRecord, @Ctx() ctx: MnemoContext) {
    return ctx.loaders.entity.load(String(migration.targetId));
  }

  @FieldResolver(() => [MigrationAcknowledgement], { description: 'One per owner asked, by owner id.' })
  acknowledgements(@Root() migration: EntityRecord, @Ctx() ctx: MnemoContext) {
    return ctx.loaders.migrationAcknowledgements.load(migration.id);
  }

  @FieldResolver(() => MigrationStatus, {
    // Two impact analyses (as planned is stored; now is computed): a traversal's cost, like impact.
    complexity: TRAVERSAL_COST,
    description: 'The blast radius as planned against now, and the production deployments still at risk.',
  })
  async status(@Root() migration: EntityRecord, @Ctx() ctx: MnemoContext) {
    const acknowledgements = await ctx.loaders.migrationAcknowledgements.load(migration.id);
    return ctx.services.plannedMigrations.status(migration, acknowledgements);
  }

  @Mutation(() => PlannedMigration, {
    complexity: TRAVERSAL_COST,
    description:
      'Plans a migration of a dataset, feature set, version or some of a version’s columns (MAINTAINER of its ' +
      'project): freezes its impact report and opens one acknowledgement per owner to notify.',
  })
  planMigration(
    @Arg('target', () => ID) target: string,
    @Arg('kind', () => MigrationKind) kind: MigrationKind,
    @Arg('effectiveAt', () => DateTimeResolver) effectiveAt: Date,
    @Ctx() ctx: MnemoContext,
    @Arg('columns', () => [String], { nullable: true }) columns?: string[],
    @Arg('note', () => String, { nullable: true }) note?: string,
  ) {
    return ctx.services.plannedMigrations.plan(ctx.actor, { target, kind, columns, effectiveAt, note });
  }

  @Mutation(() => MigrationAcknowledgement, { description: 'An owner acknowledges a planned migration.' })
  acknowledgeMigration(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: MnemoContext,
    @Arg('ownerId', () => ID, OWNER_ARG) ownerId?: string,
    @Arg('comment', () => String, { nullable: true }) comment?: string,
  ) {
    return respond(ctx, id, ownerId, 'ACKNOWLEDGED', comment);
  }

  @Mutation(() => MigrationAcknowledgement, { description: 'An owner objects to a planned migration, saying why.' })
  objectToMigration(
    @Arg('id', () => ID) id: string,
    @Arg('comment', () => String) comment: string,
    @Ctx() ctx: MnemoContext,
    @Arg('ownerId', () => ID, OWNER_ARG) ownerId?: string,
  ) {
    return respond(ctx, id, ownerId, 'OBJECTED', comment);
  }

  @Mutation(() => MigrationAcknowledgement, {
    description: 'An owner is ready for a planned migration (what it owns no longer depends on what changes).',
  })
  markMigrationReady(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: MnemoContext,
    @Arg('ownerId', () => ID, OWNER_ARG) ownerId?: string,
    @Arg('comment', () => String, { nullable: true }) comment?: string,
  ) {
    return respond(ctx, id, ownerId, 'READY', comment);
  }

  @Mutation(() => PlannedMigration, {
    description:
      'Asks for the owners who have not cleared a migration to be reminded (MAINTAINER): recorded as a ' +
      'planned-migration.reminder-requested audit event naming them, for notifications to deliver.',
  })
  remindMigrationOwners(@Arg('id', () => ID) id: string, @Ctx() ctx: MnemoContext) {
    return ctx.services.plannedMigrations.remind(ctx.actor, id);
  }
}

function respond(
  ctx: MnemoContext,
  migrationId: string,
  ownerId: string | undefined,
  response: MigrationResponse,
  comment: string | undefined,
) {
  return ctx.services.plannedMigrations.respond(ctx.actor, { migrationId, ownerId, response, comment });
}
