'use client';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The `asOf` date in the URL (a link keeps it), or null for today's graph. */
export function useAsOf(): string | null {
  return asOfParam(useSearchParams().get('asOf'));
}

/** An `asOf` search parameter's date, or null when there is none or it is not a date. */
export const asOfParam = (value: string | null): string | null => (value && DATE.test(value) ? value : null);

/** In words, for headings and states: "as of 1 March 2026". */
export function asOfWords(asOf: string): string {
  const date = new Date(`${asOf}T00:00:00Z`);
  return `as of ${date.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })}`;
}

/**
 * "As of" a date: the lineage and impact pages ask the api for the graph as it stood at the end of
 * that day (UTC). Kept in the URL so a link or Back shows the same date.
 */
export function AsOfControl() {
  const asOf = useAsOf();
  const search = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const today = new Date().toISOString().slice(0, 10);
  const choose = (value: string | null) => {
    const next = new URLSearchParams(search.toString());
    if (value && DATE.test(value)) next.set('asOf', value);
    else next.delete('asOf');
    router.replace(`${pathname}?${next.toString()}`, { scroll: false });
  };
  return (
    <span className="as-of">
      <label>
        As of{' '}
        <input
          type="date"
          value={asOf ?? ''}
          max={today}
          onChange={(event) => choose(event.target.value || null)}
          aria-describedby="as-of-help"
        />
      </label>{' '}
      {asOf && (
        <button type="button" onClick={() => choose(null)}>
          Back to today
        </button>
      )}
      <span id="as-of-help" className="hint">
        {asOf
          ? ` Showing the graph ${asOfWords(asOf)} (end of that day, UTC): later versions, links, promotions and owner changes are left out.`
          : ' Pick a date to see the graph as it stood then.'}
      </span>
    </span>
  );
}
