import { assertMayReadProject, readGuard } from '../access/read-access';
import { isPlaceholder } from '../access/restricted-placeholder';
import type { LineageService } from '../lineage/lineage.service';
import { notFound } from '../platform/errors';
import type { GraphDatabase } from '../platform/neo4j';
import { type DataVersionRow, type DeployedVersionRow, driftRepository, type MetricGroupRow } from './drift.repository';
import { type DriftFlag, DriftFlagKind } from './drift.types';
import { type ColumnStatsSpec, parseStored, type SchemaChangeRecord, schemaChangeSize } from './schema';
import { DRIFT_THRESHOLDS, LOWER_IS_BETTER, MAD_SCALE } from './thresholds';
import { catalogRepository } from '../catalog/catalog.repository';

/** A flag before the production deployments downstream of its subject are known. */
type DraftFlag = Omit<
  DriftFlag,
  'explanation' | 'affectsProduction' | 'productionModelVersionIds' | 'productionDeploymentIds'
> & {
  /** The sentence without what it feeds; the production clause is added once known. */
  finding: string;
  /** Data flags ask the lineage which production deployments the subject feeds. */
  dataFlag: boolean;
  /** Set for evaluation drops: the deployment serving the subject. */
  deployment?: { id: string; environment: string };
};

const ALL_KINDS = Object.values(DriftFlagKind);
/** Impact closures run at once for one driftFlags answer (a bounded share of the connection pool). */
const FEED_CONCURRENCY = 4;
const round = (value: number, digits = 3) => Number(value.toFixed(digits));
const percent = (ratio: number) => `${round(ratio * 100, 1)}%`;

/** The median of numbers (not sorted in place). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Each value's robust z-score |x − median| / (1.4826 × MAD); null when the MAD is 0 (no spread to judge by). */
export function robustZ(values: number[]): { median: number; mad: number; z: (x: number) => number } | null {
  const center = median(values);
  const mad = median(values.map((x) => Math.abs(x - center)));
  if (mad === 0) return null;
  return { median: center, mad, z: (x) => Math.abs(x - center) / (MAD_SCALE * mad) };
}

/**
 * Drift and anomalies, computed when asked from what registration stored (schema changes, column
 * statistics) and what runs recorded (metrics): nothing is kept as a flag. Data flags say which
 * production deployments they feed through the lineage service's downstream closure (impact).
 */
export class DriftService {
  constructor(
    private readonly db: GraphDatabase,
    private readonly lineage: LineageService,
  ) {}

  async flags(projectId: string, kinds?: DriftFlagKind[] | null): Promise<DriftFlag[]> {
    await assertMayReadProject(this.db, projectId);
    const found = await catalogRepository.findOne(this.db, projectId);
    if (found?.kind !== 'Project') throw notFound('project', projectId);
    const wanted = new Set(kinds?.length ? kinds : ALL_KINDS);

    const drafts: DraftFlag[] = [];
    if (wanted.has(DriftFlagKind.SCHEMA_CHANGE) || wanted.has(DriftFlagKind.STATISTICS_DRIFT)) {
      for (const row of await driftRepository.dataVersions(this.db, projectId)) {
        if (wanted.has(DriftFlagKind.SCHEMA_CHANGE)) drafts.push(...schemaFlags(row));
        if (wanted.has(DriftFlagKind.STATISTICS_DRIFT)) drafts.push(...statisticsFlags(row));
      }
    }
    if (wanted.has(DriftFlagKind.METRIC_OUTLIER)) {
      const groups = await driftRepository.metricGroups(this.db, projectId, DRIFT_THRESHOLDS.minRunsForOutliers);
      for (const group of groups) drafts.push(...outlierFlags(group));
    }
    if (wanted.has(DriftFlagKind.EVALUATION_DROP)) {
      for (const row of await driftRepository.deployedVersions(this.db, projectId))
        drafts.push(...evaluationFlags(row));
    }

    const readable = new Set(
      (await readGuard(this.db).readable(drafts.map((draft) => ({ id: draft.subjectId })))).map((item) => item.id),
    );
    const shown = drafts.filter((d) => readable.has(d.subjectId));
    const feeds = await this.productionFeeds([...new Set(shown.filter((d) => d.dataFlag).map((d) => d.subjectId))]);
    const flags: DriftFlag[] = [];
    for (const draft of shown) {
      const { finding, dataFlag, deployment, ...flag } = draft;
      let production: ProductionFeed = { deployments: [], hidden: 0 };
      if (dataFlag) {
        production = feeds.get(draft.subjectId)!;
      } else if (deployment?.environment === 'PROD') {
        production = { deployments: [{ id: deployment.id, modelVersionId: draft.subjectId }], hidden: 0 };
      }
      flags.push({
        ...flag,
        explanation: dataFlag ? `${finding}${feedsInWords(production)}` : finding,
        affectsProduction: production.deployments.length + production.hidden > 0,
        productionModelVersionIds: [...new Set(production.deployments.map((d) => d.modelVersionId))],
        productionDeploymentIds: production.deployments.map((d) => d.id),
      });
    }
    return flags;
  }

