import type { EntityNode } from '../../lib/entity-query';
import { formatTime } from '../../lib/format';
import { MetricChart } from '../MetricChart';
import { NodeLink } from '../NodeLink';
import Link from 'next/link';
import { entityHref } from '../../lib/routes';

const value = (text: string | number | boolean | null | undefined) =>
  text === null || text === undefined || text === '' ? '—' : String(text);

const streaming = (run: EntityNode) => run.processingType === 'STREAMING' && run.status === 'RUNNING';

/** A streaming job's run is not "running forever": it says it streams, and when it last reported. */
function statusInWords(run: EntityNode): string {
  if (!streaming(run)) return run.status?.toLowerCase() ?? '—';
  return run.lastEventAt ? `streaming, last event ${formatTime(run.lastEventAt)}` : 'streaming';
}

/** A run's recipe and results: params, metric histories, code, environment, inputs and outputs, cost. */
export function RunDetails({ run }: { run: EntityNode }) {
  const params = run.params ?? [];
  const metrics = run.metrics ?? [];
  return (
    <>
      <section className="panel" aria-labelledby="run-heading">
        <h2 id="run-heading">Run</h2>
        <dl className="meta">
          <dt>Status</dt>
          <dd>{statusInWords(run)}</dd>
          <dt>Experiment</dt>
          <dd>{run.experiment ? <Link href={entityHref(run.experiment.id)}>{run.experiment.name}</Link> : '—'}</dd>
          <dt>Started</dt>
          <dd>{formatTime(run.startedAt)}</dd>
          <dt>Ended</dt>
          <dd>{run.endedAt ? formatTime(run.endedAt) : streaming(run) ? 'streams until stopped' : 'still running'}</dd>
          <dt>Compute cost</dt>
          <dd>{run.computeCostUsd == null ? 'not recorded' : `$${run.computeCostUsd.toFixed(2)}`}</dd>
          <dt>Seed</dt>
          <dd>{value(run.seed)}</dd>
          <dt>Entry point</dt>
          <dd className="mono">{value(run.entryPoint)}</dd>
          <dt>Code</dt>
          <dd className="mono">
            {value(run.code?.repo)} @ {value(run.code?.branch)} {value(run.code?.commit)}
            {run.code?.dirty ? ' (uncommitted changes)' : ''}
          </dd>
          <dt>Language</dt>
          <dd>{value(run.runEnvironment?.languageVersion)}</dd>
          <dt>Lock file</dt>
          <dd className="mono">{value(run.runEnvironment?.packageLockDigest)}</dd>
          <dt>Image</dt>
          <dd className="mono">{value(run.runEnvironment?.imageDigest)}</dd>
          <dt>Hardware</dt>
          <dd>
            {value(run.infrastructure?.instanceType)}
            {run.infrastructure?.accelerators.length
              ? `, ${run.infrastructure.acceleratorCount} × ${run.infrastructure.accelerators.join(', ')}`
              : ''}
            {run.infrastructure?.region ? ` in ${run.infrastructure.region}` : ''}
          </dd>
          {run.runTags && run.runTags.length > 0 && (
            <>
              <dt>Tags</dt>
              <dd>{run.runTags.map((tag) => `${tag.key}=${tag.value}`).join(', ')}</dd>
            </>
          )}
        </dl>
      </section>

      <section className="panel" aria-labelledby="params-heading">
        <h2 id="params-heading">Params ({params.length})</h2>
        {params.length === 0 ? (
          <p className="state state-empty">No params logged.</p>
        ) : (
          <table>
            <tbody>
              {params.map((param) => (
                <tr key={param.key}>
                  <th scope="row">{param.key}</th>
                  <td className="mono">{param.value}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section className="panel" aria-labelledby="metrics-heading">
        <h2 id="metrics-heading">Metrics ({metrics.length})</h2>
        {metrics.length === 0 ? (
          <p className="state state-empty">No metrics logged.</p>
        ) : (
          <div className="chart-grid">
            {metrics.map((metric) => (
              <MetricChart
                key={metric.key}
                title={`${metric.key} (latest ${metric.value} at step ${metric.step})`}
                series={[{ label: metric.key, colour: '#1d4ed8', points: metric.history }]}
              />
            ))}
          </div>
        )}
      </section>

      <section className="panel" aria-labelledby="io-heading">
        <h2 id="io-heading">Inputs and outputs</h2>
        <div className="grid-2">
          <div>
            <h3>Used</h3>
            {run.inputs?.length ? (
              <ul className="plain">
                {run.inputs.map((input) => (
                  <li key={input.version.id}>
                    <NodeLink node={input.version} /> {input.role && <span className="subtitle">as {input.role}</span>}
                    {input.version.digest && <div className="mono subtitle">{input.version.digest}</div>}
                  </li>
                ))}
              </ul>
            ) : (
              <p className="state state-empty">No inputs recorded.</p>
            )}
          </div>
          <div>
            <h3>Generated</h3>
            {run.outputs?.length ? (
              <ul className="plain">
                {run.outputs.map((output) => (
                  <li key={output.id}>
                    <NodeLink node={output} />
                  </li>
                ))}
              </ul>
            ) : (
              <p className="state state-empty">No outputs recorded.</p>
            )}
          </div>
        </div>
      </section>
    </>
  );
}
