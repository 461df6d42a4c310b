'use client';
import Link from 'next/link';
import { type CostGroup, formatUsd, GROUPING_WORDS, type Grouping } from '../../lib/dashboards';
import { plural } from '../../lib/format';
import { entityHref } from '../../lib/routes';

/** A group's key names an entity (an experiment, a model, a user) except months, declared families and "none". */
const linksToEntity = (grouping: Grouping, key: string) =>
  grouping !== 'MONTH' && key.includes(':') && !key.startsWith('family:');

/**
 * One roll-up of the cost page: each group's spend split by where the figure comes from (recorded by
 * the client, derived from the price table) and how many of its runs have no known cost.
 */
export function CostTable({ heading, grouping, groups }: { heading: string; grouping: Grouping; groups: CostGroup[] }) {
  const id = `cost-${grouping.toLowerCase()}-heading`;
  const noun = GROUPING_WORDS[grouping];
  return (
    <section aria-labelledby={id}>
      <h3 id={id}>{heading}</h3>
      <table aria-label={`Spend by ${noun}`}>
        <thead>
          <tr>
            <th scope="col">{noun.charAt(0).toUpperCase() + noun.slice(1)}</th>
            <th scope="col">Runs</th>
            <th scope="col">Total</th>
            <th scope="col">Recorded</th>
            <th scope="col">Derived from prices</th>
            <th scope="col">Unknown cost</th>
          </tr>
        </thead>
        <tbody>
          {groups.map((group) => (
            <tr key={group.key}>
              <th scope="row">
                {linksToEntity(grouping, group.key) ? (
                  <Link href={entityHref(group.key)}>{group.label}</Link>
                ) : (
                  group.label
                )}
              </th>
              <td>{group.runCount}</td>
              <td>{formatUsd(group.totalUsd)}</td>
              <td>{formatUsd(group.recordedUsd)}</td>
              <td>{formatUsd(group.derivedUsd)}</td>
              <td>{group.unknownCount === 0 ? 'none' : plural(group.unknownCount, 'run')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
