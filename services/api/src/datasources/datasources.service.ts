import { authorise } from '../access/authorise';
import { recordAudit } from '../audit/record-audit';
import type { GraphDatabase } from '../platform/neo4j';
import { decodeCursor, type Page, pageSize, toPage } from '../platform/pagination';
import type { EntityRecord } from '../platform/records';
import { dataSourceOf } from './data-source-of';
import { dataSourcesRepository } from './datasources.repository';

/** The audit action of a data source's first mention. */
export const DATA_SOURCE_REGISTERED = 'data-source.registered';

/**
 * Data sources: where datasets live (a database, a warehouse, a bucket), named by OpenLineage
 * namespaces. They belong to no project, so any signed-in caller reads them and their datasets as
 * far as each dataset's project allows.
 */
export class DataSourceService {
  constructor(private readonly db: GraphDatabase) {}

  /**
   * Puts new datasets in the data source their namespace names, registering it at its first
   * mention. Putting a dataset there is part of creating it, so the caller must be able to create it
   * in its project; registering the source itself needs only a signed-in caller.
   */
  async attach(actor: string, namespace: string, datasets: { id: string; projectId: string }[]): Promise<string> {
    const source = dataSourceOf(namespace);
    return this.db.write(async (tx) => {
      await authorise(tx, actor, [
        { action: DATA_SOURCE_REGISTERED, entityId: source.id, entityKind: 'DataSource', projectId: null },
        ...datasets.map(({ id, projectId }) => ({
          action: 'dataset.created',
          entityId: id,
          entityKind: 'Dataset',
          projectId,
        })),
      ]);
      const { created } = await dataSourcesRepository.attach(
        tx,
        source,
        datasets.map(({ id }) => id),
      );
      if (created) {
        await recordAudit(tx, actor, {
          action: DATA_SOURCE_REGISTERED,
          entityId: source.id,
          entityKind: 'DataSource',
          after: source,
        });
      }
      return source.id;
    });
  }

  async page(first?: number | null, after?: string | null): Promise<Page<EntityRecord>> {
    const size = pageSize(first);
    const cursor = decodeCursor(after);
    const rows = await dataSourcesRepository.page(
      this.db,
      cursor ? { name: String(cursor.key), id: cursor.id } : null,
      size + 1,
    );
    return toPage(rows, size, (row) => row.name ?? '');
  }
}
