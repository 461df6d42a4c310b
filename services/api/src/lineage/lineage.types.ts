import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Node, Owner } from '../catalog/catalog.types';
import { Run } from '../runs/runs.types';

export enum RestrictedReason {
  RESTRICTED = 'RESTRICTED',
  OTHER_PROJECT = 'OTHER_PROJECT',
}
registerEnumType(RestrictedReason, {
  name: 'RestrictedReason',
  description: 'Why a node is hidden: it is restricted, or it lives in a project the caller cannot read.',
});

@ObjectType({
  implements: Node,
  description:
    'Stands in a lineage, impact or provenance answer for a node the caller may not read, so edges still connect ' +
    'and counts stay whole. Its id is stable (restricted:<16 hex>) but never the real one; createdAt is not told ' +
    '(always the Unix epoch).',
  simpleResolvers: true,
})
export class RestrictedNode extends Node {
  @Field({ description: 'The kind of the hidden node, e.g. DatasetVersion.' })
  hiddenKind!: string;

  @Field(() => RestrictedReason)
  reason!: RestrictedReason;

  @Field(() => String, { nullable: true, description: "The hidden node's owner's id, e.g. team:risk-data." })
  ownerName!: string | null;

  @Field({ description: 'In words, e.g. "1 restricted dataset version, owned by team risk-data".' })
  summary!: string;
}

export enum LineageDirection {
  UPSTREAM = 'UPSTREAM',
  DOWNSTREAM = 'DOWNSTREAM',
  BOTH = 'BOTH',
}
registerEnumType(LineageDirection, {
  name: 'LineageDirection',
  description:
    'UPSTREAM follows lineage edges forwards (what it came from); DOWNSTREAM backwards (what depends on it).',
});

export enum ImpactScope {
  VERSION = 'VERSION',
  ALL_VERSIONS = 'ALL_VERSIONS',
}
registerEnumType(ImpactScope, {
  name: 'ImpactScope',
  description: 'VERSION: only the given version; ALL_VERSIONS: every version of its dataset or feature set.',
});

export enum TruncatedReason {
  MAX_DEPTH = 'MAX_DEPTH',
  MAX_NODES = 'MAX_NODES',
}
registerEnumType(TruncatedReason, { name: 'TruncatedReason', description: 'Which cap stopped a traversal early.' });

@ObjectType({
  description: 'A node of a lineage closure and its shortest distance from the root.',
  simpleResolvers: true,
})
export class LineageEntry {
  @Field(() => Node)
  node!: object;

  @Field(() => Int)
  depth!: number;

  @Field(() => LineageDirection)
  direction!: LineageDirection;
}

@ObjectType({
  description: 'A lineage edge, pointing from the dependent node to what it depends on.',
  simpleResolvers: true,
})
export class LineageEdge {
  @Field(() => ID)
  from!: string;

  @Field(() => ID)
  to!: string;

  @Field({
    description:
      'USED, GENERATED_BY, DERIVED_FROM or SERVES; VERSION_OF from each version to the dataset, feature set or model lineage started from.',
  })
  type!: string;

  @Field(() => String, { nullable: true, description: 'The role of a USED edge.' })
  role!: string | null;
}

@ObjectType({
  description:
    'Siblings of one kind on one side of an anchor, folded into one node when lineage is asked with fanOutLimit: ' +
    'its members are not among the nodes, and edges to or from them are its own.',
  simpleResolvers: true,
})
export class LineageGroup {
  @Field(() => ID, {
    description: 'group:<anchor>|<in or out>|<kind>, the same in every answer: pass it in expandedGroups to unfold it.',
  })
  id!: string;

  @Field({ description: "The members' kind, e.g. Run." })
  kind!: string;

  @Field(() => ID, { description: 'The node or group the members hang off.' })
  anchor!: string;

  @Field(() => Int)
  count!: number;

  @Field(() => [ID], { description: 'The nodes it stands for (placeholder ids for hidden ones).' })
  memberIds!: string[];

  @Field(() => Int, { description: "The nearest member's depth." })
  depth!: number;

  @Field(() => LineageDirection)
  direction!: LineageDirection;
}

@ObjectType({ description: 'The distinct nodes and edges around a root, each node once.' })
export class LineageGraph {
  @Field(() => Node)
  root!: object;

  @Field(() => [LineageEntry])
  nodes!: LineageEntry[];

  @Field(() => [LineageEdge])
  edges!: LineageEdge[];

  @Field(() => [LineageGroup], { description: 'The folded fan-outs; empty unless fanOutLimit was given.' })
  groups!: LineageGroup[];

