import type { WriteTransaction } from '../platform/neo4j';
import type { EntityRecord } from '../platform/records';

export const reviewsRepository = {
  /** A new review of an entity (reviews/add-review.cypher); answers it. */
  async addReview(tx: WriteTransaction, props: Record<string, unknown>): Promise<EntityRecord> {
    const [row] = await tx.query<{ review: EntityRecord }>('reviews/add-review', { props });
    return row.review;
  },
};
