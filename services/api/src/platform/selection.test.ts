import {
  Kind,
  parse,
  type FragmentDefinitionNode,
  type GraphQLResolveInfo,
  type OperationDefinitionNode,
} from 'graphql';
import { selectsAnyOf } from './selection';

/** The resolve info of the operation's first field, as far as selectsAnyOf reads it. */
function infoOf(source: string): GraphQLResolveInfo {
  const document = parse(source);
  const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION) as OperationDefinitionNode;
  const fragments = Object.fromEntries(
    document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((fragment) => [fragment.name.value, fragment]),
  );
  const field = operation.selectionSet.selections[0];
  return { fieldNodes: [field], fragments } as unknown as GraphQLResolveInfo;
}

const PARENTS = new Set(['dataset', 'model']);

describe('selectsAnyOf', () => {
  it('finds a field at any depth, in inline fragments and in named ones (each read once)', () => {
    expect(
      selectsAnyOf(infoOf('{ lineage { nodes { node { id ... on DatasetVersion { dataset { name } } } } } }'), PARENTS),
    ).toBe(true);
    expect(
      selectsAnyOf(
        infoOf(
          '{ lineage { nodes { node { ...A ...A } } } } fragment A on Node { ...B } fragment B on Node { ... on ModelVersion { model { id } } }',
        ),
        PARENTS,
      ),
    ).toBe(true);
  });

  it('says no when no such field is asked for, however the fragments refer to each other', () => {
    expect(selectsAnyOf(infoOf('{ lineage { nodes { node { id kind } } } }'), PARENTS)).toBe(false);
    expect(
      selectsAnyOf(infoOf('{ lineage { ...A } } fragment A on LineageGraph { nodes { node { id } } ...A }'), PARENTS),
    ).toBe(false);
    // The field itself is not below itself.
    expect(selectsAnyOf(infoOf('{ dataset { id } }'), PARENTS)).toBe(false);
  });
});
