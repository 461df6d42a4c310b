'use client';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { type FormEvent, useState } from 'react';
import { kindStyle, SEARCHABLE_KINDS } from '../../lib/kinds';
import { gql } from '../../lib/gql';
import { useQuery } from '../../lib/use-query';
import { DataState } from '../DataState';
import { NodeLink } from '../NodeLink';

const SEARCH = gql(`
  query Search($text: String!, $kinds: [String!]) {
    search(text: $text, kinds: $kinds, first: 30) { score node { ...NodeSummary } }
  }
`);

/** The search lives in the URL (?q=&kind=), so results can be linked and the back button returns to them. */
export function SearchPanel() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const text = params.get('q') ?? '';
  const kind = params.get('kind') ?? '';
  const [draft, setDraft] = useState(text);

  const go = (nextText: string, nextKind: string) => {
    const query = new URLSearchParams();
    if (nextText.trim()) query.set('q', nextText.trim());
    if (nextKind) query.set('kind', nextKind);
    const suffix = query.toString();
    router.push(suffix ? `${pathname}?${suffix}` : pathname);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    go(draft, kind);
  };

  const state = useQuery(SEARCH, { text, kinds: kind ? [kind] : null }, !text);

  return (
    <section className="panel" aria-labelledby="search-heading">
      <h2 id="search-heading">Search</h2>
      <form className="search-form" role="search" onSubmit={submit}>
        <label htmlFor="search-text" className="skip-link">
          Search text
        </label>
        <input
          id="search-text"
          type="search"
          name="q"
          placeholder="e.g. transactions, churn classifier, xgb"
          value={draft}
          onChange={(event) => setDraft(event.target.value)}
        />
        <label htmlFor="search-kind" className="skip-link">
          Kind
        </label>
        <select id="search-kind" value={kind} onChange={(event) => go(draft, event.target.value)}>
          <option value="">Any kind</option>
          {SEARCHABLE_KINDS.map((option) => (
            <option key={option} value={option}>
              {kindStyle(option).label}
            </option>
          ))}
        </select>
        <button type="submit">Search</button>
      </form>
      {text ? (
        <DataState
          state={state}
          what="search results"
          isEmpty={(data) => data.search.length === 0}
          empty={
            <p>Nothing matches “{text}”. Every word must match the start of a word in a name, description or tag.</p>
          }
        >
          {(data) => (
            <ul className="plain" aria-label="Search results">
              {data.search.map((hit) => (
                <li key={hit.node.id}>
                  <NodeLink node={hit.node} /> <span className="mono subtitle">{hit.node.id}</span>
                </li>
              ))}
            </ul>
          )}
        </DataState>
      ) : (
        <p className="state">Type a name, a description word or a tag, then press Enter.</p>
      )}
    </section>
  );
}
