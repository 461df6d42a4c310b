import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { currentPrincipal } from '../platform/request-context';

/** What an anonymous caller may ask where authentication is on: who it is, and the schema itself. */
const OPEN_FIELDS = new Set(['whoami', '__typename', '__schema', '__type']);

/**
 * Where authentication is on, an anonymous caller reads nothing but `whoami` (the explorer asks it to
 * offer sign-in): any other operation is UNAUTHENTICATED before a resolver runs, once per request.
 */
export const anonymousReadsRefused: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation }) {
        const principal = currentPrincipal();
        if (principal?.mode !== 'on' || principal.userId !== null || !operation) return;
        const open = operation.selectionSet.selections.every(
          (selection) => selection.kind === 'Field' && OPEN_FIELDS.has(selection.name.value),
        );
        if (open) return;
        throw new GraphQLError(
          'Anonymous callers may read only whoami: send a token (Authorization: Bearer <secret>).',
          {
            extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
          },
        );
      },
    };
  },
};
