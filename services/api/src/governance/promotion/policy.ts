import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ENVIRONMENTS } from '../../deployments/deployments.service';
import { GOVERNANCE_DIR } from '../../platform/governance-dir';
import { InputCheck, isObject } from '../../platform/validation';
import { parseYamlData } from '../../platform/yaml-data';

export type PromotionEnvironment = (typeof ENVIRONMENTS)[number];

/** One gate of a policy, as written in YAML (see governance/policies/default.yaml). */
export type GateSpec =
  | { kind: 'metric-threshold'; name: string; metric: string; min?: number; max?: number }
  | { kind: 'no-regression'; name: string; metric: string; direction: 'higher' | 'lower' }
  | { kind: 'fairness'; name: string; metric: string; max: number }
  | { kind: 'upstream-data'; name: string }
  | { kind: 'provenance'; name: string }
  | { kind: 'approved-review'; name: string }
  | { kind: 'negative-results'; name: string; minOtherRuns: number }
  | { kind: 'approvals'; name: string; min: number; allowSelfApproval: boolean };

export type GateKind = GateSpec['kind'];

/** Where an effective policy came from: the project's own, the repo default, or text given for one check. */
export type PolicySource = 'PROJECT' | 'DEFAULT' | 'GIVEN';

export interface PromotionPolicy {
  environment: PromotionEnvironment;
  gates: GateSpec[];
  source: PolicySource;
  /** The YAML text the policy was read from. */
  yaml: string;
}

/** Each kind's settings: which are required, which optional (anything else is a typo and refused). */
const GATE_SETTINGS: Record<GateKind, { required: string[]; optional: string[] }> = {
  'metric-threshold': { required: ['metric'], optional: ['min', 'max'] },
  'no-regression': { required: ['metric'], optional: ['direction'] },
  fairness: { required: ['metric', 'max'], optional: [] },
  'upstream-data': { required: [], optional: [] },
  provenance: { required: [], optional: [] },
  'approved-review': { required: [], optional: [] },
  'negative-results': { required: ['minOtherRuns'], optional: [] },
  approvals: { required: ['min'], optional: ['allowSelfApproval'] },
};
export const GATE_KINDS = Object.keys(GATE_SETTINGS) as GateKind[];

export const DEFAULT_POLICY_FILE = path.join(GOVERNANCE_DIR, 'policies', 'default.yaml');

/**
 * Reads one environment's policy from YAML: either a whole file (`environments: {DEV, STAGING, PROD}`,
 * every section checked) or one environment's section (`gates: [...]`). Every problem is listed in
 * one BAD_USER_INPUT.
 */
