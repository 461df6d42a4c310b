import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { Asset, AssetInput, CatalogFilter, Node } from '../catalog/catalog.types';
import { ConnectionOf } from '../platform/connection';

export enum Environment {
  DEV = 'DEV',
  STAGING = 'STAGING',
  PROD = 'PROD',
}
registerEnumType(Environment, { name: 'Environment', description: 'Where a deployment serves.' });

@ObjectType({ implements: [Node, Asset], description: 'A model version serving somewhere (SERVES).' })
export class Deployment extends Asset {
  @Field(() => Environment)
  environment!: Environment;

  @Field(() => String, { nullable: true })
  endpoint!: string | null;
}

@ObjectType()
export class DeploymentConnection extends ConnectionOf(Deployment, 'Deployment') {}

@InputType()
export class CreateDeploymentInput extends AssetInput {
  @Field(() => Environment)
  environment!: Environment;

  @Field(() => ID)
  modelVersionId!: string;

  @Field(() => String, { nullable: true })
  endpoint?: string | null;
}

@InputType()
export class DeploymentFilter extends CatalogFilter {
  @Field(() => Environment, { nullable: true })
  environment?: Environment | null;
}
