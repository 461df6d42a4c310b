import type { ApolloServerPlugin } from '@apollo/server';
import {
  getNullableType,
  getVariableValues,
  GraphQLError,
  isListType,
  Kind,
  visit,
  type GraphQLSchema,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import depthLimit from 'graphql-depth-limit';
import { type ComplexityEstimatorArgs, getComplexity } from 'graphql-query-complexity';
import { DEFAULT_PAGE } from './pagination';

/** How much one GraphQL operation may ask for (docs/api.md "Query limits"; MNEMO_GRAPHQL_MAX_*). */
export interface QueryLimits {
  /** Nested selections below the operation (introspection fields are not counted). */
  maxDepth: number;
  /** The estimated cost: see fieldCost. */
  maxCost: number;
}

export const DEFAULT_QUERY_LIMITS: QueryLimits = { maxDepth: 12, maxCost: 50_000 };

/**
 * The own cost of a field that walks the graph (lineage, impact, provenance): whatever it selects,
 * one request may ask for a handful of them, not a thousand aliases.
 */
export const TRAVERSAL_COST = 2_000;

/** How many items a list without a page size is assumed to hold (team members, a version's deployments). */
export const ASSUMED_LIST_LENGTH = 20;

/**
 * What a field costs: 1 (or its own `complexity`, set on the resolvers that walk the graph), plus its
 * selection once per item it may return — `first` items when it takes a page size, its default
 * page when that is left out, ASSUMED_LIST_LENGTH for another list. A connection's
 * `nodes` are the page already counted. Introspection is free: the schema is small and fixed.
 */
export function fieldCost({ field, args, childComplexity, type }: ComplexityEstimatorArgs): number {
  if (field.name.startsWith('__')) return 0;
  const own = typeof field.extensions?.complexity === 'number' ? field.extensions.complexity : 1;
  const paged = field.args.some((argument) => argument.name === 'first');
  let items = 1;
  if (typeof args.first === 'number' && args.first > 0) items = args.first;
  else if (paged) items = DEFAULT_PAGE;
  else if (isListType(getNullableType(field.type)) && !type.name.endsWith('Connection')) items = ASSUMED_LIST_LENGTH;
  return own + items * childComplexity;
}

/** Refuses an operation nested deeper than limits.maxDepth, during validation (GRAPHQL_VALIDATION_FAILED). */
export function queryDepthRule(limits: QueryLimits): ValidationRule {
  const rule = depthLimit(limits.maxDepth);
  return (context: ValidationContext) => {
    // graphql-depth-limit throws on a spread of an unknown fragment; the standard rules report that one.
    const document = context.getDocument();
    const defined = new Set(
      document.definitions.flatMap((definition) =>
        definition.kind === Kind.FRAGMENT_DEFINITION ? [definition.name.value] : [],
      ),
    );
    let known = true;
    visit(document, {
      FragmentSpread(spread) {
        if (!defined.has(spread.name.value)) known = false;
      },
    });
    return known ? rule(context) : {};
  };
}

/**
 * Refuses an operation whose estimated cost exceeds limits.maxCost before anything runs: aliases,
 * lists and traversals multiply what one request makes the server do (issue 18, finding 3).
 */
export function queryCostPlugin(schema: GraphQLSchema, limits: QueryLimits): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, request }) {
          const variables = request.variables ?? {};
          // Bad variables are execution's to refuse (BAD_USER_INPUT), before anything runs.
          if (!operation || getVariableValues(schema, operation.variableDefinitions ?? [], variables).errors) return;
          let cost: number;
          try {
            cost = getComplexity({
              schema,
              query: document,
              variables,
              operationName: request.operationName ?? undefined,
              estimators: [fieldCost],
            });
          } catch (error) {
            // More than the library's 10,000 selections evaluated (fragments spread many times).
            throw tooCostly(error instanceof Error ? error.message : String(error), Infinity, limits);
          }
          if (cost > limits.maxCost) throw tooCostly(`Its estimated cost is ${cost}.`, cost, limits);
        },
      };
    },
  };
}

const tooCostly = (reason: string, cost: number, limits: QueryLimits) =>
  new GraphQLError(
    `This operation asks for too much at once (the limit is a cost of ${limits.maxCost}; docs/api.md "Query ` +
      `limits"): ${reason} Ask for fewer items (first), fewer nested lists or fewer aliases, or split it.`,
    {
      extensions: {
        code: 'GRAPHQL_VALIDATION_FAILED',
        ...(Number.isFinite(cost) ? { cost } : {}),
        maxCost: limits.maxCost,
        http: { status: 400 },
      },
    },
  );
