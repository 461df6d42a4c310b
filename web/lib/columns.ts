import { plural } from './format';

/** The kinds whose versions carry columns: their page shows the Columns panel. */
export const COLUMN_KINDS = ['DatasetVersion', 'FeatureSetVersion'];

const COLUMN_FIELDS = `
  schema { name type nullable }
  columnStats { column count nulls mean std distinct }
  schemaChange { previousVersionId changed added { name type nullable } removed { name type nullable } retyped { name from to } }
`;

/** A version's columns, statistics and change from the previous version, asked apart from the page. */
export const VERSION_COLUMNS_QUERY = `
  query VersionColumns($id: ID!) {
    node(id: $id) {
      id
      kind
      ... on DatasetVersion { ${COLUMN_FIELDS} }
      ... on FeatureSetVersion { ${COLUMN_FIELDS} }
    }
  }
`;

/** The data flags of a project; the panel keeps those about its version. */
export const VERSION_FLAGS_QUERY = `
  query VersionFlags($projectId: ID!) {
    driftFlags(projectId: $projectId, kinds: [SCHEMA_CHANGE, STATISTICS_DRIFT]) {
      kind subjectId column measure value threshold explanation
      affectsProduction productionModelVersionIds productionDeploymentIds lineageRootId
    }
  }
`;

export interface Column {
  name: string;
  type: string;
  nullable: boolean | null;
}

export interface ColumnStats {
  column: string;
  count: number | null;
  nulls: number | null;
  mean: number | null;
  std: number | null;
  distinct: number | null;
}

export interface SchemaChange {
  previousVersionId: string;
  changed: boolean;
  added: Column[];
  removed: Column[];
  retyped: { name: string; from: string; to: string }[];
}

export interface VersionColumns {
  id: string;
  kind: string;
  schema?: Column[] | null;
  columnStats?: ColumnStats[] | null;
  schemaChange?: SchemaChange | null;
}

export interface VersionFlag {
  kind: 'SCHEMA_CHANGE' | 'STATISTICS_DRIFT';
  subjectId: string;
  column: string | null;
  measure: string;
  value: number;
  threshold: number;
  explanation: string;
  affectsProduction: boolean;
  productionModelVersionIds: string[];
  productionDeploymentIds: string[];
  lineageRootId: string;
}

/** One row of the table: a column of the schema, or one only the statistics name. */
export interface ColumnRow {
  name: string;
  /** null when the schema does not name the column (statistics only). */
  type: string | null;
  nullable: boolean | null;
  stats: ColumnStats | null;
  added: boolean;
  /** The type before, when the column was retyped since the previous version. */
  retypedFrom: string | null;
}

/** Whether the client described no column at all: neither a schema nor statistics. */
export const describesNoColumns = (version: VersionColumns | null) =>
  !version || ((version.schema ?? null) === null && (version.columnStats ?? null) === null);

/**
 * The schema's columns in its order, each with its statistics and what changed, then the columns only
 * the statistics name (a client may measure columns it did not describe), in their order.
 */
export function columnRows(version: VersionColumns): ColumnRow[] {
  const stats = new Map((version.columnStats ?? []).map((stat) => [stat.column, stat]));
  const added = new Set((version.schemaChange?.added ?? []).map((column) => column.name));
  const retyped = new Map((version.schemaChange?.retyped ?? []).map((change) => [change.name, change.from]));
  const schema = version.schema ?? [];
  const named = new Set(schema.map((column) => column.name));
  return [
    ...schema.map((column) => ({
      name: column.name,
      type: column.type,
      nullable: column.nullable,
      stats: stats.get(column.name) ?? null,
      added: added.has(column.name),
      retypedFrom: retyped.get(column.name) ?? null,
    })),
    ...(version.columnStats ?? [])
      .filter((stat) => !named.has(stat.column))
      .map((stat) => ({ name: stat.column, type: null, nullable: null, stats: stat, added: false, retypedFrom: null })),
  ];
}

/** "2 columns added, 1 removed, 1 retyped"; null when nothing changed. */
export function changeSummary(change: SchemaChange): string | null {
  const parts = [
    [change.added.length, 'added'],
    [change.removed.length, 'removed'],
    [change.retyped.length, 'retyped'],
  ].filter(([count]) => (count as number) > 0) as [number, string][];
  if (parts.length === 0) return null;
  return parts
    .map(([count, what], i) => (i === 0 ? `${plural(count, 'column')} ${what}` : `${count} ${what}`))
    .join(', ');
}

/** The type cell: "int64 → string" for a retyped column, '—' for one the schema does not name. */
export const typeText = (row: ColumnRow) =>
  row.type === null ? '—' : row.retypedFrom !== null ? `${row.retypedFrom} → ${row.type}` : row.type;

export const nullableText = (nullable: boolean | null) => (nullable === null ? '—' : nullable ? 'yes' : 'no');

/**
 * A statistic for reading: whole numbers in full with thousands separators, others to four significant
 * figures (one decimal from a thousand up); '—' when not sent.
 */
export function formatStat(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  if (Number.isInteger(value)) return value.toLocaleString('en-GB');
  if (Math.abs(value) >= 1000) return value.toLocaleString('en-GB', { maximumFractionDigits: 1 });
  return String(Number(value.toPrecision(4)));
}

/** The flags about this version, those reaching production first. */
export const flagsOf = (flags: VersionFlag[], versionId: string) =>
  flags
    .filter((flag) => flag.subjectId === versionId)
    .sort((a, b) => Number(b.affectsProduction) - Number(a.affectsProduction));