  @Field({ description: 'True when a cap stopped the traversal: the graph goes on beyond what is here.' })
  truncated!: boolean;

  @Field(() => TruncatedReason, { nullable: true })
  truncatedReason!: TruncatedReason | null;
}

@ObjectType({ description: 'Something downstream of the impact target, and why.', simpleResolvers: true })
export class ImpactedItem {
  @Field(() => Node)
  node!: object;

  @Field(() => Int, { description: 'Lineage steps from the target.' })
  depth!: number;

  @Field(() => [ID], { description: 'One shortest path of ids from this item back to the target.' })
  why!: string[];
}

@ObjectType()
export class ImpactKindGroup {
  @Field()
  kind!: string;

  @Field(() => Int)
  count!: number;

  @Field(() => [ImpactedItem])
  items!: ImpactedItem[];
}

@ObjectType()
export class ImpactEnvironmentGroup {
  @Field()
  environment!: string;

  @Field(() => Int)
  count!: number;

  @Field(() => [ImpactedItem])
  items!: ImpactedItem[];
}

@ObjectType({ description: 'An owner of affected items, with the ids of what they own in the blast radius.' })
export class OwnerToNotify {
  @Field(() => Owner)
  owner!: object;

  @Field(() => [ID])
  owns!: string[];
}

@ObjectType({
  description: 'What breaks downstream if the target changes, who to tell, and why each item is affected.',
})
export class ImpactReport {
  @Field(() => Node)
  target!: object;

  @Field(() => ImpactScope)
  scope!: ImpactScope;

  @Field(() => [ID], { description: 'The versions the analysis started from.' })
  startIds!: string[];

  @Field(() => Int, { description: 'How many items are affected.' })
  total!: number;

  @Field(() => Int)
  maxDepth!: number;

  @Field(() => [ImpactedItem], { description: 'Every affected item, nearest first.' })
  affected!: ImpactedItem[];

  @Field(() => [ImpactKindGroup], { description: 'Affected items by kind: deployments, model versions, runs, ...' })
  byKind!: ImpactKindGroup[];

  @Field(() => [ImpactEnvironmentGroup], { description: 'Affected deployments by environment, PROD first.' })
  byEnvironment!: ImpactEnvironmentGroup[];

  @Field(() => [ImpactedItem])
  productionDeploymentsAtRisk!: ImpactedItem[];

  @Field(() => [OwnerToNotify])
  ownersToNotify!: OwnerToNotify[];

  @Field()
  truncated!: boolean;

  @Field(() => TruncatedReason, { nullable: true })
  truncatedReason!: TruncatedReason | null;
}

@ObjectType({ description: 'The recipe to reproduce a model version: runs, data versions with digests, and gaps.' })
export class Provenance {
  @Field(() => Node)
  modelVersion!: object;

  @Field(() => Run, {
    nullable: true,
    description: 'The run that generated the model version (code, params, seed, environment).',
  })
  trainingRun!: object | null;

  @Field(() => [Run], { description: 'Every run upstream, the training run and the data preparation before it.' })
  runs!: object[];

  @Field(() => [Node], { description: 'Every data, feature and model version upstream (each with its digest).' })
  dataVersions!: object[];

  @Field({ description: 'True when every run has a clean code commit, an environment and a seed.' })
  complete!: boolean;

  @Field(() => [String], { description: 'What stands in the way of an exact rebuild, in words.' })
  missing!: string[];

  @Field()
  truncated!: boolean;
}

@ObjectType({ description: 'A value that differs between a and b.' })
export class FieldDiff {
  @Field()
  field!: string;

  @Field(() => String, { nullable: true })
  a!: string | null;

  @Field(() => String, { nullable: true })
  b!: string | null;
}

@ObjectType({ description: 'What differs upstream of two model versions.' })
export class LineageDiff {
  @Field(() => Node)
  a!: object;

  @Field(() => Node)
  b!: object;

  @Field(() => [Node])
  dataOnlyInA!: object[];

  @Field(() => [Node])
  dataOnlyInB!: object[];

  @Field(() => [Node])
  sharedData!: object[];

  @Field(() => [FieldDiff], {
    description: 'Code of the training runs: repo, branch, commit, dirty flag, entry point.',
  })
  code!: FieldDiff[];

  @Field(() => [FieldDiff], { description: 'Language, lock and image digests, hardware, region.' })
  environment!: FieldDiff[];

  @Field(() => FieldDiff, { nullable: true })
  seed!: FieldDiff | null;

  @Field(() => [FieldDiff])
  params!: FieldDiff[];
}
