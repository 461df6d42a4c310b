import type { Principal } from './access';
import { forbiddenSentence, memberIdOf, readableBy, restrictionAccess, restrictionOf } from './restricted';

const principal = (overrides: Partial<Principal>): Principal => ({
  actor: 'user:bob',
  authenticated: true,
  authMode: 'on',
  user: { id: 'user:bob', name: 'Bob' },
  orgRoles: [],
  projectRoles: [],
  ...overrides,
});

describe('restricted assets in the explorer', () => {
  test("a version's owners are its dataset's; an owner granted too is listed once", () => {
    const restriction = restrictionOf({
      id: 'dataset:churn/transactions-raw@2026-10',
      kind: 'DatasetVersion',
      restricted: true,
      readers: [
        { id: 'user:dana', name: 'Dana' },
        { id: 'team:risk-data', name: 'Risk data' },
      ],
      parent: { owners: [{ id: 'team:risk-data', name: 'Risk data' }], project: { id: 'project:churn' } },
    });
    expect(restriction).toEqual({
      restricted: true,
      owners: [{ id: 'team:risk-data', name: 'Risk data' }],
      readers: [{ id: 'user:dana', name: 'Dana' }],
      projectId: 'project:churn',
    });
    expect(readableBy(restriction)).toBe(
      'Readable by team:risk-data (owner) and user:dana (granted), and by org auditors and admins.',
    );
  });

  test('a FORBIDDEN read is said to the reader, in the words of the API', () => {
    expect(
      forbiddenSentence(
        'FORBIDDEN',
        'user:bob may not read dataset:fraud/card-holders: it is restricted to team:risk-data and those granted it.',
        'dataset:fraud/card-holders',
      ),
    ).toBe('You may not read dataset:fraud/card-holders: it is restricted to team:risk-data and those granted it.');
    expect(forbiddenSentence('NOT_FOUND', 'nope', 'x')).toBeNull();
    // A refusal of something else on the page is not a refusal to read the entity.
    expect(
      forbiddenSentence(
        'FORBIDDEN',
        'user:bob needs MAINTAINER on project:churn or the org AUDITOR role to read the audit trail of run:1; has VIEWER.',
        'run:1',
      ),
    ).toBeNull();
  });

  test('only maintainers (or org admins, or auth off) get the controls', () => {
    const on = (role: 'VIEWER' | 'EDITOR' | 'MAINTAINER') =>
      principal({ projectRoles: [{ projectId: 'project:churn', role, via: 'user:bob' }] });
    expect(restrictionAccess(on('MAINTAINER'), 'project:churn').allowed).toBe(true);
    expect(restrictionAccess(on('EDITOR'), 'project:churn')).toEqual({
      allowed: false,
      signIn: false,
      reason: 'Your role on project:churn is EDITOR; restrictions and read grants need MAINTAINER.',
    });
    expect(restrictionAccess(principal({ orgRoles: ['ADMIN'] }), null).allowed).toBe(true);
    expect(restrictionAccess(principal({ authMode: 'off', authenticated: false }), null).allowed).toBe(true);
  });

  test('a member is a user or a team id', () => {
    expect(memberIdOf(' user:dana ')).toBe('user:dana');
    expect(memberIdOf('team:risk-data')).toBe('team:risk-data');
    expect(memberIdOf('dana')).toBeNull();
  });
});
