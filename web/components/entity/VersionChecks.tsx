import type { EntityNode } from '../../lib/entity-query';
import { entityHref } from '../../lib/routes';
import Link from 'next/link';

/**
 * The data-quality checks recorded about a dataset or feature set version (dbt tests through
 * OpenLineage, checks a training run declared), each with its result in words and the run that
 * recorded it. Other kinds have no such list and show nothing.
 */
export function VersionChecks({ node }: { node: EntityNode }) {
  const checks = node.dataQualityChecks;
  if (checks === undefined) return null;
  return (
    <section aria-labelledby="version-checks-heading">
      <h2 id="version-checks-heading">Data-quality checks</h2>
      <QualityChecks checks={checks} label="Data-quality checks of this version" />
    </section>
  );
}

/** A version's checks as a sentence and a table; `label` names the table. */
export function QualityChecks(props: { checks: { name: string; passed: boolean; runId: string }[]; label: string }) {
  const { checks } = props;
  if (checks.length === 0) return <p>No data-quality checks were recorded about this version.</p>;
  const failed = checks.filter((check) => !check.passed).length;
  return (
    <>
      <p>{failed === 0 ? `All ${checks.length} checks passed.` : `${failed} of ${checks.length} checks failed.`}</p>
      <table aria-label={props.label}>
        <thead>
          <tr>
            <th scope="col">Check</th>
            <th scope="col">Result</th>
            <th scope="col">Recorded by</th>
          </tr>
        </thead>
        <tbody>
          {checks.map((check) => (
            <tr key={`${check.name}@${check.runId}`}>
              <td className="mono">{check.name}</td>
              <td className={check.passed ? 'gate-passed' : 'gate-failed'}>{check.passed ? 'passed' : 'failed'}</td>
              <td>
                <Link href={entityHref(check.runId)}>{check.runId}</Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
