import { plural } from './format';
import { gql } from './gql';
import type { ColumnFieldsFragment, VersionColumnsQuery, VersionFlagsQuery } from './gql/graphql';
import type { Merged } from './merged';

/** The kinds whose versions carry columns: their page shows the Columns panel. */
export const COLUMN_KINDS = ['DatasetVersion', 'FeatureSetVersion'];

export const COLUMN_FIELDS = gql(`
  fragment ColumnFields on Column { name type nullable }
`);

/** A version's columns, statistics and change from the previous version, asked apart from the page. */
export const VERSION_COLUMNS_QUERY = gql(`
  query VersionColumns($id: ID!) {
    node(id: $id) {
      id
      kind
      ... on DatasetVersion { ...DatasetVersionColumns }
      ... on FeatureSetVersion { ...FeatureSetVersionColumns }
    }
  }
  fragment DatasetVersionColumns on DatasetVersion {
    schema { ...ColumnFields }
    columnStats { column count nulls mean std distinct }
    schemaChange { previousVersionId changed added { ...ColumnFields } removed { ...ColumnFields } retyped { name from to } }
  }
  fragment FeatureSetVersionColumns on FeatureSetVersion {
    schema { ...ColumnFields }
    columnStats { column count nulls mean std distinct }
    schemaChange { previousVersionId changed added { ...ColumnFields } removed { ...ColumnFields } retyped { name from to } }
  }
`);

/** The data flags of a project; the panel keeps those about its version. */
export const VERSION_FLAGS_QUERY = gql(`
  query VersionFlags($projectId: ID!) {
    driftFlags(projectId: $projectId, kinds: [SCHEMA_CHANGE, STATISTICS_DRIFT]) {
      kind subjectId column measure value threshold explanation
      affectsProduction productionModelVersionIds productionDeploymentIds lineageRootId
    }
  }
`);

export type Column = ColumnFieldsFragment;

export type ColumnStats = NonNullable<VersionColumns['columnStats']>[number];

export type SchemaChange = NonNullable<VersionColumns['schemaChange']>;

export type VersionColumns = Merged<NonNullable<VersionColumnsQuery['node']>>;

export type VersionFlag = VersionFlagsQuery['driftFlags'][number];

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
