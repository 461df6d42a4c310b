import { type Harness, startHarness } from '../test-support/harness';
import {
  type Caller,
  callerWith,
  graphWithoutTrail,
  localAdminSecret,
  okWith,
  userWithToken,
} from '../test-support/auth';
import { seedMigrationChain } from '../test-support/migration-fixtures';

/**
 * Planned migrations through GraphQL with authentication on: who may plan, who may answer for whom,
 * the frozen impact report against today's, and the production deployments still at risk.
 *
 * The chain of test-support/migration-fixtures.ts, in project:mig.
 */
let harness: Harness;
let admin: Caller;
const callers: Record<string, Caller> = {};
const MIGRATION = 'dataset:mig/orders@1/migration/1';

const STATUS = `query($id: ID!) { migration(id: $id) {
  id changeKind columns plannedBy
  acknowledgements { ownerId state comment respondedBy }
  status {
    atRisk summary
    planned { total items { id production ownerIds } owners { ownerId } }
    current { total }
    newConsumers { id } vanishedConsumers { id }
    productionDeploymentsAtRisk { deployment { id } waitingOn { ownerId state } reason }
  }
} }`;
const PLAN = `mutation($t: ID!, $k: MigrationKind!, $c: [String!]) {
  planMigration(target: $t, kind: $k, columns: $c, effectiveAt: "2027-01-15T00:00:00Z", note: "orders@2 replaces it") { id name }
}`;
const ACK = `mutation($id: ID!, $o: ID) { acknowledgeMigration(id: $id, ownerId: $o, comment: "Seen") { ownerId state respondedBy } }`;

beforeAll(async () => {
  harness = await startHarness({ auth: 'on' });
  admin = callerWith(harness, await localAdminSecret(harness));
  const ok = okWith(admin);
  await ok(`mutation {
    createProject(input: { slug: "mig", name: "Migrations" }) { id }
    a: createTeam(input: { slug: "warehouse", name: "Warehouse" }) { id }
    b: createTeam(input: { slug: "ml-platform", name: "ML platform" }) { id }
  }`);
  const people: [string, string[], string | null][] = [
    ['maintainer', [], 'MAINTAINER'],
    ['editor', [], 'EDITOR'],
    ['bo', [], 'VIEWER'],
    ['pia', ['team:ml-platform'], 'VIEWER'],
  ];
  for (const [handle, teams, role] of people) {
    callers[handle] = callerWith(harness, await userWithToken(admin, handle, teams));
    if (role)
      await ok(
        `mutation($m: ID!, $r: ProjectRole!) { grantProjectRole(projectId: "project:mig", memberId: $m, role: $r) { role } }`,
        {
          m: `user:${handle}`,
          r: role,
        },
      );
  }
  await ok(`mutation { createUser(input: { handle: "carl", name: "Carl" }) { id } }`);
  await seedMigrationChain(ok);
});
afterAll(() => harness.close());

async function expectRefused(caller: Caller, query: string, variables: Record<string, unknown>, code: string) {
  const before = await graphWithoutTrail(harness);
  const result = await caller(query, variables);
  expect(result.errors?.[0]?.extensions?.code).toBe(code);
  expect((await graphWithoutTrail(harness)) === before).toBe(true);
  return result.errors![0].message;
}

const audited = async (action: string) =>
  await harness.db.runScript(
    'MATCH (e:AuditEvent {action: $action}) RETURN e.actor AS actor, e.after AS after ORDER BY e.at',
    { action },
  );

