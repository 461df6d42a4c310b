/** Run comparison: one aliased `run(id:)` per run, and which params differ between them. */
export const MIN_RUNS = 2;
export const MAX_RUNS = 10;

export interface ComparedRun {
  id: string;
  name: string;
  status: string;
  experiment: { id: string; name: string };
  params: { key: string; value: string }[];
  metrics: { key: string; value: number; history: { step: number; value: number }[] }[];
  outputs: { id: string; kind: string }[];
}

export function compareQuery(count: number): string {
  const variables = Array.from({ length: count }, (_, i) => `$r${i}: ID!`).join(', ');
  const fields = Array.from({ length: count }, (_, i) => `r${i}: run(id: $r${i}) { ...Compared }`).join('\n');
  return `
    query Compare(${variables}) { ${fields} }
    fragment Compared on Run {
      id name status experiment { id name }
      params { key value }
      metrics { key value history { step value } }
      outputs { ... on ModelVersion { id kind } }
    }
  `;
}

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
