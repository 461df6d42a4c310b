import { randomUUID } from 'node:crypto';
import { type Harness, startHarness } from '../test-support/harness';
import {
  type Caller,
  callerWith,
  graphWithoutTrail,
  localAdminSecret,
  okWith,
  userWithToken,
} from '../test-support/auth';
import { CALLS } from '../test-support/mutation-calls';
import { mnemoSchema } from '../schema';
import { ACCESS_DENIED, ACTION_ROLES, type AccessRule } from './roles';

/**
 * ROLE × MUTATION: every mutation of the schema (the audit coverage table, one successful call of
 * each, in an order where each finds what it needs) as each kind of caller, against the policy
 * written out here independently of the code: who may do what an action's rule demands. A refused
 * call must leave the graph exactly as it was but for one access.denied event (none for an
 * anonymous caller); after it, the org admin makes the call so the next one finds what it needs.
 */
const SUBJECTS = [
  'anonymous',
  'no role',
  'VIEWER',
  'EDITOR (through a team)',
  'MAINTAINER',
  'project ADMIN',
  'org AUDITOR',
  'org ADMIN',
] as const;
type Subject = (typeof SUBJECTS)[number];

const EVERYONE_SIGNED_IN = SUBJECTS.filter((subject) => subject !== 'anonymous');
const ALLOWED: Record<AccessRule, readonly Subject[]> = {
  VIEWER: ['VIEWER', 'EDITOR (through a team)', 'MAINTAINER', 'project ADMIN', 'org ADMIN'],
  EDITOR: ['EDITOR (through a team)', 'MAINTAINER', 'project ADMIN', 'org ADMIN'],
  MAINTAINER: ['MAINTAINER', 'project ADMIN', 'org ADMIN'],
  ADMIN: ['project ADMIN', 'org ADMIN'],
  ORG_ADMIN: ['org ADMIN'],
  // The table's token calls act on user:cov-user, whom no subject is (own tokens: tokens.test.ts).
  SELF: ['org ADMIN'],
  // Likewise the migration's acknowledgements are user:cov-user's (owners answering: planned-migrations.test.ts).
  OWNER: ['org ADMIN'],
  AUTHENTICATED: EVERYONE_SIGNED_IN,
};

/** The mutations that create a catalog entity under an id the caller gives. */
const CATALOG_CREATES = new Set([
  'createProject',
  'createTeam',
  'createUser',
  'registerDataset',
  'registerFeatureSet',
  'registerModel',
  'createExperiment',
  'createDeployment',
]);

const PROJECT_ROLE: Partial<Record<Subject, string>> = {
  VIEWER: 'VIEWER',
  'EDITOR (through a team)': 'EDITOR',
  MAINTAINER: 'MAINTAINER',
  'project ADMIN': 'ADMIN',
};
const ORG_ROLE: Partial<Record<Subject, string>> = { 'org AUDITOR': 'AUDITOR', 'org ADMIN': 'ADMIN' };

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness({ auth: 'on' });
});
afterAll(() => harness.close());