describe('planning a migration', () => {
  it('is refused to an editor of the project, and changes nothing', async () => {
    const message = await expectRefused(callers.editor, PLAN, { t: 'dataset:mig/orders@1', k: 'DROP' }, 'FORBIDDEN');
    expect(message).toContain('needs MAINTAINER on project:mig to planned-migration.planned');
  });

  it('refuses bad input in words and changes nothing', async () => {
    expect(
      await expectRefused(callers.maintainer, PLAN, { t: 'dataset:mig/nowhere@1', k: 'DROP' }, 'NOT_FOUND'),
    ).toContain('dataset:mig/nowhere@1');
    expect(
      await expectRefused(
        callers.maintainer,
        PLAN,
        { t: 'dataset:mig/orders@1', k: 'RETYPE_COLUMNS' },
        'BAD_USER_INPUT',
      ),
    ).toContain('columns must name the columns to retype');
    expect(
      await expectRefused(
        callers.maintainer,
        PLAN,
        { t: 'dataset:mig/orders', k: 'DROP', c: ['amount'] },
        'BAD_USER_INPUT',
      ),
    ).toContain('Columns belong to a version');
    expect(
      await expectRefused(callers.maintainer, PLAN, { t: 'model:mig/clf@1', k: 'DROP' }, 'BAD_USER_INPUT'),
    ).toContain('is a ModelVersion');
  });

  it('by a maintainer freezes the impact report and opens one pending acknowledgement per owner downstream', async () => {
    const { data } = await callers.maintainer(PLAN, { t: 'dataset:mig/orders@1', k: 'DROP' });
    expect(data?.planMigration).toEqual({ id: MIGRATION, name: 'DROP dataset:mig/orders@1' });
    const { migration } = await okWith(callers.bo)(STATUS, { id: MIGRATION });
    expect(migration.plannedBy).toBe('user:maintainer');
    expect(migration.acknowledgements).toEqual([
      { ownerId: 'team:ml-platform', state: 'PENDING', comment: null, respondedBy: null },
      { ownerId: 'user:admin', state: 'PENDING', comment: null, respondedBy: null }, // who started the run
      { ownerId: 'user:bo', state: 'PENDING', comment: null, respondedBy: null },
    ]);
    const planned = migration.status.planned;
    expect(planned.items.map((item: { id: string }) => item.id).sort()).toEqual(
      ['deployment:mig/prod', 'featureset:mig/feats@1', 'model:mig/clf@1', 'run:mig-train-1'].sort(),
    );
    expect(planned.items.find((item: { id: string }) => item.id === 'deployment:mig/prod').production).toBe(true);
    expect(migration.status.current.total).toBe(planned.total);
    expect(migration.status.atRisk).toBe(true);
    expect(migration.status.productionDeploymentsAtRisk).toEqual([
      {
        deployment: { id: 'deployment:mig/prod' },
        waitingOn: [{ ownerId: 'team:ml-platform', state: 'PENDING' }],
        reason: 'team:ml-platform has not answered',
      },
    ]);
    expect((await audited('planned-migration.planned')).map((e) => e.actor)).toEqual(['user:maintainer']);
    // Each owner is told in the same transaction (the outbox), with the path to what of theirs it reaches.
    expect(await migrationNotices(callers.bo)).toEqual([['migration.planned', MIGRATION, 'user:bo']]);
  });
});

const INBOX = `{ inbox { notifications { event subjectId whyPath } } }`;
/** A caller's notifications about migrations, oldest first: event, subject, the last step of the why-path. */
async function migrationNotices(caller: Caller) {
  const { inbox } = await okWith(caller)(INBOX);
  return (inbox.notifications as { event: string; subjectId: string; whyPath: string[] }[])
    .filter((n) => n.event.startsWith('migration.'))
    .map((n) => [n.event, n.subjectId, n.whyPath.at(-1)])
    .reverse();
}

