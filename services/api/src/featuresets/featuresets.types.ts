import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { Asset, AssetInput, Node } from '../catalog/catalog.types';
import { ConnectionOf } from '../platform/connection';
import { DerivableVersionInputFields, Version } from '../versions/versions.types';

@ObjectType({ implements: [Node, Asset], description: 'A named set of features computed from datasets.' })
export class FeatureSet extends Asset {}

@ObjectType({ implements: [Node, Version], description: 'One immutable version of a feature set.' })
export class FeatureSetVersion extends Version {
  @Field(() => [String], { description: 'Names of the features in this version.' })
  features!: string[];
}

@ObjectType()
export class FeatureSetConnection extends ConnectionOf(FeatureSet, 'FeatureSet') {}

@InputType()
export class RegisterFeatureSetInput extends AssetInput {}

@InputType()
export class RegisterFeatureSetVersionInput extends DerivableVersionInputFields {
  @Field(() => ID)
  featureSetId!: string;

  @Field(() => [String], { nullable: true })
  features?: string[] | null;
}