  /**
   * Each flagged data version's production feed, a few closures at a time: each is its own traversal
   * (the deployments must be attributed per version), and the database serves them concurrently.
   */
  private async productionFeeds(versionIds: string[]): Promise<Map<string, ProductionFeed>> {
    const feeds = new Map<string, ProductionFeed>();
    let next = 0;
    const worker = async () => {
      while (next < versionIds.length) {
        const versionId = versionIds[next++];
        feeds.set(versionId, await this.productionFed(versionId));
      }
    };
    await Promise.all(Array.from({ length: Math.min(FEED_CONCURRENCY, versionIds.length) }, worker));
    return feeds;
  }

  /** The PROD deployments downstream of a data version (impact's closure), and the model versions they serve. */
  private async productionFed(versionId: string): Promise<ProductionFeed> {
    const report = await this.lineage.impact({ targetId: versionId, scope: 'VERSION' });
    const feed: ProductionFeed = { deployments: [], hidden: 0 };
    for (const { node } of report.productionDeploymentsAtRisk) {
      if (isPlaceholder(node)) feed.hidden += 1;
      else feed.deployments.push({ id: node.id, modelVersionId: String(node.modelVersionId) });
    }
    return feed;
  }
}

interface ProductionFeed {
  deployments: { id: string; modelVersionId: string }[];
  /** PROD deployments downstream that the caller may not read. */
  hidden: number;
}

function feedsInWords(feed: ProductionFeed): string {
  const named = feed.deployments.map((d) => `${d.modelVersionId} (${d.id})`);
  if (feed.hidden) named.push(`${feed.hidden} production deployment${feed.hidden > 1 ? 's' : ''} you may not read`);
  if (named.length === 0) return '; no production deployment is downstream of it.';
  const noun = feed.deployments.length > 1 ? 'production models' : 'production model';
  return `; it feeds the ${feed.deployments.length ? `${noun} ` : ''}${named.join(', ')}.`;
}

function schemaFlags(row: DataVersionRow): DraftFlag[] {
  const change = parseStored<SchemaChangeRecord>(row.schemaChange);
  if (!change || schemaChangeSize(change) === 0) return [];
  const parts = [
    ...change.retyped.map((c) => `column ${c.name} retyped ${c.from} → ${c.to}`),
    ...change.added.map((c) => `column ${c.name} added (${c.type})`),
    ...change.removed.map((c) => `column ${c.name} removed`),
  ];
  const columns = [...change.retyped, ...change.added, ...change.removed].map((c) => c.name);
  return [
    {
      kind: DriftFlagKind.SCHEMA_CHANGE,
      subjectId: row.id,
      previousId: change.previousVersionId,
      column: columns.length === 1 ? columns[0] : null,
      metric: null,
      measure: 'columns_changed',
      value: columns.length,
      threshold: 0,
      finding: `${row.id}: ${parts.join(', ')} since ${change.previousVersionId}`,
      dataFlag: true,
      lineageRootId: row.id,
    },
  ];
}

/**
 * One flag per column and measure that moved beyond its threshold from the previous version's
 * statistics; also asked when a version is registered, to tell the owners downstream.
 */
