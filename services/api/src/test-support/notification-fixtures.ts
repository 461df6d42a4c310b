import { digestOf, seedChurnProject } from './fixtures';
import type { Harness } from './harness';

export const REGISTER_DATASET_VERSION = `mutation($input: RegisterDatasetVersionInput!) { registerDatasetVersion(input: $input) { id } }`;

/**
 * The churn project with an owner downstream: bob (VIEWER on churn) owns features-daily@1, derived
 * from transactions@1 (one column, id int64), and has a webhook endpoint at `webhookUrl`, so a
 * schema change of transactions tells bob there. Answers the endpoint's id and secret.
 */
export async function seedDownstreamOwner(
  harness: Harness,
  webhookUrl: string,
): Promise<{ endpointId: string; secret: string }> {
  await seedChurnProject(harness);
  await harness.ok(`mutation { createUser(input: { handle: "bob", name: "Bob" }) { id } }`);
  // Bob may read churn's things: nobody is told about what they may not read.
  await harness.ok(`mutation {
    grantProjectRole(projectId: "project:churn", memberId: "user:bob", role: VIEWER) { role }
    registerDataset(input: { projectId: "project:churn", slug: "features-daily", name: "Daily features", ownerIds: ["user:bob"] }) { id }
  }`);
  await harness.ok(REGISTER_DATASET_VERSION, {
    input: {
      datasetId: 'dataset:churn/transactions',
      version: '1',
      digest: digestOf('transactions-1'),
      schema: [{ name: 'id', type: 'int64' }],
    },
  });
  await harness.ok(REGISTER_DATASET_VERSION, {
    input: {
      datasetId: 'dataset:churn/features-daily',
      version: '1',
      digest: digestOf('features-1'),
      derivedFromIds: ['dataset:churn/transactions@1'],
    },
  });
  const { registerWebhookEndpoint } = await harness.ok(
    `mutation($url: String!) { registerWebhookEndpoint(input: { url: $url, ownerId: "user:bob" }) { endpoint { id } secret } }`,
    { url: webhookUrl },
  );
  return { endpointId: registerWebhookEndpoint.endpoint.id, secret: registerWebhookEndpoint.secret };
}
