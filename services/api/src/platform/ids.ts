import { createHash, randomBytes, randomUUID } from 'node:crypto';

/**
 * Every node's id is human-readable, globally unique and says its kind:
 * `project:churn`, `dataset:churn/transactions`, `dataset:churn/transactions@2026-10`, `run:3f9c2a7b1d04e8a6`.
 */
export const ids = {
  project: (slug: string) => `project:${slug}`,
  team: (slug: string) => `team:${slug}`,
  user: (handle: string) => `user:${handle}`,
  dataset: (project: string, slug: string) => `dataset:${project}/${slug}`,
  featureSet: (project: string, slug: string) => `featureset:${project}/${slug}`,
  experiment: (project: string, slug: string) => `experiment:${project}/${slug}`,
  model: (project: string, slug: string) => `model:${project}/${slug}`,
  deployment: (project: string, slug: string) => `deployment:${project}/${slug}`,
  /** A version hangs off its parent's id: `dataset:churn/transactions@2026-10`. */
  version: (parentId: string, version: string) => `${parentId}@${version}`,
  run: () => `run:${randomBytes(8).toString('hex')}`,
  auditEvent: () => `audit:${randomUUID()}`,
  param: (runId: string, key: string) => `${runId}/param/${key}`,
  metric: (runId: string, key: string) => `${runId}/metric/${key}`,
  runTag: (runId: string, key: string) => `${runId}/tag/${key}`,
};

/** The slug of a project from its id (`project:churn` → `churn`). */
export const slugOf = (id: string) => id.slice(id.indexOf(':') + 1);

/** Hex SHA-256 of some parts kept apart by NUL, for ids and digests derived from a client's names. */
export const sha256Hex = (...parts: string[]) => createHash('sha256').update(parts.join('\u0000')).digest('hex');
