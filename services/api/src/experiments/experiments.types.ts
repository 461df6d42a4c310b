import { InputType, ObjectType } from 'type-graphql';
import { Asset, AssetInput, Node } from '../catalog/catalog.types';
import { ConnectionOf } from '../platform/connection';

@ObjectType({ implements: [Node, Asset], description: 'A family of runs chasing one question.' })
export class Experiment extends Asset {}

@ObjectType()
export class ExperimentConnection extends ConnectionOf(Experiment, 'Experiment') {}

@InputType()
export class CreateExperimentInput extends AssetInput {}
