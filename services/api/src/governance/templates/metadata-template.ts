import { readFileSync } from 'node:fs';
import path from 'node:path';
import { MnemoError } from '../../platform/errors';
import { GOVERNANCE_DIR } from '../../platform/governance-dir';
import { isObject } from '../../platform/validation';
import { parseYamlData } from '../../platform/yaml-data';

/** One template file per kind: governance/templates/<kind>.yaml. */
export const TEMPLATE_KINDS = ['dataset', 'feature-set', 'run', 'model', 'deployment'] as const;
export type TemplateKind = (typeof TEMPLATE_KINDS)[number];

export type GovernedLabel =
  | 'Dataset'
  | 'DatasetVersion'
  | 'FeatureSet'
  | 'FeatureSetVersion'
  | 'Experiment'
  | 'Run'
  | 'Model'
  | 'ModelVersion'
  | 'Deployment';

/** Where a template file's parts apply: its top level to one label, its `versions:` or `experiment:` section to another. */
type Section = 'top' | 'versions' | 'experiment';

const ASSET_FIELDS = ['name', 'description', 'tags', 'owners'];
const VERSION_FIELDS = ['version', 'digest', 'uri', 'description', 'owners'];
const RUN_FIELDS = [
  'name',
  'status',
  'owners',
  'seed',
  'entryPoint',
  'codeRepo',
  'codeBranch',
  'codeCommit',
  'codeDirty',
  'languageVersion',
  'packageLockDigest',
  'imageDigest',
  'instanceType',
  'accelerators',
  'region',
  'computeCostUsd',
  'endedAt',
];

/**
 * Which template and section govern each label, and the built-in properties that section may name
 * (`owners` is the OWNED_BY edge). Any other field name is a free metadata key (`meta.<key>`).
 */
export const GOVERNED: Record<GovernedLabel, { template: TemplateKind; section: Section; builtIns: string[] }> = {
  Dataset: { template: 'dataset', section: 'top', builtIns: ASSET_FIELDS },
  DatasetVersion: { template: 'dataset', section: 'versions', builtIns: [...VERSION_FIELDS, 'rowCount', 'sizeBytes'] },
  FeatureSet: { template: 'feature-set', section: 'top', builtIns: ASSET_FIELDS },
  FeatureSetVersion: { template: 'feature-set', section: 'versions', builtIns: [...VERSION_FIELDS, 'features'] },
  Experiment: { template: 'run', section: 'experiment', builtIns: ASSET_FIELDS },
  Run: { template: 'run', section: 'top', builtIns: RUN_FIELDS },
  Model: { template: 'model', section: 'top', builtIns: ASSET_FIELDS },
  ModelVersion: { template: 'model', section: 'versions', builtIns: [...VERSION_FIELDS, 'framework', 'aliases'] },
  Deployment: {
    template: 'deployment',
    section: 'top',
    builtIns: [...ASSET_FIELDS, 'environment', 'endpoint', 'modelVersionId'],
  },
};

export const isGoverned = (kind: string): kind is GovernedLabel => Object.hasOwn(GOVERNED, kind);

/** Property names a metadata key may not take: every built-in field, and what every node carries. */
export const RESERVED_FIELDS = new Set([
  ...Object.values(GOVERNED).flatMap((g) => g.builtIns),
  ...['id', 'kind', 'createdAt', 'slug', 'startedAt', 'archivedAt', 'acceleratorCount', 'updatedAt', 'metadata'],
]);

/** Metadata keys: a letter first, then letters, digits, `_`, `-` or `.`; at most 64 characters. */
export const METADATA_KEY = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;

/** The property a template field reads: a built-in property, or `meta.<key>`. */
export const propertyOf = (field: string) => (RESERVED_FIELDS.has(field) ? field : `meta.${field}`);

export interface TemplatePart {
  appliesTo: GovernedLabel;
  required: string[];
  recommended: string[];
}

export interface MetadataTemplate {
  kind: TemplateKind;
  /** One part per label the file governs: the kind itself, and its versions or experiments. */
  parts: TemplatePart[];
  /** Controlled values per field, lower-case. */
  vocabularies: Record<string, string[]>;
  yaml: string;
}

