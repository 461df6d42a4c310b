'use client';
import Link from 'next/link';
import { CHANGE_WORDS, MIGRATIONS_OF_QUERY } from '../../lib/migrations';
import { migrationHref } from '../../lib/routes';
import { useQuery } from '../../lib/use-query';
import { DataState } from '../DataState';

/** The migrations planned of a dataset (its versions' included) or a version, each linking to its page. */
export function MigrationsPanel({ targetId }: { targetId: string }) {
  const state = useQuery(MIGRATIONS_OF_QUERY, { targetId });
  return (
    <section className="panel" aria-labelledby="migrations-heading">
      <h2 id="migrations-heading">Planned migrations</h2>
      <DataState
        state={state}
        what="the planned migrations"
        isEmpty={(data) => data.migrations.length === 0}
        empty={<p>No migration planned. A maintainer plans one with planMigration or `mnemo migration plan`.</p>}
      >
        {(data) => (
          <ul className="plain">
            {data.migrations.map((migration) => {
              const answered = migration.acknowledgements.filter((ack) => ack.state !== 'PENDING').length;
              return (
                <li key={migration.id}>
                  <Link href={migrationHref(migration.id)}>{migration.name}</Link>
                  <div className="subtitle">
                    {CHANGE_WORDS[migration.changeKind] ?? migration.changeKind}, effective{' '}
                    {new Date(migration.effectiveAt).toUTCString()}; {answered} of {migration.acknowledgements.length}{' '}
                    owner(s) answered
                  </div>
                </li>
              );
            })}
          </ul>
        )}
      </DataState>
    </section>
  );
}
