import { expectRefusedWithoutChange, type Harness, startHarness } from '../test-support/harness';

const CREATE_PROJECT = `mutation($input: CreateProjectInput!) { createProject(input: $input) { id slug name description tags createdAt } }`;
const CREATE_TEAM = `mutation($input: CreateTeamInput!) { createTeam(input: $input) { id name } }`;
const CREATE_USER = `mutation($input: CreateUserInput!) { createUser(input: $input) { id name email teams { id } } }`;
const REGISTER_DATASET = `mutation($input: RegisterDatasetInput!) {
  registerDataset(input: $input) { id name tags project { id } owners { __typename ... on Team { id } ... on User { id } } }
}`;

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness.close());

describe('projects, teams and users', () => {
  it('creates a project with a readable id and records who did it', async () => {
    const { createProject } = await harness.ok(CREATE_PROJECT, {
      input: { slug: 'churn', name: 'Customer churn', description: 'Who leaves and why', tags: ['retention'] },
    });
    expect(createProject).toMatchObject({
      id: 'project:churn',
      slug: 'churn',
      name: 'Customer churn',
      tags: ['retention'],
    });
    const { auditTrail } = await harness.ok(
      `{ auditTrail(entityId: "project:churn") { action actor entityKind after } }`,
    );
    expect(auditTrail).toHaveLength(1);
    expect(auditTrail[0]).toMatchObject({ action: 'project.created', actor: 'user:tester', entityKind: 'Project' });
    expect(JSON.parse(auditTrail[0].after)).toMatchObject({ id: 'project:churn', name: 'Customer churn' });
  });

  it('creates teams and users, with memberships', async () => {
    await harness.ok(CREATE_TEAM, { input: { slug: 'risk-data', name: 'Risk data' } });
    const { createUser } = await harness.ok(CREATE_USER, {
      input: { handle: 'alice', name: 'Alice Martin', email: 'alice@example.org', teamIds: ['team:risk-data'] },
    });
    expect(createUser).toEqual({
      id: 'user:alice',
      name: 'Alice Martin',
      email: 'alice@example.org',
      teams: [{ id: 'team:risk-data' }],
    });
    const { team } = await harness.ok(`{ team(id: "team:risk-data") { members { id } } }`);
    expect(team.members).toEqual([{ id: 'user:alice' }]);
    const { auditTrail } = await harness.ok(`{ auditTrail(entityId: "user:alice") { action after } }`);
    expect(auditTrail).toHaveLength(1);
    expect(JSON.parse(auditTrail[0].after)).toMatchObject({ id: 'user:alice', teamIds: ['team:risk-data'] });
  });

  it('refuses a duplicate project with CONFLICT and changes nothing', async () => {
    const refused = await expectRefusedWithoutChange(harness, CREATE_PROJECT, {
      input: { slug: 'churn', name: 'Again' },
    });
    expect(refused.code).toBe('CONFLICT');
    expect(refused.message).toContain('project:churn');
  });

  it.each([
    ['a missing name', { slug: 'p1' }, 'BAD_USER_INPUT'],
    ['a name of the wrong type', { slug: 'p1', name: 42 }, 'BAD_USER_INPUT'],
    ['a slug with spaces', { slug: 'my project', name: 'x' }, 'BAD_USER_INPUT'],
    ['an oversized description', { slug: 'p1', name: 'x', description: 'x'.repeat(10_001) }, 'BAD_USER_INPUT'],
    ['a blank name', { slug: 'p1', name: '   ' }, 'BAD_USER_INPUT'],
  ])('refuses a project with %s and changes nothing', async (_case, input, code) => {
    const refused = await expectRefusedWithoutChange(harness, CREATE_PROJECT, { input });
    expect(refused.code).toBe(code);
  });

  it('refuses a user in an unknown team with NOT_FOUND and changes nothing', async () => {
    const refused = await expectRefusedWithoutChange(harness, CREATE_USER, {
      input: { handle: 'bob', name: 'Bob', teamIds: ['team:nobody'] },
    });
    expect(refused.code).toBe('NOT_FOUND');
    expect(refused.message).toContain('team:nobody');
  });

  it('refuses a malformed email, naming the field', async () => {
    const refused = await expectRefusedWithoutChange(harness, CREATE_USER, {
      input: { handle: 'bob', name: 'Bob', email: 'bob' },
    });
    expect(refused.code).toBe('BAD_USER_INPUT');
    expect(refused.message).toContain('email');
  });
});

