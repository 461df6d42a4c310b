import { authorise } from '../access/authorise';
import { readGuard } from '../access/read-access';
import { recordAudit } from '../audit/record-audit';
import { catalogRepository } from '../catalog/catalog.repository';
import type { ImpactReport, LineageService } from '../lineage/lineage.service';
import { MnemoError } from '../platform/errors';
import type { GraphDatabase } from '../platform/neo4j';
import { InputCheck, LIMITS } from '../platform/validation';
import { columnId, type ColumnEdgeRecord, type ColumnRecord, columnsRepository } from './columns.repository';

/** The audit action of recording which columns an output's columns were computed from. */
export const COLUMN_LINEAGE_RECORDED = 'dataset-version.column-lineage-recorded';
const MAX_DEPTH = 50;

/** An output column computed from an input column, as a producer reported it. */
export interface ColumnDerivation {
  from: { versionId: string; name: string };
  to: { versionId: string; name: string };
  type: string;
  subtypes: string[];
}

/** A column reached from the root, with how far and through which columns (root first). */
export interface ReachedColumn extends ColumnRecord {
  depth: number;
  why: string[];
}

export interface ColumnLineage {
  root: ReachedColumn;
  columns: ReachedColumn[];
  edges: ColumnEdgeRecord[];
  /** Columns of versions the caller may not read: left out, but counted. */
  hidden: number;
}

export interface ColumnImpact extends ColumnLineage {
  /** The versions holding the affected columns, and everything downstream of them. */
  downstream: ImpactReport;
}

/**
 * Column-level lineage: which columns of which versions an output column was computed from
 * (OpenLineage's columnLineage facet), and the closures over it both ways, with the impact of
 * dropping or retyping a column.
 */
export class ColumnService {
  constructor(
    private readonly db: GraphDatabase,
    private readonly lineage: LineageService,
  ) {}

  /** Records derivations into the columns of one output version (idempotent; audited when something is new). */
  async recordLineage(actor: string, outputVersionId: string, derivations: ColumnDerivation[]): Promise<void> {
    if (derivations.length === 0) return;
    await this.db.write(async (tx) => {
      await authorise(tx, actor, [
        { action: COLUMN_LINEAGE_RECORDED, entityId: outputVersionId, entityKind: 'DatasetVersion' },
      ]);
      const column = ({ versionId, name }: { versionId: string; name: string }) => ({
        id: columnId(versionId, name),
        versionId,
        name,
      });
      const edges = derivations.map((d) => ({
        from: column(d.from),
        to: column(d.to),
        type: d.type,
        subtypes: d.subtypes,
      }));
      const added = await columnsRepository.recordLineage(tx, edges);
      if (added > 0) {
        await recordAudit(tx, actor, {
          action: COLUMN_LINEAGE_RECORDED,
          entityId: outputVersionId,
          entityKind: 'DatasetVersion',
          after: { edges: edges.map((e) => ({ from: e.from.id, to: e.to.id, type: e.type, subtypes: e.subtypes })) },
        });
      }
    });
  }

  /** The columns a column was computed from (UPSTREAM) or that were computed from it (DOWNSTREAM). */
  async columnLineage(input: {
    versionId: string;
    column: string;
    direction: 'UPSTREAM' | 'DOWNSTREAM';
    maxDepth?: number | null;
  }): Promise<ColumnLineage> {
    const { version, rootId, maxDepth } = await this.checked(input);
    const direction = input.direction === 'UPSTREAM' ? 'upstream' : 'downstream';
    const found = await columnsRepository.closure(this.db, direction, rootId, maxDepth);
    const root: ColumnRecord = { id: rootId, versionId: version.id, name: input.column };
    return this.readable(root, found?.columns ?? [root], found?.edges ?? [], direction);
  }

  /**
   * What breaks if a column is dropped or retyped: every column computed from it (with a why-path),
   * and everything downstream of the versions holding those columns (models, deployments, owners).
   */
  async columnImpact(input: { versionId: string; column: string; maxDepth?: number | null }): Promise<ColumnImpact> {
    const lineage = await this.columnLineage({ ...input, direction: 'DOWNSTREAM' });
    const { version, maxDepth } = await this.checked(input);
    const holding = [...new Set(lineage.columns.map((c) => c.versionId).filter((id) => id !== version.id))];
    const downstream = await this.lineage.impactFrom(version, 'VERSION', holding, maxDepth);
    return { ...lineage, downstream };
  }

  private async checked(input: { versionId: string; column: string; maxDepth?: number | null }) {
    const check = new InputCheck('column lineage');
    const versionId = check.id('versionId', input.versionId, 'dataset', 'featureset');
    const column = check.text('column', input.column, LIMITS.name);
    const maxDepth = input.maxDepth ?? 20;
    if (!Number.isInteger(maxDepth) || maxDepth < 1 || maxDepth > MAX_DEPTH) {
      check.fail('maxDepth', `must be a whole number from 1 to ${MAX_DEPTH}`);
    }
    check.done();
    const guard = readGuard(this.db);
    await guard.assertReadable(versionId);
    const version = (await catalogRepository.find(this.db, [versionId])).get(versionId);
    if (!version || !String(version.kind).endsWith('Version')) {
      throw new MnemoError('NOT_FOUND', `No dataset or feature set version "${versionId}".`);
    }
    return { version, rootId: columnId(versionId, column), maxDepth };
  }

  /** Leaves out the columns of versions the caller may not read (counted), and orders the rest by distance. */
  private async readable(
    root: ColumnRecord,
    columns: ColumnRecord[],
    edges: ColumnEdgeRecord[],
    direction: 'upstream' | 'downstream',
  ): Promise<ColumnLineage> {
    const versionIds = [...new Set(columns.map((c) => c.versionId))];
    const readable = new Set((await readGuard(this.db).readable(versionIds.map((id) => ({ id })))).map((v) => v.id));
    const kept = columns.filter((c) => readable.has(c.versionId));
    // Edges between kept columns only (the query answers every edge out of a reached column).
    const keptIds = new Set(kept.map((c) => c.id));
    const keptEdges = edges.filter((e) => keptIds.has(e.from) && keptIds.has(e.to));
    // Breadth first from the root over what is kept: each column's depth and one shortest why-path.
    const next = new Map<string, string[]>();
    for (const edge of keptEdges) {
      const [near, far] = direction === 'upstream' ? [edge.from, edge.to] : [edge.to, edge.from];
      next.set(near, [...(next.get(near) ?? []), far]);
    }
    const why = new Map<string, string[]>([[root.id, [root.id]]]);
    for (let frontier = [root.id]; frontier.length > 0;) {
      const following: string[] = [];
      for (const id of frontier) {
        for (const far of next.get(id) ?? []) {
          if (why.has(far)) continue;
          why.set(far, [...why.get(id)!, far]);
          following.push(far);
        }
      }
      frontier = following;
    }
    const reached = kept
      .filter((c) => c.id !== root.id && why.has(c.id))
      .map((c) => ({ ...c, depth: why.get(c.id)!.length - 1, why: why.get(c.id)! }))
      .sort((a, b) => a.depth - b.depth || a.id.localeCompare(b.id));
    return {
      root: { ...root, depth: 0, why: [root.id] },
      columns: reached,
      edges: keptEdges,
      hidden: columns.length - kept.length,
    };
  }
}