const SECTIONS: Record<TemplateKind, Partial<Record<Section, GovernedLabel>>> = {
  dataset: { top: 'Dataset', versions: 'DatasetVersion' },
  'feature-set': { top: 'FeatureSet', versions: 'FeatureSetVersion' },
  run: { top: 'Run', experiment: 'Experiment' },
  model: { top: 'Model', versions: 'ModelVersion' },
  deployment: { top: 'Deployment' },
};

export function checkTemplateKind(kind: string): TemplateKind {
  if (!(TEMPLATE_KINDS as readonly string[]).includes(kind)) {
    throw new MnemoError(
      'BAD_USER_INPUT',
      `Unknown template kind "${kind}"; expected one of ${TEMPLATE_KINDS.join(', ')}.`,
    );
  }
  return kind as TemplateKind;
}

/**
 * Reads a template's YAML and checks it whole: unknown sections, fields a part cannot have,
 * malformed vocabularies. A bad template is refused with every problem listed.
 */
export function parseTemplate(kind: TemplateKind, yaml: string, source: string): MetadataTemplate {
  const problems: string[] = [];
  let document: unknown;
  try {
    document = parseYamlData(yaml);
  } catch (error) {
    throw templateError(kind, source, [`is not valid YAML: ${(error as Error).message.split('\n')[0]}`]);
  }
  if (!isObject(document)) throw templateError(kind, source, ['must be a mapping with kind, required, recommended']);

  const sections = SECTIONS[kind];
  const known = new Set(['kind', 'description', 'required', 'recommended', 'vocabularies', ...Object.keys(sections)]);
  known.delete('top');
  for (const key of Object.keys(document)) {
    if (!known.has(key))
      problems.push(`"${key}" is not a section of a ${kind} template (known: ${[...known].join(', ')})`);
  }
  if (document.kind !== kind) problems.push(`kind is "${String(document.kind)}"; this is the ${kind} template`);
  if (document.description !== undefined && typeof document.description !== 'string') {
    problems.push('description must be text');
  }

  const parts: TemplatePart[] = [];
  for (const [section, label] of Object.entries(sections) as [Section, GovernedLabel][]) {
    const body = section === 'top' ? document : document[section];
    if (body === undefined) {
      parts.push({ appliesTo: label, required: [], recommended: [] });
      continue;
    }
    if (!isObject(body)) {
      problems.push(`${section} must be a mapping with required and recommended`);
      continue;
    }
    if (section !== 'top') {
      for (const key of Object.keys(body)) {
        if (key !== 'required' && key !== 'recommended') {
          problems.push(`${section}.${key} is not allowed (only required and recommended)`);
        }
      }
    }
    const where = section === 'top' ? '' : `${section}.`;
    const required = fieldList(problems, `${where}required`, body.required, label);
    const recommended = fieldList(problems, `${where}recommended`, body.recommended, label);
    for (const field of recommended.filter((f) => required.includes(f))) {
      problems.push(`${where}recommended lists "${field}", which is already required`);
    }
    parts.push({ appliesTo: label, required, recommended });
  }

  const vocabularies: Record<string, string[]> = {};
  if (document.vocabularies !== undefined && !isObject(document.vocabularies)) {
    problems.push('vocabularies must map a field to its list of allowed values');
  } else {
    for (const [field, values] of Object.entries(document.vocabularies ?? {})) {
      if (!METADATA_KEY.test(field)) problems.push(`vocabularies.${field} is not a field name`);
      if (!Array.isArray(values) || values.length === 0) {
        problems.push(`vocabularies.${field} must be a non-empty list of values`);
        continue;
      }
      const list = values.map(String);
      list.forEach((value, i) => {
        if (typeof values[i] !== 'string' || value.trim() === '') {
          problems.push(`vocabularies.${field}[${i}] must be a word or phrase`);
        } else if (value !== value.toLowerCase()) {
          problems.push(`vocabularies.${field}[${i}] "${value}" must be lower-case`);
        }
      });
      if (new Set(list).size !== list.length) problems.push(`vocabularies.${field} lists a value twice`);
      vocabularies[field] = list;
    }
  }
  if (problems.length > 0) throw templateError(kind, source, problems);
  return { kind, parts, vocabularies, yaml };
}