describe('datasets', () => {
  it('registers a dataset in a project with owners', async () => {
    const { registerDataset } = await harness.ok(REGISTER_DATASET, {
      input: {
        projectId: 'project:churn',
        slug: 'transactions',
        name: 'Transactions',
        tags: ['pii'],
        ownerIds: ['team:risk-data', 'user:alice'],
      },
    });
    expect(registerDataset.id).toBe('dataset:churn/transactions');
    expect(registerDataset.project).toEqual({ id: 'project:churn' });
    expect(registerDataset.owners).toEqual(
      expect.arrayContaining([
        { __typename: 'Team', id: 'team:risk-data' },
        { __typename: 'User', id: 'user:alice' },
      ]),
    );
  });

  it('lists every problem of a bad registration at once', async () => {
    const refused = await expectRefusedWithoutChange(harness, REGISTER_DATASET, {
      input: { projectId: 'dataset:nope', slug: 'Bad Slug', name: '', tags: ['x'.repeat(101)] },
    });
    expect(refused.code).toBe('BAD_USER_INPUT');
    for (const field of ['projectId', 'slug', 'name', 'tags[0]']) expect(refused.message).toContain(field);
  });

  it('refuses unknown projects and owners with NOT_FOUND', async () => {
    const refused = await expectRefusedWithoutChange(harness, REGISTER_DATASET, {
      input: { projectId: 'project:ghost', slug: 'x', name: 'X', ownerIds: ['user:ghost'] },
    });
    expect(refused.code).toBe('NOT_FOUND');
    expect(refused.message).toContain('project:ghost');
    expect(refused.message).toContain('user:ghost');
  });

  it('pages through datasets by cursor and filters by tag and owner', async () => {
    for (const slug of ['a-events', 'b-events', 'c-events']) {
      await harness.ok(REGISTER_DATASET, {
        input: { projectId: 'project:churn', slug, name: slug, tags: ['events'], ownerIds: ['user:alice'] },
      });
    }
    const page = `query($after: String, $filter: CatalogFilter) { datasets(first: 2, after: $after, filter: $filter) { nodes { id } pageInfo { endCursor hasNextPage } } }`;
    const first = (await harness.ok(page, { filter: { tag: 'events' } })).datasets;
    expect(first.nodes.map((n: { id: string }) => n.id)).toEqual(['dataset:churn/a-events', 'dataset:churn/b-events']);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = (await harness.ok(page, { filter: { tag: 'events' }, after: first.pageInfo.endCursor })).datasets;
    expect(second.nodes.map((n: { id: string }) => n.id)).toEqual(['dataset:churn/c-events']);
    expect(second.pageInfo.hasNextPage).toBe(false);
    const byTeam = (await harness.ok(page, { filter: { ownerId: 'team:risk-data' } })).datasets;
    expect(byTeam.nodes).toEqual([{ id: 'dataset:churn/transactions' }]);
  });

  it('answers a forged cursor with BAD_USER_INPUT', async () => {
    const result = await harness.gql(`{ datasets(after: "not-a-cursor") { nodes { id } } }`);
    expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('finds any node by id through the Node interface', async () => {
    const { node, missing } = await harness.ok(
      `{ node(id: "dataset:churn/transactions") { __typename id kind ... on Dataset { name } } missing: node(id: "dataset:none") { id } }`,
    );
    expect(node).toEqual({
      __typename: 'Dataset',
      id: 'dataset:churn/transactions',
      kind: 'Dataset',
      name: 'Transactions',
    });
    expect(missing).toBeNull();
  });
});
