'use client';
import type { ComparedRun } from '../../lib/compare';
import { gql } from '../../lib/gql';
import { useQuery } from '../../lib/use-query';
import { DataState } from '../DataState';
import { NodeLink } from '../NodeLink';

const DIFF = gql(`
  query Diff($a: ID!, $b: ID!) {
    lineageDiff(a: $a, b: $b) {
      a { ...NodeSummary } b { ...NodeSummary }
      dataOnlyInA { ...NodeSummary } dataOnlyInB { ...NodeSummary }
      code { field a b } environment { field a b } seed { field a b } params { field a b }
    }
  }
`);

/** What differs upstream of the model versions the first two model-producing runs generated. */
export function ModelDiff({ runs }: { runs: ComparedRun[] }) {
  const models = runs.map((run) => run.outputs.find((output) => output.kind === 'ModelVersion')?.id).filter(Boolean);
  const [a, b] = models as string[];
  const state = useQuery(DIFF, { a, b }, models.length < 2);
  return (
    <section className="panel" aria-labelledby="diff-heading">
      <h2 id="diff-heading">Upstream differences of the models they trained</h2>
      {models.length < 2 ? (
        <p className="state state-empty">
          Fewer than two of these runs generated a model version, so there is no model lineage to compare.
        </p>
      ) : (
        <DataState state={state} what="the lineage difference">
          {({ lineageDiff: diff }) => {
            const fields = [...diff.code, ...diff.environment, ...(diff.seed ? [diff.seed] : []), ...diff.params];
            return (
              <>
                <p>
                  <NodeLink node={diff.a} /> against <NodeLink node={diff.b} />
                </p>
                <div className="grid-2">
                  <div>
                    <h3>Data only the first used</h3>
                    {diff.dataOnlyInA.length ? (
                      diff.dataOnlyInA.map((node) => (
                        <div key={node.id}>
                          <NodeLink node={node} />
                        </div>
                      ))
                    ) : (
                      <p className="state">none</p>
                    )}
                  </div>
                  <div>
                    <h3>Data only the second used</h3>
                    {diff.dataOnlyInB.length ? (
                      diff.dataOnlyInB.map((node) => (
                        <div key={node.id}>
                          <NodeLink node={node} />
                        </div>
                      ))
                    ) : (
                      <p className="state">none</p>
                    )}
                  </div>
                </div>
                {fields.length === 0 ? (
                  <p className="state">Same code, environment, seed and params.</p>
                ) : (
                  <table>
                    <thead>
                      <tr>
                        <th scope="col">Differs in</th>
                        <th scope="col">First</th>
                        <th scope="col">Second</th>
                      </tr>
                    </thead>
                    <tbody>
                      {fields.map((field) => (
                        <tr key={field.field}>
                          <th scope="row">{field.field}</th>
                          <td className="mono">{field.a ?? '—'}</td>
                          <td className="mono">{field.b ?? '—'}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
              </>
            );
          }}
        </DataState>
      )}
    </section>
  );
}
