import { randomUUID } from 'node:crypto';
import { authorise } from '../access/authorise';
import { recordAudit } from '../audit/record-audit';
import type { GraphDatabase } from '../platform/neo4j';
import type { EntityRecord } from '../platform/records';
import { resolveReferences } from '../catalog/references';
import { InputCheck, LIMITS } from '../platform/validation';
import { reviewsRepository } from './reviews.repository';

/** The kinds of entity a review may be about. */
export const REVIEWED_KINDS = ['Run', 'Experiment', 'ModelVersion'];
export const CONFIDENCES = ['LOW', 'MEDIUM', 'HIGH'] as const;
export const DECISIONS = ['APPROVED', 'CHANGES_REQUESTED', 'REJECTED', 'NO_DECISION'] as const;

export interface ReviewInput {
  entityId: string;
  objective: string;
  method: string;
  confidence: string;
  nextAction?: string | null;
  decision: string;
}

/** Structured reviews: written once with their audit event, read as a history per entity. */
export class ReviewService {
  constructor(private readonly db: GraphDatabase) {}

  async add(actor: string, input: ReviewInput): Promise<EntityRecord> {
    const check = new InputCheck('review');
    const entityId = check.text('entityId', input.entityId, 300);
    const objective = check.text('objective', input.objective, LIMITS.description);
    const method = check.text('method', input.method, LIMITS.description);
    const nextAction = check.optionalText('nextAction', input.nextAction, LIMITS.description) || null;
    oneOf(check, 'confidence', input.confidence, CONFIDENCES);
    oneOf(check, 'decision', input.decision, DECISIONS);
    check.done();
    const props = {
      id: `review:${randomUUID()}`,
      author: actor,
      objective,
      method,
      confidence: input.confidence,
      nextAction,
      decision: input.decision,
      entityId,
    };
    return this.db.write(async (tx) => {
      const found = await resolveReferences(tx, [{ field: 'entityId', id: entityId, kinds: REVIEWED_KINDS }]);
      await authorise(tx, actor, [{ action: 'review.added', entityId, entityKind: found.get(entityId)!.kind }]);
      const review = await reviewsRepository.addReview(tx, props);
      // Named after the reviewed entity, so its trail tells when it was reviewed and by whom.
      await recordAudit(tx, actor, {
        action: 'review.added',
        entityId,
        entityKind: found.get(entityId)!.kind,
        after: review,
      });
      return review;
    });
  }
}

function oneOf(check: InputCheck, field: string, value: unknown, allowed: readonly string[]): void {
  if (typeof value !== 'string' || !allowed.includes(value)) {
    check.fail(field, `must be one of ${allowed.join(', ')}; got ${JSON.stringify(value ?? null)}`);
  }
}
