import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { ACTION_ROLES, ACCESS_DENIED, authorize } from './roles';
import type { Principal } from './principal';

/** Every .ts file of the api but tests. */
function sources(dir = path.resolve(__dirname, '..')): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return sources(file);
    return file.endsWith('.ts') && !file.endsWith('.test.ts') && !file.includes('test-support') ? [file] : [];
  });
}

/**
 * The actions each recordAudit call can pass: its `action:` text, plus the literal actions a few
 * lines above it (where a variable is chosen, e.g. run.params-logged / run.tags-set). A template
 * (`${kind}.created`) becomes a pattern that must match at least one action in the table.
 */
function auditedActions() {
  const literals = new Set<string>();
  const patterns = new Set<string>();
  for (const file of sources()) {
    const lines = readFileSync(file, 'utf8').split('\n');
    lines.forEach((line, n) => {
      if (!/\brecordAudit\(tx/.test(line)) return;
      const window = lines.slice(Math.max(0, n - 8), n + 4).join('\n');
      for (const match of window.matchAll(/'([a-z][a-z-]*\.[a-z][a-z-]*)'/g)) literals.add(match[1]);
      const action = /action: `([^`]+)`/.exec(window);
      if (action) patterns.add(action[1].replace(/\$\{[^}]+\}/g, '@'));
    });
  }
  return { literals: [...literals].sort(), patterns: [...patterns].sort() };
}

describe('ACTION_ROLES', () => {
  it('has a rule for every action written anywhere in the source', () => {
    const { literals, patterns } = auditedActions();
    expect(literals.length).toBeGreaterThan(20);
    expect(literals.filter((action) => !(action in ACTION_ROLES))).toEqual([]);
    for (const pattern of patterns) {
      const regex = new RegExp(`^${pattern.replace(/[.]/g, '\\.').replace(/@/g, '[a-z-]+')}$`);
      expect({ pattern, matched: Object.keys(ACTION_ROLES).some((action) => regex.test(action)) }).toEqual({
        pattern,
        matched: true,
      });
    }
  });

  it('refuses an action without a rule, even to an org admin', () => {
    const admin: Principal = {
      mode: 'on',
      actor: 'user:root',
      userId: 'user:root',
      tokenId: 'token:x',
      orgRoles: ['ADMIN'],
      projectRoles: [],
    };
    const attempt = {
      action: 'dataset.vanished',
      entityId: 'dataset:a/b',
      entityKind: 'Dataset',
      projectId: 'project:a',
    };
    expect(() => authorize(admin, attempt)).toThrow(/needs a rule/);
    expect(ACTION_ROLES[ACCESS_DENIED]).toBeUndefined(); // written only by the refusal itself
  });
});
