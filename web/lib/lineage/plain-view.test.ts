import type { GraphModel, GraphNode } from './graph-model';
import { plainView } from './plain-view';

const node = (id: string, kind: string, label: string, extra: Partial<GraphNode> = {}): GraphNode => ({
  id,
  kind,
  label,
  depth: 1,
  side: 'downstream',
  ...extra,
});

/** raw → (prep run) → features → (training run) → model ← deployment */
const model: GraphModel = {
  nodes: [
    node('raw', 'DatasetVersion', 'Transactions raw 2026-10', { side: 'centre', depth: 0 }),
    node('prep', 'Run', 'build features'),
    node('fs', 'FeatureSetVersion', 'Customer features v3'),
    node('train', 'Run', 'XGBoost #20'),
    node('mv', 'ModelVersion', 'Churn classifier v3'),
    node('dep', 'Deployment', 'Churn API', {
      node: { id: 'dep', kind: 'Deployment', name: 'Churn API', environment: 'PROD' },
    }),
  ],
  edges: [
    { id: '1', source: 'prep', target: 'raw', label: 'USED' },
    { id: '2', source: 'fs', target: 'prep', label: 'GENERATED_BY' },
    { id: '3', source: 'train', target: 'fs', label: 'USED' },
    { id: '4', source: 'mv', target: 'train', label: 'GENERATED_BY' },
    { id: '5', source: 'dep', target: 'mv', label: 'SERVES' },
  ],
};

test('the plain view hides runs and links data, models and deployments through them', () => {
  const plain = plainView(model);
  expect(plain.nodes.map((n) => n.id)).toEqual(['raw', 'fs', 'mv', 'dep']);
  expect(plain.edges.map((e) => `${e.source} ${e.label} ${e.target}`).sort()).toEqual([
    'dep serves mv',
    'fs built from raw',
    'mv trained by XGBoost #20 fs',
  ]);
});

test('each node of the plain view has a one-line caption in words', () => {
  const captions = Object.fromEntries(plainView(model).nodes.map((n) => [n.id, n.label]));
  expect(captions.mv).toBe('Churn classifier v3, trained on Customer features v3, serving in production');
  expect(captions.dep).toBe('Churn API, serving Churn classifier v3 in production');
  expect(captions.fs).toBe('Customer features v3, built from Transactions raw 2026-10, trains Churn classifier v3');
  expect(captions.raw).toBe('Transactions raw 2026-10, a source');
});

test('the plain view keeps a placeholder for hidden data, so it is no smaller than the graph', () => {
  const hidden = { id: 'restricted:0123456789abcdef', kind: 'RestrictedNode', hiddenKind: 'FeatureSetVersion' };
  const summary = '1 restricted feature set version, owned by team risk';
  const withHidden: GraphModel = {
    nodes: model.nodes.map((n) =>
      n.id === 'fs' ? node(hidden.id, hidden.kind, `🔒 ${summary}`, { node: { ...hidden, summary } }) : n,
    ),
    edges: model.edges.map((e) => ({
      ...e,
      source: e.source === 'fs' ? hidden.id : e.source,
      target: e.target === 'fs' ? hidden.id : e.target,
    })),
  };
  const plain = plainView(withHidden);
  expect(plain.nodes.map((n) => n.id)).toEqual(['raw', hidden.id, 'mv', 'dep']);
  expect(plain.edges.map((e) => `${e.source} ${e.target}`).sort()).toEqual(
    [`${hidden.id} raw`, 'dep mv', `mv ${hidden.id}`].sort(),
  );
  expect(plain.nodes[1].label).toBe(`🔒 ${summary}`);
});