async function send(secret: string | null, query: string, variables: Record<string, unknown>, requestId: string) {
  const response = await fetch(harness.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-request-id': requestId,
      ...(secret ? { authorization: `Bearer ${secret}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { errors?: { message: string; extensions?: { code?: string } }[] };
}

async function eventsOf(requestId: string) {
  return harness.db.runScript(
    'MATCH (e:AuditEvent {requestId: $requestId}) RETURN e.action AS action, e.actor AS actor, e.after AS after',
    { requestId },
  );
}

/** A fresh graph with the local admin and the subject's user, token and org role. */
async function setUp(subject: Subject): Promise<{ admin: Caller; secret: string | null }> {
  await harness.db.runScript('MATCH (n) WHERE NOT n:Migration CALL (n) { DETACH DELETE n } IN TRANSACTIONS');
  const admin = callerWith(harness, await localAdminSecret(harness));
  if (subject === 'anonymous') return { admin, secret: null };
  const teamIds = subject === 'EDITOR (through a team)' ? ['team:cov-editors'] : [];
  if (teamIds.length)
    await okWith(admin)(`mutation { createTeam(input: { slug: "cov-editors", name: "Editors" }) { id } }`);
  const secret = await userWithToken(admin, 'subject', teamIds);
  if (ORG_ROLE[subject]) {
    await okWith(admin)(
      `mutation($r: OrgRole!) { setOrgRole(userId: "user:subject", role: $r, granted: true) { id } }`,
      {
        r: ORG_ROLE[subject],
      },
    );
  }
  return { admin, secret };
}

describe('role × mutation', () => {
  it('covers every mutation of the schema, each with a rule', () => {
    const mutations = Object.keys(mnemoSchema().getMutationType()!.getFields()).sort();
    expect(CALLS.map(([name]) => name).sort()).toEqual(mutations);
    for (const [name, call] of CALLS)
      expect({ name, rule: ACTION_ROLES[call.action] }).toEqual({ name, rule: expect.any(String) });
  });

  const cells: { subject: Subject; mutation: string; outcome: string }[] = [];
  /** Refused calls repeated once what they write exists (the "entity already there" branch). */
  const againCells: { subject: Subject; mutation: string; expected: string; got: string }[] = [];

  it.each(SUBJECTS)(
    'as %s, allows and refuses each mutation as the policy says',
    async (subject) => {
      const { admin, secret } = await setUp(subject);
      const adminOk = okWith(admin);
      for (const [mutation, call] of CALLS) {
        const variables = { ...call.variables, ...(await call.prepare?.((query) => adminOk(query))) };
        const allowed = ALLOWED[ACTION_ROLES[call.action]].includes(subject);
        const requestId = `matrix-${randomUUID()}`;
        if (allowed) {
          const result = await send(secret, call.query, variables, requestId);
          expect({ subject, mutation, errors: result.errors }).toEqual({ subject, mutation, errors: undefined });
          expect((await eventsOf(requestId)).map((event) => event.action)).toContain(call.action);
          cells.push({ subject, mutation, outcome: 'allowed' });
        } else {
          const before = await graphWithoutTrail(harness);
          const result = await send(secret, call.query, variables, requestId);
          const code = subject === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN';
          expect({ subject, mutation, code: result.errors?.[0]?.extensions?.code }).toEqual({
            subject,
            mutation,
            code,
          });
          expect({ subject, mutation, unchanged: (await graphWithoutTrail(harness)) === before }).toEqual({
            subject,
            mutation,
            unchanged: true,
          });
          const events = await eventsOf(requestId);
          if (code === 'FORBIDDEN') {
            expect(result.errors![0].message).toContain(`user:subject needs`);
            expect(events.map((event) => [event.action, event.actor, JSON.parse(String(event.after)).action])).toEqual([
              [ACCESS_DENIED, 'user:subject', call.action],
            ]);
          } else {
            expect(events).toEqual([]);
          }
          cells.push({ subject, mutation, outcome: code });
          await okWith(admin)(call.query, variables); // so the next call finds what it needs
          // The same call again, now that what it writes exists: refused the same way, before anything
          // is compared with what is stored (no CONFLICT or "already so" that would tell what is there).
          const againId = `matrix-again-${randomUUID()}`;
          const again = await send(secret, call.query, variables, againId);
          againCells.push({ subject, mutation, expected: code, got: again.errors?.[0]?.extensions?.code ?? 'allowed' });
        }
        if (mutation === 'createProject' && PROJECT_ROLE[subject]) {
          const member = subject === 'EDITOR (through a team)' ? 'team:cov-editors' : 'user:subject';
          await adminOk(
            `mutation($m: ID!, $r: ProjectRole!) { grantProjectRole(projectId: "project:cov", memberId: $m, role: $r) { role } }`,
            {
              m: member,
              r: PROJECT_ROLE[subject],
            },
          );
        }
      }
    },
    300_000,
  );

  it('refuses a call repeated on what it wrote exactly as the first time', () => {
    // Creates are the exception: a create of an id that exists answers CONFLICT to any signed-in
    // caller, since clients (the Python SDK) ensure a project or experiment by creating it.
    const answers = (cell: (typeof againCells)[number]) =>
      CATALOG_CREATES.has(cell.mutation) && cell.expected === 'FORBIDDEN' ? 'CONFLICT' : cell.expected;
    expect(againCells.filter((cell) => cell.got !== answers(cell))).toEqual([]);
    expect(againCells.length).toBe(cells.filter((cell) => cell.outcome !== 'allowed').length);
  });

  it('ran every cell of the table', () => {
    expect(cells.length).toBe(SUBJECTS.length * CALLS.length);
    console.log(
      `role × mutation: ${SUBJECTS.length} callers × ${CALLS.length} mutations = ${cells.length} cells, ` +
        `${cells.filter((cell) => cell.outcome === 'allowed').length} allowed, ` +
        `${cells.filter((cell) => cell.outcome === 'FORBIDDEN').length} FORBIDDEN, ` +
        `${cells.filter((cell) => cell.outcome === 'UNAUTHENTICATED').length} UNAUTHENTICATED; ` +
        `${againCells.length} refusals repeated on what exists`,
    );
  });
});
