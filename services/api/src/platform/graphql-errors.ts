import type { GraphQLFormattedError } from 'graphql';
import { Neo4jError } from 'neo4j-driver';
import { MnemoError } from './errors';

/**
 * Maps errors to GraphQL's shape once: a MnemoError keeps its code and details; a uniqueness
 * race in Neo4j is a CONFLICT; anything unexpected is logged and answered without internals.
 */
export function formatGraphQLError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = thrownBy(error);
  if (original instanceof MnemoError) {
    return {
      ...formatted,
      message: original.message,
      extensions: { ...original.details, code: original.code },
    };
  }
  if (original instanceof Neo4jError && original.code === 'Neo.ClientError.Schema.ConstraintValidationFailed') {
    return { ...formatted, message: 'That id was just taken by a concurrent write.', extensions: { code: 'CONFLICT' } };
  }
  const code = formatted.extensions?.code;
  if (code && code !== 'INTERNAL_SERVER_ERROR') return formatted;
  console.error('Unexpected error while answering GraphQL:', original);
  return {
    message: 'Internal error; the server log has the details.',
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };
}

/** The error a resolver threw, under graphql-jit's wrapper and Apollo's (each keeps it as originalError). */
function thrownBy(error: unknown): unknown {
  let thrown = error;
  for (let wrapped = originalOf(thrown); wrapped !== undefined; wrapped = originalOf(thrown)) thrown = wrapped;
  return thrown;
}

const originalOf = (error: unknown): unknown =>
  error instanceof Error ? ((error as { originalError?: unknown }).originalError ?? undefined) : undefined;
