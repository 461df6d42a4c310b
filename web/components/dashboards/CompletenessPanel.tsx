'use client';
import { gql } from '../../lib/gql';
import Link from 'next/link';
import { plural } from '../../lib/format';
import { kindStyle } from '../../lib/kinds';
import { percentage } from '../../lib/metadata';
import { displayName } from '../../lib/node-summary';
import { entityHref } from '../../lib/routes';
import { useQuery } from '../../lib/use-query';
import { DataState } from '../DataState';

const COMPLETENESS = gql(`
  query ProjectCompleteness($projectId: ID!) {
    projectCompleteness(projectId: $projectId, worst: 5) {
      score entities
      kinds { kind count averageScore }
      worstOffenders {
        score missingRequired missingRecommended
        entity { ...NodeSummary }
      }
    }
  }
`);

/** How complete the project's governed metadata is: overall, per kind, and the least complete. */
export function CompletenessPanel({ projectId }: { projectId: string }) {
  const state = useQuery(COMPLETENESS, { projectId });
  return (
    <section className="panel completeness" aria-labelledby="completeness-heading">
      <h2 id="completeness-heading">Metadata completeness</h2>
      <DataState
        state={state}
        what="metadata completeness"
        isEmpty={(data) => data.projectCompleteness.entities === 0}
        empty={
          <p>Nothing governed in this project yet: completeness is scored once it has datasets, runs or models.</p>
        }
      >
        {({ projectCompleteness: completeness }) => (
          <>
            <p>
              <strong>{percentage(completeness.score)}</strong> on average over{' '}
              {plural(completeness.entities, 'governed entity', 'governed entities')}.
            </p>
            <meter
              min={0}
              max={1}
              value={completeness.score}
              aria-label={`Completeness ${percentage(completeness.score)}`}
            />
            <table aria-label="Completeness by kind">
              <thead>
                <tr>
                  <th scope="col">Kind</th>
                  <th scope="col">Entities</th>
                  <th scope="col">Average</th>
                </tr>
              </thead>
              <tbody>
                {completeness.kinds.map((kind) => (
                  <tr key={kind.kind}>
                    <th scope="row">{capitalised(kindStyle(kind.kind).plural)}</th>
                    <td>{kind.count}</td>
                    <td style={{ whiteSpace: 'nowrap' }}>
                      <meter
                        min={0}
                        max={1}
                        value={kind.averageScore}
                        aria-label={`${kindStyle(kind.kind).plural} ${percentage(kind.averageScore)}`}
                      />{' '}
                      {percentage(kind.averageScore)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <h3>Least complete</h3>
            {completeness.worstOffenders.length === 0 ? (
              <p className="state state-empty">Every governed entity has all its required and recommended fields.</p>
            ) : (
              <ul className="plain">
                {completeness.worstOffenders.map((offender) => (
                  <li key={offender.entity.id}>
                    <Link href={entityHref(offender.entity.id)}>{displayName(offender.entity)}</Link> (
                    {kindStyle(offender.entity.kind).label.toLowerCase()}, {percentage(offender.score)})
                    <div className="subtitle">
                      {offender.missingRequired.length > 0 && (
                        <>Missing required: {offender.missingRequired.join(', ')}. </>
                      )}
                      {offender.missingRecommended.length > 0 && (
                        <>Missing recommended: {offender.missingRecommended.join(', ')}.</>
                      )}
                    </div>
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </DataState>
    </section>
  );
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
