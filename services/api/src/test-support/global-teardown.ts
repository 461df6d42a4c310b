import { rmSync } from 'node:fs';
import type { LocalNeo4j } from '@mnemo/neo4j-local';

export default async function globalTeardown() {
  const state = (globalThis as { mnemoTestNeo4j?: { instances: LocalNeo4j[]; root: string } }).mnemoTestNeo4j;
  if (!state) return;
  await Promise.all(state.instances.map((instance) => instance.stop()));
  rmSync(state.root, { recursive: true, force: true });
}
