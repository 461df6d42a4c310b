import { type InputCheck, isObject } from '../platform/validation';

/**
 * Schemas and column statistics of dataset and feature set versions: how clients send them, how a
 * version stores them (JSON text in `schemaColumns`, `columnStats` and `schemaChange`) and the diff
 * between consecutive versions. Pure functions; the registration transaction calls them.
 */

export interface ColumnSpec {
  name: string;
  type: string;
  nullable?: boolean | null;
}

export interface ColumnStatsSpec {
  column: string;
  /** Values counted, nulls included. */
  count?: number | null;
  nulls?: number | null;
  mean?: number | null;
  std?: number | null;
  distinct?: number | null;
}

export interface SchemaChangeRecord {
  previousVersionId: string;
  added: ColumnSpec[];
  removed: ColumnSpec[];
  retyped: { name: string; from: string; to: string }[];
}

export const SCHEMA_LIMITS = { columns: 5_000, name: 300, type: 200 } as const;

/** A client's columns, checked: names unique, types as given (trimmed). */
export function checkSchema(check: InputCheck, field: string, value: ColumnSpec[] | null | undefined) {
  if (value === undefined || value === null) return undefined;
  const columns = check.list(field, value, SCHEMA_LIMITS.columns).map((column, i) => {
    const name = check.text(`${field}[${i}].name`, column?.name, SCHEMA_LIMITS.name);
    const type = check.text(`${field}[${i}].type`, column?.type, SCHEMA_LIMITS.type);
    const nullable = typeof column?.nullable === 'boolean' ? column.nullable : null;
    return nullable === null ? { name, type } : { name, type, nullable };
  });
  const seen = new Set<string>();
  for (const column of columns) {
    if (seen.has(column.name)) check.fail(field, `names column "${column.name}" twice`);
    seen.add(column.name);
  }
  return columns;
}

const STAT_FIELDS = ['count', 'nulls', 'mean', 'std', 'distinct'] as const;

/** A client's column statistics, checked: counts whole and non-negative, one entry per column. */
export function checkColumnStats(check: InputCheck, field: string, value: ColumnStatsSpec[] | null | undefined) {
  if (value === undefined || value === null) return undefined;
  const stats = check.list(field, value, SCHEMA_LIMITS.columns).map((entry, i) => {
    const stat: ColumnStatsSpec = { column: check.text(`${field}[${i}].column`, entry?.column, SCHEMA_LIMITS.name) };
    for (const key of STAT_FIELDS) {
      const counted = key !== 'mean';
      const number = check.number(`${field}[${i}].${key}`, entry?.[key], {
        integer: key === 'count' || key === 'nulls' || key === 'distinct',
        ...(counted ? { min: 0 } : {}),
      });
      if (number !== undefined && Number.isFinite(number)) stat[key] = number;
    }
    return stat;
  });
  const seen = new Set<string>();
  for (const stat of stats) {
    if (seen.has(stat.column)) check.fail(field, `names column "${stat.column}" twice`);
    seen.add(stat.column);
  }
  return stats;
}

/** What changed from the previous version's columns to these: added, removed, and retyped (by name). */
export function diffSchemas(previousVersionId: string, before: ColumnSpec[], after: ColumnSpec[]): SchemaChangeRecord {
  const earlier = new Map(before.map((column) => [column.name, column]));
  const later = new Map(after.map((column) => [column.name, column]));
  return {
    previousVersionId,
    added: after.filter((column) => !earlier.has(column.name)),
    removed: before.filter((column) => !later.has(column.name)),
    retyped: after
      .filter((column) => earlier.has(column.name) && earlier.get(column.name)!.type !== column.type)
      .map((column) => ({ name: column.name, from: earlier.get(column.name)!.type, to: column.type })),
  };
}

export const schemaChangeSize = (change: SchemaChangeRecord) =>
  change.added.length + change.removed.length + change.retyped.length;

/** A stored JSON text property read back; null when absent or unreadable. */
export function parseStored<T>(text: unknown): T | null {
  if (typeof text !== 'string' || !text) return null;
  try {
    return JSON.parse(text) as T;
  } catch {
    return null;
  }
}

