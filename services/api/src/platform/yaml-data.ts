import { parse } from 'yaml';

/**
 * YAML a client sends (policies, templates) as plain data. An alias may repeat a node, but one that
 * refers to a node containing it (`a: &x [*x]`) makes a loop no later step can walk or store: it is
 * refused here like any other invalid YAML, with an Error whose message says why.
 */
export function parseYamlData(text: string): unknown {
  const data: unknown = parse(text);
  assertNoLoop(data, new Set());
  return data;
}

function assertNoLoop(value: unknown, ancestors: Set<object>): void {
  if (value === null || typeof value !== 'object') return;
  if (ancestors.has(value)) throw new Error('an alias refers to a node that contains it (a loop)');
  ancestors.add(value);
  for (const item of value instanceof Map ? value.values() : Object.values(value)) assertNoLoop(item, ancestors);
  ancestors.delete(value);
}
