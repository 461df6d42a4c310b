import { createHash } from 'node:crypto';
import type { Harness } from './harness';

/** A well-formed content digest for a label, so fixtures read as what they stand for. */
export const digestOf = (label: string) => `sha256:${createHash('sha256').update(label).digest('hex')}`;

/** A project `churn` with team `risk-data`, user `alice`, dataset `transactions` and experiment `xgb`. */
export async function seedChurnProject(harness: Harness): Promise<void> {
  await harness.ok(`mutation {
    createProject(input: { slug: "churn", name: "Customer churn" }) { id }
    createTeam(input: { slug: "risk-data", name: "Risk data" }) { id }
  }`);
  await harness.ok(`mutation {
    createUser(input: { handle: "alice", name: "Alice", teamIds: ["team:risk-data"] }) { id }
  }`);
  await harness.ok(`mutation {
    registerDataset(input: { projectId: "project:churn", slug: "transactions", name: "Transactions", ownerIds: ["team:risk-data"] }) { id }
    registerFeatureSet(input: { projectId: "project:churn", slug: "customer", name: "Customer features" }) { id }
    createExperiment(input: { projectId: "project:churn", slug: "xgb", name: "XGBoost baseline", ownerIds: ["user:alice"] }) { id }
    registerModel(input: { projectId: "project:churn", slug: "churn-classifier", name: "Churn classifier" }) { id }
  }`);
}
