import { Field, Float, ObjectType } from 'type-graphql';
import { Node } from '../catalog/catalog.types';

@ObjectType({ description: 'A search result: the node and how well it matched (higher is better).' })
export class SearchHit {
  @Field(() => Node)
  node!: object;

  @Field(() => Float)
  score!: number;
}
