'use client';
import Link from 'next/link';
import { formatTime } from '../../lib/format';
import {
  type Approval,
  GOVERNANCE_QUERY,
  type GateResult,
  type Promotion,
  type PromotionHistory,
} from '../../lib/governance';
import { ENVIRONMENT_WORDS } from '../../lib/kinds';
import { entityHref } from '../../lib/routes';
import { useQuery } from '../../lib/use-query';
import { DataState } from '../DataState';

const environmentWords = (environment: string) => ENVIRONMENT_WORDS[environment] ?? environment;

/**
 * How a model version reached where it serves: each promotion with the gates it passed, and each
 * approval with the gate results at the time. On a deployment page, those of the version it serves.
 */
export function PromotionHistoryPanel({ entityId }: { entityId: string }) {
  const state = useQuery(GOVERNANCE_QUERY, { id: entityId });
  return (
    <section className="panel" aria-labelledby="promotions-heading">
      <h2 id="promotions-heading">Promotions and approvals</h2>
      <DataState state={state} what="the promotion and approval history">
        {(data) => {
          if (data.node?.kind === 'Deployment') {
            const served = data.node.modelVersion;
            if (!served) return <p className="state state-empty">This deployment serves no model version.</p>;
            return (
              <>
                <p>
                  Serves{' '}
                  <Link href={entityHref(served.id)}>
                    {served.model?.name ?? served.id} v{served.version}
                  </Link>
                  . Its history:
                </p>
                <History history={served} />
              </>
            );
          }
          return data.node?.promotions ? <History history={data.node as PromotionHistory} /> : null;
        }}
      </DataState>
    </section>
  );
}

function History({ history }: { history: PromotionHistory }) {
  return (
    <>
      <h3>Promotions ({history.promotions.length})</h3>
      {history.promotions.length === 0 ? (
        <p className="state state-empty">Never promoted.</p>
      ) : (
        <ol className="timeline" aria-label="Promotions, newest first">
          {history.promotions.map((promotion) => (
            <PromotionItem key={promotion.id} promotion={promotion} />
          ))}
        </ol>
      )}
      <h3>Approvals ({history.approvals.length})</h3>
      {history.approvals.length === 0 ? (
        <p className="state state-empty">No approvals yet.</p>
      ) : (
        <ol className="timeline" aria-label="Approvals, newest first">
          {history.approvals.map((approval) => (
            <ApprovalItem key={approval.id} approval={approval} />
          ))}
        </ol>
      )}
    </>
  );
}

function PromotionItem({ promotion }: { promotion: Promotion }) {
  const label = `Promoted to ${environmentWords(promotion.environment)} by ${promotion.actor}`;
  return (
    <li aria-label={label}>
      <strong>{label}</strong> <span className="subtitle">{formatTime(promotion.createdAt)}</span>
      <div className="subtitle">
        {promotion.deployment ? (
          <>
            into <Link href={entityHref(promotion.deployment.id)}>{promotion.deployment.name}</Link>
          </>
        ) : (
          'deployment no longer recorded'
        )}
        {' · '}
        {promotion.previousVersionId ? (
          <>
            replacing <Link href={entityHref(promotion.previousVersionId)}>{promotion.previousVersionId}</Link>
          </>
        ) : (
          'nothing served there before'
        )}
      </div>
      <GateTable
        gates={promotion.gateResults}
        caption={`Gates checked for the promotion to ${environmentWords(promotion.environment)}`}
      />
    </li>
  );
}

function ApprovalItem({ approval }: { approval: Approval }) {
  const label = `Approved for ${environmentWords(approval.environment)} by ${approval.approver}`;
  return (
    <li aria-label={label}>
      <strong>{label}</strong> <span className="subtitle">{formatTime(approval.createdAt)}</span>
      <div>“{approval.rationale}”</div>
      <div className="subtitle">
        {approval.passed ? 'Every gate passed when it was approved.' : 'Some gates were failing when it was approved.'}
      </div>
      <GateTable
        gates={approval.gateResults}
        caption={`Gates at the time of the approval for ${environmentWords(approval.environment)}`}
      />
    </li>
  );
}

function GateTable({ gates, caption }: { gates: GateResult[]; caption: string }) {
  if (gates.length === 0) return <p className="state state-empty">No gates applied.</p>;
  return (
    <table className="gates" aria-label={caption}>
      <thead>
        <tr>
          <th scope="col">Gate</th>
          <th scope="col">Result</th>
          <th scope="col">Actual</th>
          <th scope="col">Required</th>
        </tr>
      </thead>
      <tbody>
        {gates.map((gate) => (
          <tr key={gate.name} aria-label={`${gate.name}: ${gate.passed ? 'passed' : 'failed'}`}>
            <th scope="row">
              {gate.name}
              <div className="gate-message">{gate.message}</div>
            </th>
            <td className={gate.passed ? 'gate-passed' : 'gate-failed'}>{gate.passed ? 'passed' : 'failed'}</td>
            <td className="gate-value">{gate.actual ?? 'not recorded'}</td>
            <td className="gate-value">{gate.required ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
