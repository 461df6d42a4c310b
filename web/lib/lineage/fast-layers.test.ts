import { layoutInLayers } from './fast-layers';

const box = (id: string) => ({ id, width: 40, height: 30 });

describe('layoutInLayers', () => {
  it('puts what a node depends on to its left, one layer per step of the longest path', () => {
    // model GENERATED_BY run USED features DERIVED_FROM raw; the run also USED raw directly.
    const positions = layoutInLayers({
      nodes: ['model', 'run', 'features', 'raw'].map(box),
      edges: [
        { source: 'model', target: 'run' },
        { source: 'run', target: 'features' },
        { source: 'run', target: 'raw' },
        { source: 'features', target: 'raw' },
      ],
    });
    const x = (id: string) => positions[id].x;
    expect(x('raw')).toBeLessThan(x('features'));
    expect(x('features')).toBeLessThan(x('run'));
    expect(x('run')).toBeLessThan(x('model'));
  });

  it('places every node once, without overlaps within a layer', () => {
    const nodes = Array.from({ length: 50 }, (_, i) => box(`run-${i}`)).concat([box('data')]);
    const edges = nodes.slice(0, 50).map((node) => ({ source: node.id, target: 'data' }));
    const positions = layoutInLayers({ nodes, edges });
    expect(Object.keys(positions)).toHaveLength(51);
    const ys = nodes
      .slice(0, 50)
      .map((node) => positions[node.id].y)
      .sort((a, b) => a - b);
    for (let i = 1; i < ys.length; i++) expect(ys[i] - ys[i - 1]).toBeGreaterThanOrEqual(30);
  });

  it('orders a layer by its neighbours, so parallel chains do not cross', () => {
    const nodes = ['a1', 'b1', 'a2', 'b2'].map(box);
    const positions = layoutInLayers({
      nodes: [nodes[0], nodes[1], nodes[3], nodes[2]], // b2 listed before a2
      edges: [
        { source: 'a2', target: 'a1' },
        { source: 'b2', target: 'b1' },
      ],
    });
    expect(Math.sign(positions.a1.y - positions.b1.y)).toBe(Math.sign(positions.a2.y - positions.b2.y));
  });

  it('still places nodes caught in a cycle', () => {
    const positions = layoutInLayers({
      nodes: ['a', 'b', 'c'].map(box),
      edges: [
        { source: 'a', target: 'b' },
        { source: 'b', target: 'a' },
        { source: 'c', target: 'a' },
      ],
    });
    expect(Object.keys(positions).sort()).toEqual(['a', 'b', 'c']);
  });
});