/**
 * The OpenLineage `schema` dataset facet (`{fields: [{name, type, description?, fields?}]}`) as
 * columns; nested fields are named `parent.child`. Undefined when the facet is absent or has no fields.
 * OpenLineage events are taken leniently: a field without a name is left out, and said in `dropped`.
 */
export function columnsFromOpenLineage(facet: unknown, dropped: string[] = []): ColumnSpec[] | undefined {
  if (!isObject(facet) || !Array.isArray(facet.fields)) return undefined;
  const columns: ColumnSpec[] = [];
  const walk = (fields: unknown[], prefix: string) => {
    for (const [i, field] of fields.entries()) {
      if (!isObject(field) || typeof field.name !== 'string' || !field.name) {
        dropped.push(`schema field ${prefix}[${i}] has no name (left out)`);
        continue;
      }
      const name = `${prefix}${field.name}`.slice(0, SCHEMA_LIMITS.name);
      const type = typeof field.type === 'string' && field.type ? field.type : 'unknown';
      if (!columns.some((column) => column.name === name))
        columns.push({ name, type: type.slice(0, SCHEMA_LIMITS.type) });
      if (Array.isArray(field.fields)) walk(field.fields, `${name}.`);
    }
  };
  walk(facet.fields, '');
  return columns.length ? columns.slice(0, SCHEMA_LIMITS.columns) : undefined;
}

/**
 * OpenLineage's `dataQualityMetrics` input facet as column statistics: per column `nullCount`,
 * `distinctCount`, `count`, and `sum` (the mean is sum / count); it carries no standard deviation.
 * A count that is not a whole number ≥ 0 is left out (and the mean with a bad `count`), said in `dropped`.
 */
export function statsFromOpenLineage(facet: unknown, dropped: string[] = []): ColumnStatsSpec[] | undefined {
  if (!isObject(facet) || !isObject(facet.columnMetrics)) return undefined;
  const stats: ColumnStatsSpec[] = [];
  for (const [column, metrics] of Object.entries(facet.columnMetrics).slice(0, SCHEMA_LIMITS.columns)) {
    if (!isObject(metrics) || !column) continue;
    const whole = (key: string) => {
      const value = metrics[key];
      if (value === undefined || value === null) return undefined;
      if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
      dropped.push(`dataQualityMetrics column ${column}: ${key} must be a whole number ≥ 0 (left out)`);
      return undefined;
    };
    const stat: ColumnStatsSpec = { column: column.slice(0, SCHEMA_LIMITS.name) };
    const count = whole('count');
    if (count !== undefined) stat.count = count;
    const nulls = whole('nullCount');
    if (nulls !== undefined) stat.nulls = nulls;
    const distinct = whole('distinctCount');
    if (distinct !== undefined) stat.distinct = distinct;
    if (typeof metrics.sum === 'number' && Number.isFinite(metrics.sum) && count) stat.mean = metrics.sum / count;
    stats.push(stat);
  }
  return stats.length ? stats : undefined;
}

/**
 * An MLflow dataset's `schema` (JSON text): `{"mlflow_colspec": [{"type": "double", "name": "x",
 * "required": true}, ...]}` as columns (a column that is not required is nullable). Tensor specs
 * (`mlflow_tensorspec`) and unnamed columns give no columns.
 */
export function columnsFromMlflow(text: string | undefined): ColumnSpec[] | undefined {
  const parsed = parseStored<unknown>(text);
  if (!isObject(parsed) || !Array.isArray(parsed.mlflow_colspec)) return undefined;
  const columns: ColumnSpec[] = [];
  for (const spec of parsed.mlflow_colspec.slice(0, SCHEMA_LIMITS.columns)) {
    if (!isObject(spec) || typeof spec.name !== 'string' || !spec.name) continue;
    if (columns.some((column) => column.name === spec.name)) continue;
    const type = typeof spec.type === 'string' ? spec.type : JSON.stringify(spec.type ?? 'unknown');
    const column: ColumnSpec = {
      name: spec.name.slice(0, SCHEMA_LIMITS.name),
      type: type.slice(0, SCHEMA_LIMITS.type),
    };
    if (typeof spec.required === 'boolean') column.nullable = !spec.required;
    columns.push(column);
  }
  return columns.length ? columns : undefined;
}
