import type { Queryable, WriteTransaction } from '../platform/neo4j';
import type { EntityRecord } from '../platform/records';

export interface OpenLineageEventRecord {
  id: string;
  eventType: string;
  eventTime: string;
  receivedAt: string;
  /** The event as received, facets included (JSON). */
  payload: string;
}

/** What ingesting an event reads first (openlineage/plan-event.cypher). */
export interface EventPlan {
  seen: boolean;
  entities: EntityRecord[];
  used: { id: string; kind: string }[];
  generated: { id: string; kind: string; derivedFrom: string[] }[];
  tags: { key: string; value: string }[];
  /** The version of each input dataset current at the event's time, if any, and whether a run wrote it. */
  latest: { datasetId: string; id: string; generated: boolean }[];
  /** Whether runs that arrived first name the event's run as their parent (they wait to be adopted). */
  awaited: boolean;
  /** The project of the event's run when it exists already (its experiment's), else null. */
  runProjectId: string | null;
}

export const openlineageRepository = {
  /** The events kept about an entity, oldest first (openlineage/events-of.cypher). */
  async eventsOf(db: Queryable, id: string): Promise<OpenLineageEventRecord[]> {
    const [row] = await db.query<{ events: OpenLineageEventRecord[] }>('openlineage/events-of', { ids: [id] });
    return row?.events ?? [];
  },

  /** Keeps an event, linked to what it is about. */
  async recordEvent(tx: WriteTransaction, subjectIds: string[], event: Record<string, unknown>): Promise<void> {
    await tx.query('openlineage/record-event', { subjectIds, event });
  },

  /** Nests a run and its experiment under their parents, adopting earlier children (openlineage/link-hierarchy.cypher). */
  async linkHierarchy(
    tx: WriteTransaction,
    link: { runId: string; experimentId: string; parentRunId: string | null; parentExperimentId: string | null },
  ): Promise<{ newParent: boolean; newPart: boolean; adopted: string[] }> {
    const [row] = await tx.query<{ newParent: boolean; newPart: boolean; adopted: string[] }>(
      'openlineage/link-hierarchy',
      link,
    );
    return row ?? { newParent: false, newPart: false, adopted: [] };
  },

  /** Whether the event was seen, and what it names that exists, in one read (openlineage/plan-event.cypher). */
  async planEvent(
    db: Queryable,
    eventId: string,
    ids: string[],
    runId: string | null,
    inputDatasetIds: string[],
    eventTime: string | null,
  ): Promise<EventPlan> {
    const [row] = await db.query<EventPlan>('openlineage/plan-event', {
      eventId,
      ids,
      runId,
      inputDatasetIds,
      eventTime,
    });
    return row;
  },
};