describe('answering a migration', () => {
  it('is refused to an owner answering for another owner, while pending and once answered', async () => {
    expect(await expectRefused(callers.bo, ACK, { id: MIGRATION, o: 'team:ml-platform' }, 'FORBIDDEN')).toContain(
      'to be team:ml-platform or one of its members',
    );
    await expectRefused(callers.maintainer, ACK, { id: MIGRATION, o: 'user:bo' }, 'FORBIDDEN');
    await okWith(callers.bo)(ACK, { id: MIGRATION });
    await expectRefused(callers.pia, ACK, { id: MIGRATION, o: 'user:bo' }, 'FORBIDDEN');
  });

  it('lets a member of an owner team answer for the team, which clears the production deployment', async () => {
    const { acknowledgeMigration } = await okWith(callers.pia)(ACK, { id: MIGRATION, o: 'team:ml-platform' });
    expect(acknowledgeMigration).toEqual({
      ownerId: 'team:ml-platform',
      state: 'ACKNOWLEDGED',
      respondedBy: 'user:pia',
    });
    const { migration } = await okWith(callers.bo)(STATUS, { id: MIGRATION });
    expect(migration.status.atRisk).toBe(false);
    expect(migration.status.productionDeploymentsAtRisk).toEqual([]);
  });

  it('needs a comment to object, and shows the objection with it', async () => {
    const OBJECT = `mutation($c: String!) { objectToMigration(id: "${MIGRATION}", comment: $c) { state comment } }`;
    expect(await expectRefused(callers.bo, OBJECT, { c: ' ' }, 'BAD_USER_INPUT')).toContain('comment');
    const { objectToMigration } = await okWith(callers.bo)(OBJECT, { c: 'feats@1 still reads orders@1' });
    expect(objectToMigration).toEqual({ state: 'OBJECTED', comment: 'feats@1 still reads orders@1' });
    const { migration } = await okWith(callers.bo)(STATUS, { id: MIGRATION });
    expect(migration.acknowledgements.find((a: { ownerId: string }) => a.ownerId === 'user:bo')).toEqual({
      ownerId: 'user:bo',
      state: 'OBJECTED',
      comment: 'feats@1 still reads orders@1',
      respondedBy: 'user:bo',
    });
  });

  it('refuses an owner the migration did not ask', async () => {
    const ask = `mutation { markMigrationReady(id: "${MIGRATION}", ownerId: "user:carl") { state } }`;
    expect(await expectRefused(admin, ask, {}, 'BAD_USER_INPUT')).toContain('user:carl is not among the owners');
  });
});

describe('the blast radius since planning', () => {
  it('flags a production deployment that appeared after planning as new, at risk until its owner is asked', async () => {
    await okWith(admin)(
      `mutation { createDeployment(input: { projectId: "project:mig", slug: "prod-eu", name: "Scoring EU", environment: PROD, modelVersionId: "model:mig/clf@1", ownerIds: ["user:carl"] }) { id } }`,
    );
    const { migration } = await okWith(callers.bo)(STATUS, { id: MIGRATION });
    expect(migration.status.newConsumers).toEqual([{ id: 'deployment:mig/prod-eu' }]);
    expect(migration.status.vanishedConsumers).toEqual([]);
    expect(migration.status.current.total).toBe(migration.status.planned.total + 1);
    expect(migration.status.productionDeploymentsAtRisk).toEqual([
      {
        deployment: { id: 'deployment:mig/prod-eu' },
        waitingOn: [{ ownerId: 'user:carl', state: 'NOT_ASKED' }],
        reason: 'user:carl was not asked (it appeared after planning)',
      },
    ]);
    expect(migration.status.summary).toContain('1 new consumer(s) since planning');
  });
});

describe('reminding the owners', () => {
  const REMIND = `mutation { remindMigrationOwners(id: "${MIGRATION}") { id } }`;

  it('is refused to an editor', async () => {
    await expectRefused(callers.editor, REMIND, {}, 'FORBIDDEN');
  });

  it('records a reminder naming the owners who have not cleared the migration', async () => {
    await okWith(callers.maintainer)(REMIND);
    const events = await audited('planned-migration.reminder-requested');
    expect(events.map((e) => [e.actor, JSON.parse(String(e.after))])).toEqual([
      ['user:maintainer', { ownerIds: ['user:admin', 'user:bo'] }],
    ]);
    expect(await migrationNotices(callers.bo)).toEqual([
      ['migration.planned', MIGRATION, 'user:bo'],
      ['migration.reminder', MIGRATION, 'user:bo'],
    ]);
  });
});

describe('listing migrations', () => {
  it('lists a dataset’s migrations, its versions’ included, with their acknowledgements in one query', async () => {
    await okWith(callers.maintainer)(PLAN, { t: 'dataset:mig/orders', k: 'DEPRECATE' });
    const { migrations } = await okWith(callers.bo)(
      `{ migrations(targetId: "dataset:mig/orders") { id changeKind acknowledgements { ownerId } } }`,
    );
    expect(migrations.map((m: { id: string }) => m.id)).toEqual(['dataset:mig/orders/migration/1', MIGRATION]);
    expect(migrations[0].acknowledgements).toHaveLength(4); // as above, and carl, who owns prod-eu now
    harness.roundTrips.reset();
    await okWith(callers.bo)(`{ migrations(projectId: "project:mig") { id acknowledgements { state } } }`);
    // The caller's token, the list, the read guard and one query for every migration's acknowledgements.
    expect(harness.roundTrips.count).toBeLessThanOrEqual(4);
  });
});
