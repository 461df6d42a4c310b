import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { User } from '../catalog/catalog.types';
import type { OrgRoleName, ProjectRoleName } from './principal';

export enum ProjectRole {
  VIEWER = 'VIEWER',
  EDITOR = 'EDITOR',
  MAINTAINER = 'MAINTAINER',
  ADMIN = 'ADMIN',
}
registerEnumType(ProjectRole, {
  name: 'ProjectRole',
  description: 'A role in a project, weakest first; each includes the ones before it.',
});

export enum OrgRole {
  AUDITOR = 'AUDITOR',
  ADMIN = 'ADMIN',
}
registerEnumType(OrgRole, {
  name: 'OrgRole',
  description: 'An org-wide role: ADMIN may do everything; AUDITOR reads everything and writes nothing.',
});

@ObjectType({ description: 'An API token, sent as `Authorization: Bearer <secret>`. Its secret is shown once.' })
export class ApiToken {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field(() => ID, { description: 'The user the token acts as.' })
  userId!: string;

  @Field(() => DateTimeResolver)
  createdAt!: string;

  @Field(() => DateTimeResolver, { nullable: true })
  revokedAt!: string | null;

  @Field(() => DateTimeResolver, { nullable: true, description: 'Updated at most once a minute.' })
  lastUsedAt!: string | null;
}

@ObjectType({ description: 'A token just created, with its secret: the only time the secret is shown.' })
export class NewApiToken {
  @Field(() => ApiToken)
  token!: ApiToken;

  @Field()
  secret!: string;
}

@InputType()
export class CreateApiTokenInput {
  @Field({ description: 'What the token is for, e.g. "ci-churn".' })
  name!: string;

  @Field(() => ID, { nullable: true, description: 'Whose token (org ADMIN only); the caller when omitted.' })
  userId?: string | null;
}

@ObjectType({ description: 'A project role held by a user, itself or through one of its teams.' })
export class ProjectRoleGrant {
  @Field(() => ID)
  projectId!: string;

  @Field(() => ProjectRole)
  role!: ProjectRoleName;

  @Field(() => ID, { description: 'Who holds the role: the user, or the team it belongs to.' })
  via!: string;
}

@ObjectType({ description: 'Who the caller is, as the api sees it.' })
export class Principal {
  @Field({ description: 'What the audit trail names: user:<handle>, or x-mnemo-actor when auth is off.' })
  actor!: string;

  @Field(() => User, { nullable: true })
  user!: unknown;

  @Field({ description: 'Whether a valid token was sent (always false when auth is off).' })
  authenticated!: boolean;

  @Field({ description: '"on" (tokens and roles are checked) or "off" (local only: everything allowed).' })
  authMode!: string;

  @Field(() => [OrgRole])
  orgRoles!: OrgRoleName[];

  @Field(() => [ProjectRoleGrant])
  projectRoles!: ProjectRoleGrant[];
}
