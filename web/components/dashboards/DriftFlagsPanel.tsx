'use client';
import { gql } from '../../lib/gql';
import type { DriftFlagsQuery } from '../../lib/gql/graphql';
import Link from 'next/link';
import { formatValue } from '../../lib/dashboards';
import { plural } from '../../lib/format';
import { displayName, isRestricted } from '../../lib/node-summary';
import { entityHref, lineageHref } from '../../lib/routes';
import { useQuery } from '../../lib/use-query';
import { DataState } from '../DataState';

const DRIFT_FLAGS = gql(`
  query DriftFlags($projectId: ID!) {
    driftFlags(projectId: $projectId) {
      kind subjectId previousId column metric measure value threshold explanation
      affectsProduction productionDeploymentIds lineageRootId
      subject { ...NodeSummary }
    }
  }
`);

export type DriftFlag = DriftFlagsQuery['driftFlags'][number];

export const FLAG_WORDS: Record<DriftFlag['kind'], string> = {
  SCHEMA_CHANGE: 'Schema change',
  STATISTICS_DRIFT: 'Statistics drift',
  METRIC_OUTLIER: 'Metric outlier',
  EVALUATION_DROP: 'Evaluation drop',
};

/** The project's open drift and anomaly flags, those reaching production first, each with its lineage. */
export function DriftFlagsPanel({ projectId }: { projectId: string }) {
  const state = useQuery(DRIFT_FLAGS, { projectId });
  return (
    <section className="panel" aria-labelledby="drift-flags-heading">
      <h2 id="drift-flags-heading">Open flags</h2>
      <DataState
        state={state}
        what="drift and anomaly flags"
        isEmpty={(data) => data.driftFlags.length === 0}
        empty={
          <p>
            No open flags: no schema change or statistics drift between versions, no outlier run and no drop in a
            deployed model&apos;s evaluation.
          </p>
        }
      >
        {(data) => {
          const flags = [...data.driftFlags].sort((a, b) => Number(b.affectsProduction) - Number(a.affectsProduction));
          const production = flags.filter((flag) => flag.affectsProduction).length;
          return (
            <>
              <p>
                {plural(flags.length, 'open flag')}
                {production > 0 && <>, {production} reaching production</>}.
              </p>
              <ul className="plain drift-flags">
                {flags.map((flag, i) => (
                  <li key={`${flag.kind}:${flag.subjectId}:${flag.column ?? flag.metric ?? ''}:${i}`}>
                    <strong>{FLAG_WORDS[flag.kind]}</strong>
                    {flag.affectsProduction && <span className="risk"> · reaches production</span>}
                    {' · '}
                    {flag.subject && !isRestricted(flag.subject) ? (
                      <Link href={entityHref(flag.subjectId)}>{displayName(flag.subject)}</Link>
                    ) : (
                      <span>{flag.subject ? displayName(flag.subject) : flag.subjectId}</span>
                    )}
                    <div>{flag.explanation}</div>
                    <div className="subtitle">
                      {flag.measure} {formatValue(flag.value)} (flagged above {formatValue(flag.threshold)})
                      {flag.column && <> · column {flag.column}</>}
                      {flag.metric && <> · metric {flag.metric}</>}
                      {' · '}
                      <Link href={lineageHref(flag.lineageRootId)}>Lineage that explains it</Link>
                    </div>
                  </li>
                ))}
              </ul>
            </>
          );
        }}
      </DataState>
    </section>
  );
}
