import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { User } from '../catalog/catalog.types';
import type { MnemoContext } from '../context';
import type { EntityRecord } from '../platform/records';
import {
  ApiToken,
  CreateApiTokenInput,
  NewApiToken,
  OrgRole,
  Principal,
  ProjectRole,
  ProjectRoleGrant,
} from './access.types';

@Resolver()
export class AccessResolver {
  @Query(() => Principal, { description: 'Who the caller is: its user, roles, and whether auth is on.' })
  async whoami(@Ctx() ctx: MnemoContext) {
    const principal = ctx.services.access.principal();
    const userId = principal.userId ?? (principal.mode === 'off' ? principal.actor : null);
    const user = userId?.startsWith('user:') ? await ctx.loaders.entity.load(userId) : null;
    const kind = (user as EntityRecord | null)?.kind;
    const roles =
      principal.mode === 'on' ? principal : kind === 'User' ? await ctx.services.access.rolesOf(userId!) : null;
    return {
      actor: principal.actor,
      user: kind === 'User' ? user : null,
      authenticated: principal.userId !== null,
      authMode: principal.mode,
      orgRoles: roles?.orgRoles ?? [],
      projectRoles: roles?.projectRoles ?? [],
    };
  }

  @Query(() => [ApiToken], {
    description: "A user's tokens (never their secrets): the caller's own, or any for an org ADMIN.",
  })
  apiTokens(@Arg('userId', () => ID, { nullable: true }) userId: string | null, @Ctx() ctx: MnemoContext) {
    return ctx.services.access.tokens(userId);
  }

  @Mutation(() => NewApiToken, { description: 'A new token; its secret is in this answer only (stored hashed).' })
  createApiToken(@Arg('input') input: CreateApiTokenInput, @Ctx() ctx: MnemoContext) {
    return ctx.services.access.createToken(ctx.actor, input);
  }

  @Mutation(() => ApiToken, {
    description: 'Revokes a token (own, or any for an org ADMIN); it answers 401 from now on.',
  })
  revokeApiToken(@Arg('id', () => ID) id: string, @Ctx() ctx: MnemoContext) {
    return ctx.services.access.revokeToken(ctx.actor, id);
  }

  @Mutation(() => ProjectRoleGrant, {
    description: 'Gives a user or team a role in a project, replacing the one it held (project ADMIN or org ADMIN).',
  })
  grantProjectRole(
    @Arg('projectId', () => ID) projectId: string,
    @Arg('memberId', () => ID) memberId: string,
    @Arg('role', () => ProjectRole) role: ProjectRole,
    @Ctx() ctx: MnemoContext,
  ) {
    return ctx.services.access.grantProjectRole(ctx.actor, projectId, memberId, role);
  }

  @Mutation(() => ProjectRoleGrant, {
    description: "Takes a user's or team's role in a project away; answers the role it held.",
  })
  revokeProjectRole(
    @Arg('projectId', () => ID) projectId: string,
    @Arg('memberId', () => ID) memberId: string,
    @Ctx() ctx: MnemoContext,
  ) {
    return ctx.services.access.revokeProjectRole(ctx.actor, projectId, memberId);
  }

  @Mutation(() => User, { description: 'Grants (granted: true) or takes away an org role (org ADMIN).' })
  setOrgRole(
    @Arg('userId', () => ID) userId: string,
    @Arg('role', () => OrgRole) role: OrgRole,
    @Arg('granted') granted: boolean,
    @Ctx() ctx: MnemoContext,
  ) {
    return ctx.services.access.setOrgRole(ctx.actor, userId, role, granted);
  }
}

@Resolver(() => User)
export class UserRolesResolver {
  @FieldResolver(() => [OrgRole], { description: 'Org-wide roles: AUDITOR, ADMIN.' })
  orgRoles(@Root() user: EntityRecord) {
    return (user.orgRoles as string[] | undefined) ?? [];
  }
}
