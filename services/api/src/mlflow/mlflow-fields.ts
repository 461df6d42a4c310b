import { MlflowError } from './mlflow-errors';

/**
 * The types of the fields MLflow's REST API sends (its protobuf messages in JSON form), checked once
 * for every endpoint before any handler reads them: a wrong type is the client's mistake, answered
 * INVALID_PARAMETER_VALUE, never a TypeError deep in a handler (a 500, which the client retries for
 * minutes). int64 fields arrive as JSON numbers or as decimal strings (protobuf's JSON mapping);
 * both must be integers JavaScript holds exactly. `null` stands for a field left out.
 */
type Rule = (value: unknown) => string | null;

const text: Rule = (value) => (typeof value === 'string' ? null : 'must be a string');

/** A boolean; from a query string, `true` or `false`. */
const bool: Rule = (value) =>
  typeof value === 'boolean' || value === 'true' || value === 'false' ? null : 'must be true or false';
const int64: Rule = (value) => {
  const number = typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
  return typeof number === 'number' && Number.isSafeInteger(number)
    ? null
    : `must be an integer between ${Number.MIN_SAFE_INTEGER} and ${Number.MAX_SAFE_INTEGER}`;
};

/** Numbers, and MLflow's spellings of the values JSON lacks ("NaN", "Infinity", "-Infinity"). */
const double: Rule = (value) =>
  (typeof value === 'number' && Number.isFinite(value)) ||
  (typeof value === 'string' && ['NaN', 'Infinity', '-Infinity'].includes(value))
    ? null
    : 'must be a number';

const oneOf =
  (...rules: Rule[]): Rule =>
  (value) => {
    const problems = rules.map((rule) => rule(value));
    return problems.includes(null) ? null : problems.join(', or ');
  };

const listOf =
  (rule: Rule): Rule =>
  (value) => {
    if (!Array.isArray(value)) return 'must be a list';
    for (const [i, item] of value.entries()) {
      const problem = rule(item);
      if (problem) return `[${i}] ${problem}`;
    }
    return null;
  };

const message =
  (fields: Record<string, Rule>, required: string[] = []): Rule =>
  (value) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'must be an object';
    const record = value as Record<string, unknown>;
    for (const name of required) if (record[name] === undefined || record[name] === null) return `needs "${name}"`;
    for (const [name, rule] of Object.entries(fields)) {
      const problem = record[name] === undefined || record[name] === null ? null : rule(record[name]);
      if (problem) return `.${name} ${problem}`;
    }
    return null;
  };

/** A tag or param: key and value are strings (a number is taken as MLflow's client writes it). */
const keyValue = message({ key: text, value: oneOf(text, double) }, ['key']);
const metric = message({ key: text, value: oneOf(double, text), timestamp: int64, step: int64 }, ['key']);
const anyObject: Rule = (value) =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? null : 'must be an object';

const FIELDS: Partial<Record<string, Rule>> = {
  ...Object.fromEntries(
    [
      'name',
      'experiment_id',
      'experiment_name',
      'run_id',
      'run_uuid',
      'run_name',
      'key',
      'status',
      'filter',
      'page_token',
      'source',
      'alias',
      'description',
      'metric_key',
      'new_name',
      'source_run_id',
      'model_type',
      'model_id',
      'artifact_location',
      'user_id',
      'stage',
    ].map((name) => [name, text]),
  ),
  version: oneOf(text, int64),
  value: oneOf(text, double),
  timestamp: int64,
  step: int64,
  start_time: int64,
  end_time: int64,
  max_results: int64,
  run_view_type: oneOf(text, int64),
  view_type: oneOf(text, int64),
  experiment_ids: listOf(text),
  // Strings for runs and registry searches; {field_name, ascending, …} objects for logged models.
  order_by: listOf(oneOf(text, anyObject)),
  stages: listOf(text),
  archive_existing_versions: bool,
  tags: listOf(keyValue),
  params: listOf(keyValue),
  metrics: listOf(metric),
  // {dataset, tags} inputs for log-inputs; {dataset_name, dataset_digest} filters for logged-models/search.
  datasets: listOf(message({ dataset: anyObject, tags: listOf(keyValue) })),
  models: listOf(anyObject),
};

/** Every field name MLflow's endpoints read and this table checks (the malformed-request fuzz test sends them all). */
export const MLFLOW_FIELD_NAMES = Object.keys(FIELDS);

/** Repeated fields of GET endpoints: a query string sends a single value as a plain string. */
const REPEATED_IN_QUERIES = ['experiment_ids', 'order_by', 'stages'];

/**
 * The request's fields, checked: INVALID_PARAMETER_VALUE naming the first field whose type MLflow's
 * API does not allow. From a query string, a repeated field given once becomes a list of one.
 */
export function checkedMlflowFields(body: Record<string, unknown>, fromQuery: boolean): Record<string, unknown> {
  if (fromQuery) {
    body = { ...body };
    for (const name of REPEATED_IN_QUERIES) if (typeof body[name] === 'string') body[name] = [body[name]];
  }
  for (const [name, value] of Object.entries(body)) {
    const rule = FIELDS[name];
    const problem = rule && value !== null && value !== undefined ? rule(value) : null;
    if (problem) throw new MlflowError('INVALID_PARAMETER_VALUE', `Invalid value for "${name}": ${problem}.`);
  }
  return body;
}
