import { type Harness, startHarness } from '../test-support/harness';
import { type Caller, callerWith, localAdminSecret, okWith, userWithToken } from '../test-support/auth';

/**
 * Issue 18, finding 8: the audit trail (GraphQL and the export) shows a maintainer the events of
 * their projects, but not those about a restricted entity they are not granted: a restricted run's
 * name and params stay hidden there as everywhere else.
 */
let harness: Harness;
let admin: Caller;
const secrets: Record<string, string> = {};
const SECRET_RUN = 'run:nightingale-1';
const OPEN_RUN = 'run:open-1';
const TRAIL = `query($p: ID, $first: Int) { auditTrail(projectId: $p, first: $first) { entityId action before after } }`;

beforeAll(async () => {
  harness = await startHarness({ auth: 'on' });
  admin = callerWith(harness, await localAdminSecret(harness));
  const ok = okWith(admin);
  await ok(`mutation { createProject(input: { slug: "alpha", name: "Alpha" }) { id } }`);
  for (const handle of ['mia', 'tom']) secrets[handle] = await userWithToken(admin, handle);
  for (const member of ['user:mia', 'user:tom']) {
    await ok(
      `mutation($m: ID!) { grantProjectRole(projectId: "project:alpha", memberId: $m, role: MAINTAINER) { role } }`,
      {
        m: member,
      },
    );
  }
  await ok(`mutation { createExperiment(input: { projectId: "project:alpha", slug: "exp", name: "Exp" }) { id } }`);
  await ok(`mutation {
    a: startRun(input: { id: "${SECRET_RUN}", name: "project-nightingale", experimentId: "experiment:alpha/exp", ownerId: "user:tom" }) { id }
    b: startRun(input: { id: "${OPEN_RUN}", name: "open", experimentId: "experiment:alpha/exp" }) { id }
  }`);
  await ok(
    `mutation { logParams(runId: "${SECRET_RUN}", params: [{ key: "cohort", value: "oncology-2026" }]) { id } }`,
  );
  await ok(`mutation { logParams(runId: "${OPEN_RUN}", params: [{ key: "lr", value: "0.1" }]) { id } }`);
  await ok(`mutation { setRestricted(entityId: "${SECRET_RUN}", restricted: true) { id } }`);
});
afterAll(() => harness.close());

const trailOf = async (handle: string, first = 500) =>
  (await okWith(callerWith(harness, secrets[handle]))(TRAIL, { p: 'project:alpha', first })).auditTrail as {
    entityId: string;
  }[];

const exportOf = async (handle: string) => {
  const base = harness.url.replace('/graphql', '');
  const response = await fetch(`${base}/api/audit/export?projectId=project:alpha`, {
    headers: { authorization: `Bearer ${secrets[handle]}` },
  });
  expect(response.status).toBe(200);
  return response.text();
};

describe('the audit trail of a project with a restricted run', () => {
  it("leaves the run's events out for a maintainer who is not granted it, in GraphQL and in the export", async () => {
    const events = await trailOf('mia');
    expect(events.some((event) => event.entityId === OPEN_RUN)).toBe(true);
    expect(events.some((event) => event.entityId === SECRET_RUN)).toBe(false);
    const exported = await exportOf('mia');
    expect(exported).toContain(OPEN_RUN);
    for (const text of [JSON.stringify(events), exported]) {
      expect(text).not.toContain('nightingale');
      expect(text).not.toContain('oncology');
    }
  });

  it('pages count only what the reader may read', async () => {
    const all = await trailOf('mia');
    const page = await trailOf('mia', 3);
    expect(page).toEqual(all.slice(0, 3));
  });

  it("shows them to the run's owner and, once granted, to the maintainer", async () => {
    expect((await trailOf('tom')).some((event) => event.entityId === SECRET_RUN)).toBe(true);
    await okWith(admin)(`mutation { grantReadAccess(entityId: "${SECRET_RUN}", memberId: "user:mia") { id } }`);
    expect((await trailOf('mia')).some((event) => event.entityId === SECRET_RUN)).toBe(true);
    expect(await exportOf('mia')).toContain('oncology');
  });
});