function fieldList(problems: string[], where: string, value: unknown, label: GovernedLabel): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    problems.push(`${where} must be a list of field names`);
    return [];
  }
  const fields: string[] = [];
  value.forEach((field, i) => {
    if (typeof field !== 'string' || !METADATA_KEY.test(field)) {
      problems.push(`${where}[${i}] ${JSON.stringify(field)} is not a field name`);
    } else if (RESERVED_FIELDS.has(field) && !GOVERNED[label].builtIns.includes(field)) {
      problems.push(
        `${where}[${i}] "${field}" is not a field of a ${label} (its own: ${GOVERNED[label].builtIns.join(', ')})`,
      );
    } else if (fields.includes(field)) {
      problems.push(`${where} lists "${field}" twice`);
    } else {
      fields.push(field);
    }
  });
  return fields;
}

function templateError(kind: TemplateKind, source: string, problems: string[]) {
  return new MnemoError('BAD_USER_INPUT', `Invalid ${kind} template (${source}): ${problems.join('; ')}.`, {
    problems,
  });
}

export const templatePath = (kind: TemplateKind) => path.join(GOVERNANCE_DIR, 'templates', `${kind}.yaml`);

const repositoryTemplates = new Map<TemplateKind, MetadataTemplate>();

/**
 * The repo file's template, read and checked once per process. A broken file is the server's
 * problem, not the caller's: it fails as a plain error (an internal error, logged), not as bad input.
 */
export function repositoryTemplate(kind: TemplateKind): MetadataTemplate {
  let template = repositoryTemplates.get(kind);
  if (!template) {
    const file = templatePath(kind);
    try {
      template = parseTemplate(kind, readFileSync(file, 'utf8'), file);
    } catch (error) {
      throw new Error(`The repository's ${kind} metadata template cannot be used: ${(error as Error).message}`);
    }
    repositoryTemplates.set(kind, template);
  }
  return template;
}

/** Parsed project templates by text; a project's template is stored as YAML and read with the write it checks. */
const projectTemplates = new Map<string, MetadataTemplate>();

export function projectTemplate(kind: TemplateKind, yaml: string): MetadataTemplate {
  const key = `${kind}\u0000${yaml}`;
  let template = projectTemplates.get(key);
  if (!template) {
    template = parseTemplate(kind, yaml, 'project template');
    if (projectTemplates.size >= 500) projectTemplates.clear();
    projectTemplates.set(key, template);
  }
  return template;
}

/** The template that applies: the project's own text when it loaded one, else the repo file. */
export function effectiveTemplate(kind: TemplateKind, projectYaml: string | null | undefined): MetadataTemplate {
  return projectYaml ? projectTemplate(kind, projectYaml) : repositoryTemplate(kind);
}

export function partFor(template: MetadataTemplate, label: GovernedLabel): TemplatePart {
  return template.parts.find((part) => part.appliesTo === label) ?? { appliesTo: label, required: [], recommended: [] };
}

/** What a template is checked against: an entity's own properties and owners, and its parent's to inherit. */
export interface GovernedSubject {
  label: GovernedLabel;
  props: Record<string, unknown>;
  owners: number;
  parent: { props: Record<string, unknown>; owners: number } | null;
}

const hasValue = (value: unknown) =>
  value !== null && value !== undefined && value !== '' && !(Array.isArray(value) && value.length === 0);

/** Whether a field has a value on the entity, or (for a version or run) on its parent. */
export function fieldPresent(subject: GovernedSubject, field: string): boolean {
  const own = (node: { props: Record<string, unknown>; owners: number }) =>
    field === 'owners' ? node.owners > 0 : hasValue(node.props[propertyOf(field)]);
  return own(subject) || (subject.parent !== null && own(subject.parent));
}

export interface Completeness {
  score: number;
  missingRequired: string[];
  missingRecommended: string[];
}

/** The share of the part's required and recommended fields that have a value (1 when it lists none). */
export function completenessOf(template: MetadataTemplate, subject: GovernedSubject): Completeness {
  const part = partFor(template, subject.label);
  const missingRequired = part.required.filter((field) => !fieldPresent(subject, field));
  const missingRecommended = part.recommended.filter((field) => !fieldPresent(subject, field));
  const total = part.required.length + part.recommended.length;
  const missing = missingRequired.length + missingRecommended.length;
  return { score: total === 0 ? 1 : (total - missing) / total, missingRequired, missingRecommended };
}