export function parsePolicy(text: string, environment: PromotionEnvironment, source: PolicySource): PromotionPolicy {
  const check = new InputCheck('promotion policy');
  let document: unknown;
  try {
    document = parseYamlData(text);
  } catch (error) {
    check.fail('yaml', `is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
    check.done();
  }
  let gates: GateSpec[] = [];
  if (!isObject(document)) {
    check.fail('policy', 'must be a mapping with `gates:` (one environment) or `environments:` (several)');
  } else if ('environments' in document) {
    for (const key of Object.keys(document)) if (key !== 'environments') check.fail(key, 'is not a policy setting');
    const sections = document.environments;
    if (!isObject(sections)) {
      check.fail('environments', `must map ${ENVIRONMENTS.join(', ')} to their gates`);
    } else {
      for (const [name, section] of Object.entries(sections)) {
        if (!(ENVIRONMENTS as readonly string[]).includes(name)) {
          check.fail(`environments.${name}`, `is not an environment; use ${ENVIRONMENTS.join(', ')}`);
          continue;
        }
        const sectionGates = checkSection(check, `environments.${name}`, section);
        if (name === environment) gates = sectionGates;
      }
      if (!(environment in sections)) check.fail(`environments.${environment}`, 'is missing');
    }
  } else {
    gates = checkSection(check, 'policy', document);
  }
  check.done();
  return { environment, gates, source, yaml: text };
}

function checkSection(check: InputCheck, field: string, section: unknown): GateSpec[] {
  if (!isObject(section)) {
    check.fail(field, 'must be a mapping with a `gates:` list');
    return [];
  }
  for (const key of Object.keys(section)) if (key !== 'gates') check.fail(`${field}.${key}`, 'is not a policy setting');
  if (!Array.isArray(section.gates)) {
    check.fail(`${field}.gates`, 'must be a list of gates (it may be empty: `gates: []`)');
    return [];
  }
  return section.gates.map((gate, i) => checkGate(check, `${field}.gates[${i}]`, gate));
}

function checkGate(check: InputCheck, field: string, gate: unknown): GateSpec {
  const broken = { kind: 'provenance', name: '' } as GateSpec;
  if (!isObject(gate)) {
    check.fail(field, 'must be a mapping with a `kind:`');
    return broken;
  }
  const kind = gate.kind as GateKind;
  if (typeof gate.kind !== 'string' || !GATE_SETTINGS[kind]) {
    check.fail(
      `${field}.kind`,
      `${JSON.stringify(gate.kind ?? null)} is not a gate kind; use ${GATE_KINDS.join(', ')}`,
    );
    return broken;
  }
  const settings = GATE_SETTINGS[kind];
  for (const key of Object.keys(gate)) {
    if (!['kind', 'name', ...settings.required, ...settings.optional].includes(key)) {
      check.fail(`${field}.${key}`, `is not a setting of a ${kind} gate`);
    }
  }
  for (const key of settings.required)
    if (gate[key] === undefined || gate[key] === null) check.fail(`${field}.${key}`, 'is required');

  const metric = settings.required.includes('metric') ? text(check, `${field}.metric`, gate.metric) : '';
  const name =
    gate.name === undefined ? (metric ? `${kind} ${metric}` : kind) : text(check, `${field}.name`, gate.name);
  switch (kind) {
    case 'metric-threshold': {
      const min = number(check, `${field}.min`, gate.min);
      const max = number(check, `${field}.max`, gate.max);
      if ((min === undefined) === (max === undefined)) {
        check.fail(field, 'needs exactly one threshold: `min:` (at or above) or `max:` (at or below, for losses)');
      }
      return { kind, name, metric, ...(min !== undefined ? { min } : { max }) };
    }
    case 'no-regression': {
      const direction = gate.direction ?? 'higher';
      if (direction !== 'higher' && direction !== 'lower') {
        check.fail(
          `${field}.direction`,
          `must be higher or lower (which way is better); got ${JSON.stringify(direction)}`,
        );
      }
      return { kind, name, metric, direction: direction as 'higher' | 'lower' };
    }
    case 'fairness':
      return { kind, name, metric, max: number(check, `${field}.max`, gate.max, 0) ?? 0 };
    case 'negative-results':
      return { kind, name, minOtherRuns: whole(check, `${field}.minOtherRuns`, gate.minOtherRuns) };
    case 'approvals': {
      const allowSelfApproval = gate.allowSelfApproval ?? true;
      if (typeof allowSelfApproval !== 'boolean') check.fail(`${field}.allowSelfApproval`, 'must be true or false');
      return { kind, name, min: whole(check, `${field}.min`, gate.min), allowSelfApproval: allowSelfApproval === true };
    }
    default:
      return { kind, name };
  }
}

function text(check: InputCheck, field: string, value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string' || value.trim() === '') check.fail(field, 'must be a non-empty text');
  return typeof value === 'string' ? value.trim() : '';
}

function number(check: InputCheck, field: string, value: unknown, min?: number): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    check.fail(field, `must be a number; got ${JSON.stringify(value)}`);
    return undefined;
  }
  if (min !== undefined && value < min) check.fail(field, `must be at least ${min}`);
  return value;
}

function whole(check: InputCheck, field: string, value: unknown): number {
  const found = number(check, field, value, 1);
  if (found !== undefined && !Number.isInteger(found)) check.fail(field, 'must be a whole number');
  return found ?? 1;
}

let defaultText: string | undefined;

/** The repo's default policy (governance/policies/default.yaml) for one environment. */
export function defaultPolicy(environment: PromotionEnvironment): PromotionPolicy {
  defaultText ??= readFileSync(DEFAULT_POLICY_FILE, 'utf8');
  return parsePolicy(defaultText, environment, 'DEFAULT');
}

/** The allowSelfApproval setting the policy's approvals gates agree on (false when any says false). */
export const selfApprovalAllowed = (policy: PromotionPolicy) =>
  policy.gates.every((gate) => gate.kind !== 'approvals' || gate.allowSelfApproval);

/** What a gate requires, in words, for listings of a policy. */
export function describeGate(gate: GateSpec): string {
  switch (gate.kind) {
    case 'metric-threshold':
      return gate.min !== undefined ? `${gate.metric} >= ${gate.min}` : `${gate.metric} <= ${gate.max}`;
    case 'no-regression':
      return `${gate.metric} ${gate.direction === 'higher' ? '>=' : '<='} the version serving the environment now`;
    case 'fairness':
      return `|${gate.metric}| <= ${gate.max}`;
    case 'upstream-data':
      return 'digest and classification on every upstream dataset and feature-set version';
    case 'provenance':
      return 'code commit, clean working tree, language version, package lock or image digest';
    case 'approved-review':
      return 'the latest decided review is APPROVED';
    case 'negative-results':
      return `>= ${gate.minOtherRuns} other runs in the training run's experiment`;
    case 'approvals':
      return `>= ${gate.min} approvers${gate.allowSelfApproval ? '' : ", not the model version's author"}`;
  }
}
