import { Field, Float, ID, InputType, ObjectType } from 'type-graphql';

@ObjectType({ description: 'One governed metadata value (a key with several values appears once per value).' })
export class MetadataField {
  @Field()
  key!: string;

  @Field()
  value!: string;
}

@InputType({
  description:
    'A metadata value, stored as the node property meta.<key>; the same key given twice stores a list. ' +
    'In setMetadata, an empty value removes the key.',
})
export class MetadataFieldInput {
  @Field({ description: 'A letter, then letters, digits, "_", "-" or "."; not a built-in field name.' })
  key!: string;

  @Field()
  value!: string;
}

@ObjectType({ description: "How much of its template's required and recommended metadata an entity has." })
export class Completeness {
  @Field(() => Float, { description: 'The share of required and recommended fields present, 0 to 1.' })
  score!: number;

  @Field(() => [String])
  missingRequired!: string[];

  @Field(() => [String])
  missingRecommended!: string[];
}

@ObjectType({ description: 'A data-quality check a run declared, e.g. a null rate or a row-count check.' })
export class DataQualityCheck {
  @Field()
  name!: string;

  @Field()
  passed!: boolean;

  @Field(() => Float, { nullable: true })
  value!: number | null;

  @Field(() => ID, { nullable: true, description: 'The dataset or feature set version it checked.' })
  datasetVersionId!: string | null;

  @Field(() => ID, { description: 'The run that recorded it (a dbt test run, a training run).' })
  runId!: string;
}

@InputType()
export class DataQualityCheckInput {
  @Field()
  name!: string;

  @Field()
  passed!: boolean;

  @Field(() => Float, { nullable: true })
  value?: number | null;

  @Field(() => ID, { nullable: true, description: 'The dataset or feature set version it checked.' })
  datasetVersionId?: string | null;
}
