import { entityProjectId, type Principal, rolesByProject, writeAccess } from './access';
import { afterSignIn, signInHref } from './routes';

const principal = (overrides: Partial<Principal>): Principal => ({
  actor: 'user:bob',
  authenticated: true,
  authMode: 'on',
  user: { id: 'user:bob', name: 'Bob' },
  orgRoles: [],
  projectRoles: [],
  ...overrides,
});

describe('which write controls the explorer shows', () => {
  test('with auth off, or an API that cannot say who is calling, everyone gets the controls', () => {
    expect(writeAccess(principal({ authMode: 'off', authenticated: false }), 'project:churn', 'reviews')).toEqual({
      allowed: true,
    });
    expect(writeAccess(null, 'project:churn', 'reviews')).toEqual({ allowed: true });
  });

  test('an anonymous visitor is asked to sign in', () => {
    expect(writeAccess(principal({ authenticated: false, user: null }), 'project:churn', 'reviews')).toEqual({
      allowed: false,
      signIn: true,
      reason: 'Sign in with a token to write reviews.',
    });
  });

  test('a viewer is told their role and the one needed; an editor, a maintainer and an org admin may write', () => {
    const grant = (role: 'VIEWER' | 'EDITOR' | 'MAINTAINER') =>
      principal({ projectRoles: [{ projectId: 'project:churn', role, via: 'user:bob' }] });
    expect(writeAccess(grant('VIEWER'), 'project:churn', 'reviews')).toEqual({
      allowed: false,
      signIn: false,
      reason: 'Your role on project:churn is VIEWER; reviews need EDITOR.',
    });
    expect(writeAccess(grant('EDITOR'), 'project:churn', 'reviews').allowed).toBe(true);
    expect(writeAccess(grant('MAINTAINER'), 'project:churn', 'reviews').allowed).toBe(true);
    expect(writeAccess(grant('EDITOR'), 'project:churn', 'promotions', 'MAINTAINER').allowed).toBe(false);
    expect(writeAccess(principal({ orgRoles: ['ADMIN'] }), 'project:churn', 'reviews').allowed).toBe(true);
    expect(writeAccess(principal({ orgRoles: ['ADMIN'] }), null, 'reviews').allowed).toBe(true);
  });

  test("a role in another project, or a team's role, counts only where it is held, at its highest", () => {
    const bob = principal({
      projectRoles: [
        { projectId: 'project:fraud', role: 'ADMIN', via: 'user:bob' },
        { projectId: 'project:churn', role: 'VIEWER', via: 'user:bob' },
        { projectId: 'project:churn', role: 'EDITOR', via: 'team:risk' },
      ],
    });
    expect(writeAccess(bob, 'project:churn', 'reviews').allowed).toBe(true);
    expect(writeAccess(bob, 'project:search', 'reviews')).toEqual({
      allowed: false,
      signIn: false,
      reason: 'You hold no role on project:search; reviews need EDITOR on project:search.',
    });
    expect(rolesByProject(bob)).toEqual([
      { projectId: 'project:churn', role: 'EDITOR' },
      { projectId: 'project:fraud', role: 'ADMIN' },
    ]);
  });

  test('an auditor reads everything and writes nothing, and is told so', () => {
    expect(writeAccess(principal({ orgRoles: ['AUDITOR'] }), 'project:churn', 'reviews')).toEqual({
      allowed: false,
      signIn: false,
      reason:
        'Your org role is AUDITOR, which reads everything and writes nothing; reviews need EDITOR on project:churn.',
    });
  });

  test('an entity whose project the API does not name is left to org admins', () => {
    const editor = principal({ projectRoles: [{ projectId: 'project:churn', role: 'EDITOR', via: 'user:bob' }] });
    expect(writeAccess(editor, null, 'reviews').allowed).toBe(false);
  });
});

test("an entity's project is the one the API names, a model version's through its model", () => {
  expect(entityProjectId({ id: 'run:abc', kind: 'Run', project: { id: 'project:churn' } })).toBe('project:churn');
  expect(
    entityProjectId({
      id: 'model:churn/clf@1',
      kind: 'ModelVersion',
      model: { project: { id: 'project:churn' } },
    }),
  ).toBe('project:churn');
  expect(entityProjectId({ id: 'project:churn', kind: 'Project' })).toBe('project:churn');
  expect(entityProjectId({ id: 'user:bob', kind: 'User' })).toBeNull();
});

test('signing in comes back only to a path on this site', () => {
  expect(signInHref('/n/run%3Aabc')).toBe('/sign-in?next=%2Fn%2Frun%253Aabc');
  expect(afterSignIn('/n/run%3Aabc')).toBe('/n/run%3Aabc');
  expect(afterSignIn('//evil.example/x')).toBe('/');
  expect(afterSignIn('https://evil.example')).toBe('/');
  expect(afterSignIn(null)).toBe('/');
});
