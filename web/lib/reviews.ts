import { gql } from './gql';
import type { ReviewFieldsFragment } from './gql/graphql';

/** Reviews of runs, experiments and model versions: what the review panel reads and writes. */
export const REVIEW_FIELDS = gql(`
  fragment ReviewFields on Review { id createdAt author objective method confidence nextAction decision }
`);

export const REVIEWS_QUERY = gql(`
  query Reviews($id: ID!) {
    node(id: $id) {
      id
      ... on Run { reviews { ...ReviewFields } }
      ... on Experiment { reviews { ...ReviewFields } }
      ... on ModelVersion { reviews { ...ReviewFields } }
    }
  }
`);

export const ADD_REVIEW = gql(`
  mutation AddReview($input: AddReviewInput!) {
    addReview(input: $input) { ...ReviewFields }
  }
`);

/** The kinds a review may be about (the API refuses others). */
export const REVIEWED_KINDS = ['Run', 'Experiment', 'ModelVersion'];

export type Review = ReviewFieldsFragment;

export interface ReviewDraft {
  objective: string;
  method: string;
  confidence: string;
  nextAction: string;
  decision: string;
}

export const CONFIDENCE_WORDS: Record<string, string> = { LOW: 'Low', MEDIUM: 'Medium', HIGH: 'High' };

export const DECISION_WORDS: Record<string, string> = {
  APPROVED: 'Approved',
  CHANGES_REQUESTED: 'Changes requested',
  REJECTED: 'Rejected',
  NO_DECISION: 'No decision (a note)',
};

/** The same limit the API applies to each text field. */
export const REVIEW_TEXT_LIMIT = 10_000;

/** What is wrong with a draft, per field, in words; empty when it can be sent. */
export function reviewProblems(draft: ReviewDraft): Partial<Record<keyof ReviewDraft, string>> {
  const problems: Partial<Record<keyof ReviewDraft, string>> = {};
  if (!draft.objective.trim()) problems.objective = 'Say what the work set out to show.';
  if (!draft.method.trim()) problems.method = 'Say how it was done and checked.';
  if (!CONFIDENCE_WORDS[draft.confidence]) problems.confidence = 'Choose how confident you are.';
  if (!DECISION_WORDS[draft.decision]) problems.decision = 'Choose a decision (or “No decision” for a note).';
  for (const field of ['objective', 'method', 'nextAction'] as const) {
    if (draft[field].length > REVIEW_TEXT_LIMIT)
      problems[field] =
        `Keep it under ${REVIEW_TEXT_LIMIT.toLocaleString('en-GB')} characters (now ${draft[field].length.toLocaleString('en-GB')}).`;
  }
  return problems;
}
