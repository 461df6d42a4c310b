'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { type FormEvent, useState } from 'react';
import { writeAccess } from '../../lib/access';
import { formatTime } from '../../lib/format';
import type { ReviewConfidence, ReviewDecision } from '../../lib/gql/graphql';
import { graphql } from '../../lib/graphql';
import {
  ADD_REVIEW,
  CONFIDENCE_WORDS,
  DECISION_WORDS,
  type Review,
  type ReviewDraft,
  reviewProblems,
  REVIEWS_QUERY,
} from '../../lib/reviews';
import { signInHref } from '../../lib/routes';
import { useQuery } from '../../lib/use-query';
import { DataState } from '../DataState';
import { usePrincipal } from '../session/SessionProvider';

/**
 * A run's, experiment's or model version's review history (newest first) and, for callers who may
 * write reviews (EDITOR on `projectId`), the form to add one; others are told why there is none.
 */
export function ReviewPanel({
  entityId,
  projectId,
  what,
}: {
  entityId: string;
  projectId: string | null;
  what: string;
}) {
  const state = useQuery(REVIEWS_QUERY, { id: entityId });
  const principal = usePrincipal();
  const pathname = usePathname();
  const access = principal === undefined ? null : writeAccess(principal, projectId, 'reviews');
  // Reviews added from this page, shown at once without reloading the history.
  const [added, setAdded] = useState<Review[]>([]);
  return (
    <section className="panel" aria-labelledby="reviews-heading">
      <h2 id="reviews-heading">Reviews</h2>
      <DataState state={state} what="the reviews">
        {(data) => {
          const loaded = data.node?.reviews ?? [];
          const reviews = [...added.filter((review) => !loaded.some((other) => other.id === review.id)), ...loaded];
          return <ReviewHistory reviews={reviews} what={what} />;
        }}
      </DataState>
      {access?.allowed && (
        <ReviewForm entityId={entityId} onAdded={(review) => setAdded((earlier) => [review, ...earlier])} />
      )}
      {access && !access.allowed && (
        <p className="access-note" role="note">
          {access.reason} {access.signIn && <Link href={signInHref(pathname)}>Sign in</Link>}
        </p>
      )}
    </section>
  );
}

function ReviewHistory({ reviews, what }: { reviews: Review[]; what: string }) {
  if (reviews.length === 0) {
    return <p className="state state-empty">No reviews yet. Be the first to review this {what}.</p>;
  }
  return (
    <ol className="timeline reviews" aria-label="Reviews, newest first">
      {reviews.map((review) => (
        <li key={review.id} aria-label={`${DECISION_WORDS[review.decision]} by ${review.author}`}>
          <span className={`decision decision-${review.decision.toLowerCase()}`}>
            {DECISION_WORDS[review.decision]}
          </span>{' '}
          <span className="subtitle">
            {CONFIDENCE_WORDS[review.confidence]} confidence · {review.author} · {formatTime(review.createdAt)}
          </span>
          <dl className="meta">
            <dt>Objective</dt>
            <dd>{review.objective}</dd>
            <dt>Method</dt>
            <dd>{review.method}</dd>
            <dt>Next action</dt>
            <dd>{review.nextAction ?? '—'}</dd>
          </dl>
        </li>
      ))}
    </ol>
  );
}

const EMPTY_DRAFT: ReviewDraft = { objective: '', method: '', confidence: 'MEDIUM', nextAction: '', decision: '' };

