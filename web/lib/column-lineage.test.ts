import {
  type ColumnLineageAnswer,
  columnGraph,
  columnNames,
  columnsByVersion,
  type LineageColumn,
} from './column-lineage';

const STG = 'dataset:p/stg@1';
const RAW = 'dataset:p/raw@1';
const MART = 'dataset:p/mart@1';
const version = (id: string, name: string) => ({ id, kind: 'DatasetVersion', version: '1', dataset: { name } });
const column = (versionId: string, name: string, depth: number, why: string[] = []): LineageColumn => ({
  id: `${versionId}#${name}`,
  name,
  versionId,
  depth,
  why,
  version: version(versionId, versionId.split('/')[1].split('@')[0]),
});

const answer: ColumnLineageAnswer = {
  version: version(STG, 'stg'),
  upstream: {
    root: { id: `${STG}#amount`, name: 'amount', versionId: STG },
    columns: [column(RAW, 'amount', 1)],
    edges: [{ from: `${STG}#amount`, to: `${RAW}#amount`, type: 'DIRECT', subtypes: ['IDENTITY'] }],
    hidden: 0,
  },
  downstream: {
    root: { id: `${STG}#amount`, name: 'amount', versionId: STG },
    columns: [column(MART, 'total', 1)],
    edges: [
      { from: `${MART}#total`, to: `${STG}#amount`, type: 'DIRECT', subtypes: ['AGGREGATION'] },
      // An edge to a column not in the answer (left out as unreadable) is not drawn.
      { from: `${MART}#total`, to: 'dataset:p/secret@1#x', type: 'INDIRECT', subtypes: [] },
    ],
    hidden: 1,
  },
};

test('a column lineage is drawn with the column in the centre, inputs upstream, computed columns downstream', () => {
  const model = columnGraph(answer);
  expect(model.nodes.map((node) => [node.id, node.side, node.depth, node.label])).toEqual([
    [`${STG}#amount`, 'centre', 0, 'stg 1 · amount'],
    [`${RAW}#amount`, 'upstream', 1, 'raw 1 · amount'],
    [`${MART}#total`, 'downstream', 1, 'mart 1 · total'],
  ]);
  expect(model.edges.map((edge) => [edge.source, edge.target, edge.label])).toEqual([
    [`${STG}#amount`, `${RAW}#amount`, 'identity'],
    [`${MART}#total`, `${STG}#amount`, 'aggregation'],
  ]);
});

test('affected columns are grouped by the version holding them, nearest first, and named by dataset in why-paths', () => {
  const columns = [column(MART, 'total', 2), column(STG, 'b', 1), column(STG, 'a', 1)];
  expect(columnsByVersion(columns).map((group) => [group.versionId, group.columns.map((c) => c.name)])).toEqual([
    [STG, ['a', 'b']],
    [MART, ['total']],
  ]);
  const names = columnNames({ id: `${RAW}#amount`, name: 'amount' }, version(RAW, 'raw'), columns);
  expect(names.get(`${RAW}#amount`)).toBe('raw.amount');
  expect(names.get(`${MART}#total`)).toBe('mart.total');
});
