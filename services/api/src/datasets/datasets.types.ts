import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { Asset, AssetInput, Node } from '../catalog/catalog.types';
import { ConnectionOf } from '../platform/connection';
import { DerivableVersionInputFields, Version } from '../versions/versions.types';

@ObjectType({
  implements: [Node, Asset],
  description: 'A named body of data in a project; its content lives in versions.',
})
export class Dataset extends Asset {}

@ObjectType({ implements: [Node, Version], description: 'One immutable version of a dataset.' })
export class DatasetVersion extends Version {
  @Field(() => Int, { nullable: true })
  rowCount!: number | null;

  @Field(() => Number, { nullable: true })
  sizeBytes!: number | null;
}

@ObjectType()
export class DatasetConnection extends ConnectionOf(Dataset, 'Dataset') {}

@InputType()
export class RegisterDatasetInput extends AssetInput {}

@InputType()
export class RegisterDatasetVersionInput extends DerivableVersionInputFields {
  @Field(() => ID)
  datasetId!: string;

  @Field(() => Int, { nullable: true })
  rowCount?: number | null;

  @Field(() => Number, { nullable: true })
  sizeBytes?: number | null;
}
