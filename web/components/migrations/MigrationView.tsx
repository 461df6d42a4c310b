'use client';
import Link from 'next/link';
import { useState } from 'react';
import { graphql } from '../../lib/graphql';
import { ENVIRONMENT_WORDS, kindStyle } from '../../lib/kinds';
import {
  CHANGE_WORDS,
  MIGRATION_QUERY,
  ownersToRemind,
  type PlannedMigration,
  radiusAsPlannedAndNow,
  REMIND_OWNERS,
  STATE_WORDS,
} from '../../lib/migrations';
import { entityHref, impactHref } from '../../lib/routes';
import { useQuery } from '../../lib/use-query';
import { DataState } from '../DataState';

/** A planned migration: who has answered, the production deployments still at risk, and the blast radius then and now. */
export function MigrationView({ id }: { id: string }) {
  const state = useQuery(MIGRATION_QUERY, { id });
  return (
    <>
      <h1>Planned migration</h1>
      <p className="subtitle mono">{id}</p>
      <DataState state={state} what="the planned migration">
        {(data) => <Migration migration={data.migration} />}
      </DataState>
    </>
  );
}

function Migration({ migration }: { migration: PlannedMigration }) {
  const { status } = migration;
  return (
    <article>
      <p>
        <strong>{CHANGE_WORDS[migration.changeKind] ?? migration.changeKind}</strong>{' '}
        {migration.columns.length > 0 && <>columns {migration.columns.join(', ')} of </>}
        <Link href={entityHref(migration.targetId)}>{migration.targetId}</Link>, effective{' '}
        {new Date(migration.effectiveAt).toUTCString()}. Planned by {migration.plannedBy}.
      </p>
      {migration.note && <blockquote>{migration.note}</blockquote>}
      <p role="status">{status.summary}</p>
      <nav className="actions" aria-label="Links">
        <Link href={impactHref(migration.targetId)}>Impact of the target today</Link>
      </nav>
      <AtRisk migration={migration} />
      <div className="grid-main-side">
        <BlastRadiusTable migration={migration} />
        <div>
          <Acknowledgements migration={migration} />
          <Reminder migration={migration} />
        </div>
      </div>
    </article>
  );
}

function AtRisk({ migration }: { migration: PlannedMigration }) {
  const atRisk = migration.status.productionDeploymentsAtRisk;
  return (
    <section className={`panel${atRisk.length ? ' risk' : ''}`} aria-labelledby="at-risk-heading">
      <h2 id="at-risk-heading">Production deployments at risk ({atRisk.length})</h2>
      {atRisk.length === 0 ? (
        <p className="state state-empty">
          None: every production deployment downstream has owners who acknowledged or are ready.
        </p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Deployment</th>
              <th scope="col">Waiting on</th>
            </tr>
          </thead>
          <tbody>
            {atRisk.map(({ deployment, waitingOn, reason }) => (
              <tr key={deployment.id}>
                <td>
                  <Link href={entityHref(deployment.id)}>{deployment.name}</Link>
                </td>
                <td>
                  {waitingOn.length === 0
                    ? reason
                    : waitingOn.map((owner) => (
                        <div key={owner.ownerId}>
                          <Link href={entityHref(owner.ownerId)}>{owner.ownerId}</Link>:{' '}
                          {(STATE_WORDS[owner.state] ?? owner.state).toLowerCase()}
                        </div>
                      ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function Acknowledgements({ migration }: { migration: PlannedMigration }) {
  const acknowledgements = migration.acknowledgements;
  return (
    <section className="panel" aria-labelledby="acks-heading">
      <h2 id="acks-heading">Acknowledgements ({acknowledgements.length})</h2>
      {acknowledgements.length === 0 ? (
        <p className="state state-empty">Nobody owns anything downstream: there was no one to ask.</p>
      ) : (
        <ul className="plain">
          {acknowledgements.map((ack) => (
            <li key={ack.ownerId}>
              <Link href={entityHref(ack.ownerId)}>{ack.ownerId}</Link>: <strong>{STATE_WORDS[ack.state]}</strong>
              {ack.respondedBy && ack.respondedBy !== ack.ownerId && (
                <span className="subtitle"> (answered by {ack.respondedBy})</span>
              )}
              {ack.comment && <blockquote>{ack.comment}</blockquote>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

const CHANGE_LABELS = { new: 'New since planning', gone: 'No longer affected', unchanged: '' } as const;

function BlastRadiusTable({ migration }: { migration: PlannedMigration }) {
  const { planned, current } = migration.status;
  const items = radiusAsPlannedAndNow(migration);
  return (
    <section className="panel" aria-labelledby="radius-heading">
      <h2 id="radius-heading">
        Blast radius: {planned.total} as planned, {current.total} now
      </h2>
      {(planned.truncated || current.truncated) && <p>The analysis stopped at a limit; there is more.</p>}
      {items.length === 0 ? (
        <p className="state state-empty">Nothing depends on the target: no one downstream, then or now.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Kind</th>
              <th scope="col">Steps away</th>
              <th scope="col">Owners</th>
              <th scope="col">Since planning</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={item.id} className={item.change === 'unchanged' ? undefined : `radius-${item.change}`}>
                <td>
                  {item.id.startsWith('restricted:') ? (
                    <span className="restricted">{item.name}</span>
                  ) : (
                    <Link href={entityHref(item.id)}>{item.name}</Link>
                  )}
                  {item.production && <span className="subtitle"> ({ENVIRONMENT_WORDS.PROD})</span>}
                </td>
                <td>{kindStyle(item.kind).label}</td>
                <td>{item.depth}</td>
                <td>{item.ownerIds.join(', ') || '—'}</td>
                <td>{CHANGE_LABELS[item.change]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** "Ask the owners again": records the reminder (audited); notifications deliver it. */
function Reminder({ migration }: { migration: PlannedMigration }) {
  const owners = ownersToRemind(migration.acknowledgements);
  const [state, setState] = useState<{ status: 'idle' | 'sending' | 'sent' } | { status: 'error'; message: string }>({
    status: 'idle',
  });
  const send = async () => {
    setState({ status: 'sending' });
    try {
      await graphql(REMIND_OWNERS, { id: migration.id });
      setState({ status: 'sent' });
    } catch (error) {
      setState({ status: 'error', message: (error as Error).message });
    }
  };
  return (
    <section className="panel" aria-labelledby="remind-heading">
      <h2 id="remind-heading">Ask the owners again</h2>
      {owners.length === 0 ? (
        <p className="state state-empty">Every owner asked has acknowledged or is ready.</p>
      ) : (
        <>
          <p>{owners.join(', ')} have not cleared this migration.</p>
          <button type="button" onClick={send} disabled={state.status === 'sending'}>
            {state.status === 'sending' ? 'Recording the reminder…' : 'Notify again'}
          </button>
        </>
      )}
      {state.status === 'sent' && (
        <p role="status">Reminder recorded for {owners.length} owner(s); notifications deliver it to them.</p>
      )}
      {state.status === 'error' && (
        <p className="state state-error" role="alert">
          Could not record the reminder. {state.message}
        </p>
      )}
    </section>
  );
}
