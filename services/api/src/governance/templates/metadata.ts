import { MnemoError } from '../../platform/errors';
import type { EntityRecord } from '../../platform/records';
import type { InputCheck } from '../../platform/validation';
import {
  effectiveTemplate,
  GOVERNED,
  type GovernedLabel,
  type GovernedSubject,
  METADATA_KEY,
  type MetadataTemplate,
  partFor,
  propertyOf,
  RESERVED_FIELDS,
  fieldPresent,
} from './metadata-template';

export interface MetadataFieldInput {
  key: string;
  value: string;
}

/** A metadata value: a string, or a list of strings when the key was given more than once. */
export type MetadataValue = string | string[];

export const METADATA_LIMITS = { keys: 50, value: 2_000 } as const;

/**
 * Checks metadata sent with a write and returns it as node properties (`meta.<key>`). A key given
 * twice becomes a list. With `blankRemoves`, an empty value stands for "remove this key" (null).
 */
export function checkMetadata(
  check: InputCheck,
  input: MetadataFieldInput[] | null | undefined,
  options: { blankRemoves?: boolean } = {},
): Record<string, MetadataValue | null> {
  const values = new Map<string, string[] | null>();
  check.list('metadata', input, METADATA_LIMITS.keys).forEach((field, i) => {
    const key = typeof field?.key === 'string' ? field.key.trim() : '';
    if (!METADATA_KEY.test(key)) {
      check.fail(`metadata[${i}].key`, `"${key}" must start with a letter and hold letters, digits, "_", "-" or "."`);
      return;
    }
    if (RESERVED_FIELDS.has(key)) {
      check.fail(`metadata[${i}].key`, `"${key}" is a built-in field; set it through its own input field`);
      return;
    }
    if (typeof field.value !== 'string') {
      check.fail(`metadata[${i}].value`, 'must be a string');
      return;
    }
    const value = field.value.trim();
    if (value.length > METADATA_LIMITS.value) {
      check.fail(`metadata[${i}].value`, `is ${value.length} characters long; the limit is ${METADATA_LIMITS.value}`);
    }
    const seen = values.get(key);
    if (value === '') {
      if (!options.blankRemoves) check.fail(`metadata[${i}].value`, 'is empty');
      else if (seen) check.fail(`metadata[${i}]`, `both sets and removes "${key}"`);
      values.set(key, null);
    } else if (seen === null) {
      check.fail(`metadata[${i}]`, `both sets and removes "${key}"`);
    } else {
      values.set(key, seen ? [...new Set([...seen, value])] : [value]);
    }
  });
  return Object.fromEntries(
    [...values].map(([key, list]) => [`meta.${key}`, list === null ? null : list.length === 1 ? list[0] : list]),
  );
}

/** The metadata a node carries, one field per value (a list value gives its key several times), by key. */
export function metadataOf(entity: EntityRecord): MetadataFieldInput[] {
  return Object.keys(entity)
    .filter((property) => property.startsWith('meta.'))
    .sort()
    .flatMap((property) => {
      const value = entity[property];
      const key = property.slice('meta.'.length);
      return (Array.isArray(value) ? value : [value]).map((v) => ({ key, value: String(v) }));
    });
}

/**
 * Checks every vocabulary field the entity has a value for; returns the properties with values
 * written as the vocabulary spells them, and a problem per value outside its list.
 */
export function applyVocabularies(
  template: MetadataTemplate,
  props: Record<string, unknown>,
  only?: Set<string>,
): { props: Record<string, unknown>; problems: string[] } {
  const problems: string[] = [];
  const result = { ...props };
  for (const [field, allowed] of Object.entries(template.vocabularies)) {
    const property = propertyOf(field);
    const value = props[property];
    if (value === null || value === undefined || (only && !only.has(property))) continue;
    const list = (Array.isArray(value) ? value : [value]).map(String);
    const normalised = list.map((v) => allowed.find((a) => a === v.toLowerCase()));
    list.forEach((v, i) => {
      if (normalised[i] === undefined) {
        problems.push(`${field} "${v}" is not an allowed value (allowed: ${allowed.join(', ')})`);
      }
    });
    if (normalised.every((v) => v !== undefined)) {
      result[property] = Array.isArray(value) ? normalised : normalised[0];
    }
  }
  return { props: result, problems };
}

export function templateSource(projectYaml: string | null | undefined, template: MetadataTemplate): string {
  return projectYaml ? `the project's ${template.kind} template` : `the ${template.kind} template`;
}

/** A field's name as messages give it: metadata keys say so, so the caller knows where to send them. */
const fieldLabel = (field: string) => (RESERVED_FIELDS.has(field) ? field : `${field} (metadata)`);

export function governanceRefusal(noun: string, source: string, missingRequired: string[], problems: string[]) {
  const parts = [
    ...(missingRequired.length > 0
      ? [`missing required fields: ${missingRequired.map(fieldLabel).join(', ')} (required by ${source})`]
      : []),
    ...problems,
  ];
  return new MnemoError('BAD_USER_INPUT', `Invalid ${noun}: ${parts.join('; ')}.`, {
    missingRequired,
    problems: parts,
  });
}

/** A write of a governed entity, as the service is about to make it. */
export interface GovernedWrite {
  label: GovernedLabel;
  /** Words for the message, e.g. "dataset version". */
  noun: string;
  /** The asset's project; versions and runs give their parent instead. */
  projectId?: string | null;
  /** A version's dataset, feature set or model; a run's experiment (it inherits their values). */
  parentId?: string | null;
  props: Record<string, unknown>;
  ownerIds: string[];
}

/** What a new entity is checked against: its project's own template (null: the repo file) and its parent. */
export interface TemplateContext {
  yaml: string | null;
  parent: { props: Record<string, unknown>; owners: number } | null;
}

/**
 * Checks a new entity against its project's template (the project's own, as the command's plan read
 * it in its transaction, or the repo file): every missing required field and every value outside a
 * vocabulary in one BAD_USER_INPUT, before anything is written. Returns the properties to write,
 * vocabulary values spelled as listed.
 */
export function checkTemplate(write: GovernedWrite, context: TemplateContext): Record<string, unknown> {
  const template = effectiveTemplate(GOVERNED[write.label].template, context.yaml);
  const { props, problems } = applyVocabularies(template, write.props);
  const subject: GovernedSubject = {
    label: write.label,
    props,
    owners: write.ownerIds.length,
    parent: context.parent,
  };
  const missingRequired = partFor(template, write.label).required.filter((field) => !fieldPresent(subject, field));
  if (missingRequired.length > 0 || problems.length > 0) {
    throw governanceRefusal(write.noun, templateSource(context.yaml, template), missingRequired, problems);
  }
  return props;
}
