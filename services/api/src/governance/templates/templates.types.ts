import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { Node } from '../../catalog/catalog.types';

export enum TemplateSource {
  PROJECT = 'PROJECT',
  REPOSITORY = 'REPOSITORY',
}
registerEnumType(TemplateSource, {
  name: 'TemplateSource',
  description: "Where a metadata template comes from: the project's loaded one or the repo file.",
});

@ObjectType({
  description: 'What one kind of entity a template governs must (required) and should (recommended) have.',
})
export class MetadataTemplatePart {
  @Field({ description: 'The entity kind, e.g. Dataset or DatasetVersion.' })
  appliesTo!: string;

  @Field(() => [String])
  required!: string[];

  @Field(() => [String])
  recommended!: string[];
}

@ObjectType({ description: 'The controlled values of one field.' })
export class Vocabulary {
  @Field()
  field!: string;

  @Field(() => [String])
  values!: string[];
}

@ObjectType({ description: "The metadata template that applies to a project's entities of one kind." })
export class MetadataTemplate {
  @Field(() => ID)
  projectId!: string;

  @Field({ description: 'dataset, feature-set, run, model or deployment.' })
  kind!: string;

  @Field(() => TemplateSource)
  source!: TemplateSource;

  @Field(() => String, { nullable: true, description: 'The repo file, when the project has loaded none.' })
  path!: string | null;

  @Field({ description: 'The template as written.' })
  yaml!: string;

  @Field(() => DateTimeResolver, { nullable: true })
  loadedAt!: string | null;

  @Field(() => String, { nullable: true })
  loadedBy!: string | null;

  @Field(() => [MetadataTemplatePart])
  parts!: MetadataTemplatePart[];

  @Field(() => [Vocabulary])
  vocabularies!: Vocabulary[];
}

@ObjectType({ description: 'The average completeness of one kind of entity in a project.' })
export class KindCompleteness {
  @Field({ description: 'The entity kind, e.g. Dataset or Run.' })
  kind!: string;

  @Field(() => Int)
  count!: number;

  @Field(() => Float)
  averageScore!: number;
}

@ObjectType({ description: 'An entity and what its metadata lacks.' })
export class CompletenessOffender {
  @Field(() => Node)
  entity!: Node;

  @Field(() => Float)
  score!: number;

  @Field(() => [String])
  missingRequired!: string[];

  @Field(() => [String])
  missingRecommended!: string[];
}

@ObjectType({ description: "How complete a project's governed metadata is." })
export class ProjectCompleteness {
  @Field(() => ID)
  projectId!: string;

  @Field(() => Float, { description: 'The average over every governed entity (1 when there is none).' })
  score!: number;

  @Field(() => Int, { description: 'How many governed entities were scored (archived runs and experiments are not).' })
  entities!: number;

  @Field(() => [KindCompleteness])
  kinds!: KindCompleteness[];

  @Field(() => [CompletenessOffender], { description: 'The lowest scores first; entities with score 1 never appear.' })
  worstOffenders!: CompletenessOffender[];
}
