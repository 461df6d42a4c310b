import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, ID, Info, Int, Query, Resolver } from 'type-graphql';
import type { MnemoContext } from '../context';
import { TRAVERSAL_COST } from '../platform/query-limits';
import { selectsAnyOf } from '../platform/selection';
import { DATA_KINDS } from './lineage.service';
import { ImpactReport, ImpactScope, LineageDiff, LineageDirection, LineageGraph, Provenance } from './lineage.types';

const AS_OF = {
  nullable: true,
  description:
    'The graph as it stood at this instant: ISO 8601 date-time, or a date (its end, UTC; today: now). ' +
    'Omitted: today. Not in the future.',
};

/** The fields that name a version's dataset, feature set or model. */
const VERSION_PARENT_FIELDS = new Set(['dataset', 'featureSet', 'model']);

@Resolver()
export class LineageResolver {
  @Query(() => LineageGraph, {
    complexity: TRAVERSAL_COST,
    description: 'The distinct nodes and edges upstream and/or downstream of a node, each node once with its depth.',
  })
  async lineage(
    @Arg('id', () => ID) id: string,
    @Arg('direction', () => LineageDirection, { defaultValue: LineageDirection.BOTH }) direction: LineageDirection,
    @Arg('maxDepth', () => Int, { nullable: true, description: '1 to 50, default 5.' }) maxDepth: number | null,
    @Arg('maxNodes', () => Int, { nullable: true, description: '1 to 50,000, default 1,000.' }) maxNodes: number | null,
    @Arg('kinds', () => [String], { nullable: true, description: 'Only return nodes of these kinds.' })
    kinds: string[] | null,
    @Arg('asOf', () => String, AS_OF) asOf: string | null,
    @Ctx() ctx: MnemoContext,
    @Info() info: GraphQLResolveInfo,
    @Arg('upstreamDepth', () => Int, { nullable: true, description: 'Upstream only: 1 to 50, default maxDepth.' })
    upstreamDepth: number | null,
    @Arg('downstreamDepth', () => Int, { nullable: true, description: 'Downstream only: 1 to 50, default maxDepth.' })
    downstreamDepth: number | null,
    @Arg('fanOutLimit', () => Int, {
      nullable: true,
      description:
        'Fold more than this many siblings of one kind on one side of a node (1 to 1,000) into a group, answered ' +
        'in groups instead of nodes; a group anchors the fan-outs of its members in turn. Omitted: no folding.',
    })
    fanOutLimit: number | null,
    @Arg('expandedGroups', () => [ID], { nullable: true, description: 'Group ids to answer unfolded.' })
    expandedGroups: string[] | null,
  ) {
    const graph = await ctx.services.lineage.lineage({
      id,
      direction,
      maxDepth,
      maxNodes,
      upstreamDepth,
      downstreamDepth,
      kinds,
      asOf,
      fanOutLimit,
      expandedGroups,
    });
    // GraphQL asks for the versions' parents one node at a time, after walking every node's other
    // fields (150 ms on 5,000 nodes); asked for here, all at once, the lookup runs meanwhile.
    if (selectsAnyOf(info, VERSION_PARENT_FIELDS)) {
      const versionIds = graph.nodes.filter((entry) => DATA_KINDS.includes(entry.node.kind)).map((e) => e.node.id);
      void ctx.loaders.parent.loadMany(versionIds);
    }
    return graph;
  }

  @Query(() => ImpactReport, {
    complexity: TRAVERSAL_COST,
    description:
      'Everything downstream of a dataset, feature set or version: grouped by kind and environment, production ' +
      'deployments at risk, owners to notify, and one shortest why-path per item.',
  })
  impact(
    @Arg('target', () => ID) target: string,
    @Arg('scope', () => ImpactScope, {
      nullable: true,
      description: 'Default: VERSION for a version, else ALL_VERSIONS.',
    })
    scope: ImpactScope | null,
    @Arg('maxDepth', () => Int, { nullable: true, description: '1 to 50, default 20.' }) maxDepth: number | null,
    @Arg('asOf', () => String, AS_OF) asOf: string | null,
    @Ctx() ctx: MnemoContext,
  ) {
    return ctx.services.lineage.impact({ targetId: target, scope, maxDepth, asOf });
  }

  @Query(() => Provenance, {
    complexity: TRAVERSAL_COST,
    description: 'The full recipe to reproduce a model version.',
  })
  provenance(
    @Arg('modelVersionId', () => ID) modelVersionId: string,
    @Arg('asOf', () => String, AS_OF) asOf: string | null,
    @Ctx() ctx: MnemoContext,
  ) {
    return ctx.services.lineage.provenance(modelVersionId, asOf);
  }

  @Query(() => LineageDiff, {
    complexity: TRAVERSAL_COST,
    description: 'What differs upstream of two model versions.',
  })
  lineageDiff(@Arg('a', () => ID) a: string, @Arg('b', () => ID) b: string, @Ctx() ctx: MnemoContext) {
    return ctx.services.lineage.lineageDiff(a, b);
  }
}
