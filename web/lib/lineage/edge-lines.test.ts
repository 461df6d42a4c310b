import { edgeLines, pictureTransform } from './edge-lines';
import type { GraphEdge } from './graph-model';

const edge = (source: string, target: string): GraphEdge => ({
  id: `${source}->${target}`,
  source,
  target,
  label: 'USED',
});

const positions = { a: { x: 0, y: 0 }, b: { x: 100, y: 10 }, c: { x: 200, y: -10 } };

test('each edge becomes one segment from centre to centre, and an edge to a node with no position is left out', () => {
  const lines = edgeLines([edge('a', 'b'), edge('b', 'c'), edge('c', 'gone')], positions);
  expect(Array.from(lines.plain)).toEqual([0, 0, 100, 10, 100, 10, 200, -10]);
  expect(lines.affected).toHaveLength(0);
  expect(lines.count).toBe(2);
});

test('with a highlight, only the edges between two highlighted nodes are affected', () => {
  const lines = edgeLines([edge('a', 'b'), edge('b', 'c')], positions, new Set(['b', 'c']));
  expect(Array.from(lines.affected)).toEqual([100, 10, 200, -10]);
  expect(Array.from(lines.plain)).toEqual([0, 0, 100, 10]);
  expect(lines.count).toBe(2);
});

test('the picture transform puts every graph point where the new viewport draws it', () => {
  const drawn = { zoom: 0.5, pan: { x: 40, y: -20 } };
  const now = { zoom: 1.5, pan: { x: -100, y: 30 } };
  const [, tx, ty, s] = /translate\((.+)px, (.+)px\) scale\((.+)\)/.exec(pictureTransform(drawn, now))!.map(Number);
  for (const p of [
    { x: 0, y: 0 },
    { x: 300, y: -80 },
  ]) {
    const onPicture = { x: p.x * drawn.zoom + drawn.pan.x, y: p.y * drawn.zoom + drawn.pan.y };
    expect(onPicture.x * s + tx).toBeCloseTo(p.x * now.zoom + now.pan.x);
    expect(onPicture.y * s + ty).toBeCloseTo(p.y * now.zoom + now.pan.y);
  }
  expect(pictureTransform(drawn, drawn)).toBe('translate(0px, 0px) scale(1)');
});