export function statisticsFlags(row: DataVersionRow): DraftFlag[] {
  const current = parseStored<ColumnStatsSpec[]>(row.columnStats) ?? [];
  const previous = new Map((parseStored<ColumnStatsSpec[]>(row.previousStats) ?? []).map((s) => [s.column, s]));
  const flags: DraftFlag[] = [];
  const flag = (column: string, measure: string, value: number, threshold: number, words: string) =>
    flags.push({
      kind: DriftFlagKind.STATISTICS_DRIFT,
      subjectId: row.id,
      previousId: row.previousVersionId,
      column,
      metric: null,
      measure,
      value: round(value, 4),
      threshold,
      finding: `${row.id}: column ${column} ${words} since ${row.previousVersionId}`,
      dataFlag: true,
      lineageRootId: row.id,
    });
  for (const now of current) {
    const before = previous.get(now.column);
    if (!before) continue;
    if (isNumber(now.mean) && isNumber(before.mean) && isNumber(before.std) && before.std > 0) {
      const shift = Math.abs(now.mean - before.mean) / before.std;
      if (shift > DRIFT_THRESHOLDS.meanShiftSd) {
        flag(
          now.column,
          'mean_shift_sd',
          shift,
          DRIFT_THRESHOLDS.meanShiftSd,
          `mean moved from ${round(before.mean)} to ${round(now.mean)}, ${round(shift, 2)} of the previous ` +
            `standard deviation ${round(before.std)} (threshold ${DRIFT_THRESHOLDS.meanShiftSd})`,
        );
      }
    }
    if (
      isNumber(now.nulls) &&
      isNumber(now.count) &&
      now.count > 0 &&
      isNumber(before.nulls) &&
      isNumber(before.count) &&
      before.count > 0
    ) {
      const rateBefore = before.nulls / before.count;
      const rateNow = now.nulls / now.count;
      const change = Math.abs(rateNow - rateBefore);
      if (change > DRIFT_THRESHOLDS.nullRateChange) {
        flag(
          now.column,
          'null_rate_change',
          change,
          DRIFT_THRESHOLDS.nullRateChange,
          `null rate went from ${percent(rateBefore)} to ${percent(rateNow)} (change ${round(change, 4)}; ` +
            `threshold ${DRIFT_THRESHOLDS.nullRateChange})`,
        );
      }
    }
    if (isNumber(now.distinct) && isNumber(before.distinct) && before.distinct > 0) {
      const ratio = Math.abs(now.distinct - before.distinct) / before.distinct;
      if (ratio > DRIFT_THRESHOLDS.distinctChangeRatio) {
        flag(
          now.column,
          'distinct_change_ratio',
          ratio,
          DRIFT_THRESHOLDS.distinctChangeRatio,
          `distinct values went from ${before.distinct} to ${now.distinct} (${percent(ratio)} change; threshold ` +
            `${percent(DRIFT_THRESHOLDS.distinctChangeRatio)})`,
        );
      }
    }
  }
  return flags;
}

function outlierFlags(group: MetricGroupRow): DraftFlag[] {
  const values = group.values.filter((entry) => Number.isFinite(entry.value));
  if (values.length < DRIFT_THRESHOLDS.minRunsForOutliers) return [];
  const spread = robustZ(values.map((entry) => entry.value));
  if (!spread) return [];
  return values
    .filter((entry) => spread.z(entry.value) > DRIFT_THRESHOLDS.robustZ)
    .map((entry) => ({
      kind: DriftFlagKind.METRIC_OUTLIER,
      subjectId: entry.runId,
      previousId: null,
      column: null,
      metric: group.key,
      measure: 'robust_z',
      value: round(spread.z(entry.value), 4),
      threshold: DRIFT_THRESHOLDS.robustZ,
      finding:
        `${entry.runId}: ${group.key} ${round(entry.value, 4)} lies ${round(spread.z(entry.value), 2)} robust ` +
        `standard deviations from the median ${round(spread.median, 4)} of ${group.experimentId}'s ${values.length} ` +
        `runs${group.writes ? ` writing ${group.writes}` : ''} (MAD ${round(spread.mad, 4)}; threshold ${DRIFT_THRESHOLDS.robustZ}).`,
      dataFlag: false,
      lineageRootId: entry.runId,
    }));
}

function evaluationFlags(row: DeployedVersionRow): DraftFlag[] {
  if (!row.previousId) return [];
  const before = new Map(row.previousMetrics.map((m) => [m.key, m.value]));
  const flags: DraftFlag[] = [];
  for (const { key, value } of row.metrics) {
    const earlier = before.get(key);
    if (!isNumber(earlier) || !isNumber(value)) continue;
    const lowerIsBetter = LOWER_IS_BETTER.test(key);
    const drop = lowerIsBetter ? value - earlier : earlier - value;
    if (!(drop > DRIFT_THRESHOLDS.evaluationDrop)) continue;
    const where = row.environment === 'PROD' ? 'the production deployment' : `the ${row.environment} deployment`;
    flags.push({
      kind: DriftFlagKind.EVALUATION_DROP,
      subjectId: row.versionId,
      previousId: row.previousId,
      column: null,
      metric: key,
      measure: 'evaluation_drop',
      value: round(drop, 6),
      threshold: DRIFT_THRESHOLDS.evaluationDrop,
      finding:
        `${row.versionId}, served by ${where} ${row.deploymentId}: ${key} ${lowerIsBetter ? 'rose' : 'fell'} from ` +
        `${round(earlier, 4)} to ${round(value, 4)} (${lowerIsBetter ? 'lower' : 'higher'} is better) against ` +
        `${row.previousId}, the version before it.`,
      dataFlag: false,
      deployment: { id: row.deploymentId, environment: row.environment },
      lineageRootId: row.versionId,
    });
  }
  return flags;
}

const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
