import type { GatewayInterface } from '@apollo/server-gateway-interface';
import { type ExecutionResult, getOperationAST, getVariableValues, GraphQLError, type GraphQLSchema } from 'graphql';
import { type CompiledQuery, compileQuery, isCompiledQuery } from 'graphql-jit';

/** How many distinct operations keep their compiled form; clients send a handful, tests a few hundred. */
const COMPILED_OPERATIONS = 1_000;

/**
 * Executes GraphQL with graphql-jit, which compiles each operation once into plain JavaScript.
 * A 10k-item impact report completes ~100k fields; graphql-js walks them generically and took about
 * as long as the Neo4j traversal itself, graphql-jit a fraction of it (docs/benchmarks.md).
 *
 * Apollo Server 4 takes a custom executor only through its gateway interface: this "gateway" serves
 * our own schema, never changes it, and leaves parsing, validation, plugins and error formatting to Apollo.
 */
export function jitExecutor(schema: GraphQLSchema): GatewayInterface {
  const compiled = new Map<string, CompiledQuery>();

  const compiledFor = (source: string, operationName: string | null | undefined, document: never) => {
    const key = `${operationName ?? ''}\n${source}`;
    const cached = compiled.get(key);
    if (cached) return cached;
    const result = compileQuery(schema, document, operationName ?? undefined);
    if (!isCompiledQuery(result)) return result;
    if (compiled.size >= COMPILED_OPERATIONS) compiled.delete(compiled.keys().next().value!);
    compiled.set(key, result);
    return result;
  };

  return {
    async load() {
      return {
        executor: async (request) => {
          const variables = request.request.variables ?? {};
          // graphql-js coerces the variables: its errors are the ones Apollo recognises as BAD_USER_INPUT,
          // and it fills in input fields' default values, which graphql-jit 0.8 leaves out.
          const definitions = getOperationAST(request.document, request.operationName)?.variableDefinitions ?? [];
          const checked = getVariableValues(schema, definitions, variables, { maxErrors: 20 });
          if (checked.errors) return { errors: checked.errors };
          const operation = compiledFor(request.source, request.operationName, request.document as never);
          if (!isCompiledQuery(operation)) return operation as ExecutionResult;
          const result = await operation.query(undefined, request.context, checked.coerced);
          return result.errors ? { ...result, errors: result.errors.map(asGraphQLJsError) } : result;
        },
      };
    },
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: '' });
      return () => {};
    },
    async stop() {},
  };
}

/**
 * graphql-jit's errors inherit from graphql-js's but lack its fields (extensions may be undefined),
 * which Apollo's error formatting relies on; rebuild them as graphql-js errors with the same content.
 */
function asGraphQLJsError(error: GraphQLError): GraphQLError {
  const rebuilt = new GraphQLError(error.message, {
    path: error.path,
    originalError: error.originalError ?? undefined,
    extensions: error.extensions ?? undefined,
  });
  (rebuilt as { locations: GraphQLError['locations'] }).locations = error.locations;
  return rebuilt;
}