function ReviewForm({ entityId, onAdded }: { entityId: string; onAdded: (review: Review) => void }) {
  const [draft, setDraft] = useState<ReviewDraft>(EMPTY_DRAFT);
  const [checked, setChecked] = useState(false);
  const [saving, setSaving] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; message: string } | null>(null);
  const problems = checked ? reviewProblems(draft) : {};
  const set = (field: keyof ReviewDraft) => (value: string) => setDraft((earlier) => ({ ...earlier, [field]: value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setChecked(true);
    setOutcome(null);
    if (Object.keys(reviewProblems(draft)).length > 0) return;
    setSaving(true);
    try {
      const { addReview } = await graphql(ADD_REVIEW, {
        input: {
          entityId,
          objective: draft.objective,
          method: draft.method,
          // reviewProblems has checked both against the schema's words (CONFIDENCE_WORDS, DECISION_WORDS).
          confidence: draft.confidence as ReviewConfidence,
          nextAction: draft.nextAction.trim() ? draft.nextAction : null,
          decision: draft.decision as ReviewDecision,
        },
      });
      onAdded(addReview);
      setDraft(EMPTY_DRAFT);
      setChecked(false);
      setOutcome({ ok: true, message: 'Review added.' });
    } catch (error) {
      setOutcome({ ok: false, message: (error as Error).message });
    } finally {
      setSaving(false);
    }
  };

  return (
    <form className="review-form" aria-labelledby="review-form-heading" onSubmit={submit} noValidate>
      <h3 id="review-form-heading">Add a review</h3>
      <TextField
        id="review-objective"
        label="Objective"
        hint="What the work set out to show."
        value={draft.objective}
        onChange={set('objective')}
        problem={problems.objective}
        required
      />
      <TextField
        id="review-method"
        label="Method"
        hint="How it was done and checked."
        value={draft.method}
        onChange={set('method')}
        problem={problems.method}
        required
      />
      <div className="form-row">
        <ChoiceField
          id="review-confidence"
          label="Confidence"
          choices={CONFIDENCE_WORDS}
          value={draft.confidence}
          onChange={set('confidence')}
          problem={problems.confidence}
        />
        <ChoiceField
          id="review-decision"
          label="Decision"
          choices={DECISION_WORDS}
          value={draft.decision}
          onChange={set('decision')}
          problem={problems.decision}
        />
      </div>
      <TextField
        id="review-next-action"
        label="Next action (optional)"
        hint="What should happen next."
        value={draft.nextAction}
        onChange={set('nextAction')}
        problem={problems.nextAction}
      />
      <div className="actions">
        <button type="submit" disabled={saving}>
          {saving ? 'Saving…' : 'Add review'}
        </button>
        {saving && (
          <span className="state" role="status">
            Saving the review…
          </span>
        )}
      </div>
      {outcome &&
        (outcome.ok ? (
          <p className="state" role="status">
            {outcome.message}
          </p>
        ) : (
          <div className="state state-error" role="alert">
            <p>
              <strong>The review was not saved.</strong> {outcome.message}
            </p>
          </div>
        ))}
    </form>
  );
}

function TextField(props: {
  id: string;
  label: string;
  hint: string;
  value: string;
  onChange: (value: string) => void;
  problem?: string;
  required?: boolean;
}) {
  const describedBy = `${props.id}-hint${props.problem ? ` ${props.id}-problem` : ''}`;
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <span id={`${props.id}-hint`} className="subtitle">
        {props.hint}
      </span>
      <textarea
        id={props.id}
        rows={2}
        value={props.value}
        required={props.required}
        aria-invalid={props.problem ? true : undefined}
        aria-describedby={describedBy}
        onChange={(event) => props.onChange(event.target.value)}
      />
      {props.problem && (
        <span id={`${props.id}-problem`} className="field-problem">
          {props.problem}
        </span>
      )}
    </div>
  );
}

function ChoiceField(props: {
  id: string;
  label: string;
  choices: Record<string, string>;
  value: string;
  onChange: (value: string) => void;
  problem?: string;
}) {
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <select
        id={props.id}
        value={props.value}
        aria-invalid={props.problem ? true : undefined}
        aria-describedby={props.problem ? `${props.id}-problem` : undefined}
        onChange={(event) => props.onChange(event.target.value)}
      >
        {!props.value && <option value="">Choose…</option>}
        {Object.entries(props.choices).map(([value, words]) => (
          <option key={value} value={value}>
            {words}
          </option>
        ))}
      </select>
      {props.problem && (
        <span id={`${props.id}-problem`} className="field-problem">
          {props.problem}
        </span>
      )}
    </div>
  );
}
