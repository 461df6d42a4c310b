import { gql } from './gql';
import type { ComparedFragment } from './gql/graphql';
import type { Merged } from './merged';

/** Run comparison: each run's `run(id:)`, and which params differ between them. */
export const MIN_RUNS = 2;
export const MAX_RUNS = 10;

/** One run as the comparison reads it; the page asks for each named run at once (at most MAX_RUNS). */
export const COMPARED_RUN_QUERY = gql(`
  query ComparedRun($id: ID!) { run(id: $id) { ...Compared } }
  fragment Compared on Run {
    id name status experiment { id name }
    params { key value }
    metrics { key value history { step value } }
    outputs { ... on ModelVersion { id kind } }
  }
`);

export type ComparedRun = Merged<ComparedFragment>;

export function parseRunIds(param: string | null): string[] {
  return [
    ...new Set(
      (param ?? '')
        .split(',')
        .map((id) => id.trim())
        .filter(Boolean),
    ),
  ];
}

export interface ParamRow {
  key: string;
  values: (string | null)[];
  differs: boolean;
}

/** Every param key of any run, with each run's value (null when it has none) and whether they differ. */
export function paramRows(runs: ComparedRun[]): ParamRow[] {
  const keys = [...new Set(runs.flatMap((run) => run.params.map((param) => param.key)))].sort();
  return keys.map((key) => {
    const values = runs.map((run) => run.params.find((param) => param.key === key)?.value ?? null);
    return { key, values, differs: new Set(values).size > 1 };
  });
}

export const metricKeys = (runs: ComparedRun[]) =>
  [...new Set(runs.flatMap((run) => run.metrics.map((metric) => metric.key)))].sort();
