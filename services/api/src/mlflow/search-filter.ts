import type { RunFilter, RunOrder } from '../runs/runs.service';
import { MlflowError } from './mlflow-errors';

/**
 * MLflow's search_runs filter strings, the common subset: clauses joined by `and`, each
 * `metrics.<key> <op> <number>` (op: = != > >= < <=) or `params.<key> = '<value>'`, or
 * `attributes.status = '<STATUS>'`. Keys may be backquoted. Anything else is refused plainly.
 */
export interface ParsedRunFilter {
  params: NonNullable<RunFilter['params']>;
  metrics: NonNullable<RunFilter['metrics']>;
  status: string | null;
}

export function parseRunFilter(filter: string | undefined): ParsedRunFilter {
  const result: ParsedRunFilter = {
    params: [],
    metrics: [],
    status: null,
  };
  const text = (filter ?? '').trim();
  if (!text) return result;
  for (const clause of text.split(/\s+and\s+/i)) {
    const match =
      /^(metrics|metric|params|param|attributes|attribute|attr)\.(`[^`]+`|"[^"]+"|[\w./ -]+?)\s*(=|!=|>=|<=|>|<)\s*(.+)$/i.exec(
        clause.trim(),
      );
    if (!match) throw invalid(`cannot read the filter clause "${clause.trim()}"`);
    const [, entity, rawKey, op, rawValue] = match;
    const key = rawKey.replace(/^[`"]|[`"]$/g, '');
    const kind = entity.toLowerCase();
    if (kind.startsWith('metric')) {
      const value = Number(rawValue.trim());
      if (!Number.isFinite(value)) throw invalid(`metric "${key}" must be compared with a number`);
      result.metrics.push({ key, op: METRIC_OPS[op], value });
    } else if (kind.startsWith('param')) {
      if (op !== '=') throw invalid(`params can only be compared with =, not ${op}`);
      result.params.push({ key, value: unquote(rawValue) });
    } else {
      if (key !== 'status' || op !== '=') throw invalid(`only attributes.status = '...' is supported`);
      result.status = unquote(rawValue);
    }
  }
  return result;
}

/** MLflow's order_by, the first entry: `metrics.<key> [ASC|DESC]` or `start_time`/`attributes.start_time`. */
export function parseRunOrder(orderBy: string[] | undefined): RunOrder {
  const first = orderBy?.[0]?.trim();
  if (!first) return { by: 'STARTED_AT', direction: 'DESC' };
  const match = /^(?:(metrics|attributes)\.)?(`[^`]+`|[\w./ -]+?)(?:\s+(ASC|DESC))?$/i.exec(first);
  if (!match) throw invalid(`cannot read order_by "${first}"`);
  const [, entity, rawKey, direction] = match;
  const key = rawKey.replace(/^`|`$/g, '');
  const descending = (direction ?? 'ASC').toUpperCase() === 'DESC';
  if (entity?.toLowerCase() === 'metrics') {
    return { by: 'METRIC', metricKey: key, direction: descending ? 'DESC' : 'ASC' };
  }
  if (key === 'start_time') return { by: 'STARTED_AT', direction: direction ? (descending ? 'DESC' : 'ASC') : 'DESC' };
  throw invalid(`order_by supports metrics.<key> and start_time; got "${first}"`);
}

const METRIC_OPS: Record<string, string> = { '=': 'EQ', '!=': 'NE', '>': 'GT', '>=': 'GTE', '<': 'LT', '<=': 'LTE' };

function unquote(raw: string): string {
  const value = raw.trim();
  const quoted = /^'(.*)'$/.exec(value) ?? /^"(.*)"$/.exec(value);
  if (!quoted) throw invalid(`the value ${value} must be quoted`);
  return quoted[1];
}

const invalid = (message: string) => new MlflowError('INVALID_PARAMETER_VALUE', `Invalid filter: ${message}.`);
