import type { Principal } from './access';
import { mayReadHistory, pageProjectId } from './history';

const principal = (overrides: Partial<Principal>): Principal => ({
  actor: 'user:bob',
  authenticated: true,
  authMode: 'on',
  user: { id: 'user:bob', name: 'Bob' },
  orgRoles: [],
  projectRoles: [],
  ...overrides,
});

describe("an entity page's history", () => {
  test('is asked for by maintainers, org auditors and admins, and with auth off; not by viewers, editors or anonymous visitors', () => {
    const on = (role: 'VIEWER' | 'EDITOR' | 'MAINTAINER' | 'ADMIN') =>
      principal({ projectRoles: [{ projectId: 'project:churn', role, via: 'team:risk-data' }] });
    expect(mayReadHistory(on('VIEWER'), 'project:churn')).toBe(false);
    expect(mayReadHistory(on('EDITOR'), 'project:churn')).toBe(false);
    expect(mayReadHistory(on('MAINTAINER'), 'project:churn')).toBe(true);
    expect(mayReadHistory(on('ADMIN'), 'project:churn')).toBe(true);
    expect(mayReadHistory(on('MAINTAINER'), 'project:fraud')).toBe(false);
    expect(mayReadHistory(principal({ orgRoles: ['AUDITOR'] }), null)).toBe(true);
    expect(mayReadHistory(principal({ authenticated: false, user: null }), 'project:churn')).toBe(false);
    expect(mayReadHistory(principal({ authMode: 'off', authenticated: false }), null)).toBe(true);
    expect(mayReadHistory(null, null)).toBe(true);
  });

  test("a version's project is its parent's", () => {
    expect(pageProjectId({ id: 'd@1', kind: 'DatasetVersion', dataset: { project: { id: 'project:churn' } } })).toBe(
      'project:churn',
    );
    expect(pageProjectId({ id: 'project:churn', kind: 'Project' })).toBe('project:churn');
    expect(pageProjectId({ id: 'user:bob', kind: 'User' })).toBeNull();
  });
});
