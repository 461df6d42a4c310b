/** How each kind of node looks and reads, shared by lists, the graph and its legend. */
export interface KindStyle {
  label: string;
  plural: string;
  colour: string;
  /** A Cytoscape node shape, so kinds differ by more than colour. */
  shape: string;
}

const STYLES: Record<string, KindStyle> = {
  Dataset: { label: 'Dataset', plural: 'datasets', colour: '#1d4ed8', shape: 'round-rectangle' },
  DatasetVersion: { label: 'Dataset version', plural: 'dataset versions', colour: '#1d4ed8', shape: 'round-rectangle' },
  FeatureSet: { label: 'Feature set', plural: 'feature sets', colour: '#0f766e', shape: 'hexagon' },
  FeatureSetVersion: {
    label: 'Feature set version',
    plural: 'feature set versions',
    colour: '#0f766e',
    shape: 'hexagon',
  },
  Run: { label: 'Run', plural: 'runs', colour: '#7e22ce', shape: 'ellipse' },
  Experiment: { label: 'Experiment', plural: 'experiments', colour: '#7e22ce', shape: 'ellipse' },
  Model: { label: 'Model', plural: 'models', colour: '#c2410c', shape: 'diamond' },
  ModelVersion: { label: 'Model version', plural: 'model versions', colour: '#c2410c', shape: 'diamond' },
  Deployment: { label: 'Deployment', plural: 'deployments', colour: '#b91c1c', shape: 'triangle' },
  Artifact: { label: 'Artifact', plural: 'artifacts', colour: '#475569', shape: 'rectangle' },
  Project: { label: 'Project', plural: 'projects', colour: '#334155', shape: 'rectangle' },
  DataSource: { label: 'Data source', plural: 'data sources', colour: '#0369a1', shape: 'barrel' },
  Team: { label: 'Team', plural: 'teams', colour: '#334155', shape: 'rectangle' },
  User: { label: 'Person', plural: 'people', colour: '#334155', shape: 'rectangle' },
  PlannedMigration: {
    label: 'Planned migration',
    plural: 'planned migrations',
    colour: '#b45309',
    shape: 'round-tag',
  },
  RestrictedNode: { label: 'Restricted', plural: 'restricted nodes', colour: '#9ca3af', shape: 'round-rectangle' },
};

const FALLBACK: KindStyle = { label: 'Node', plural: 'nodes', colour: '#475569', shape: 'rectangle' };

export const kindStyle = (kind: string): KindStyle => STYLES[kind] ?? FALLBACK;

/** Every kind with a style of its own, and that style (for stylesheets built once). */
export const STYLED_KINDS: readonly [string, KindStyle][] = Object.entries(STYLES);
export const FALLBACK_STYLE = FALLBACK;

/** The kinds the search box filters on, in the order people look for them. */
export const SEARCHABLE_KINDS = [
  'Dataset',
  'DatasetVersion',
  'FeatureSet',
  'Experiment',
  'Run',
  'Model',
  'ModelVersion',
  'Deployment',
  'Project',
  'DataSource',
];

/** The kinds that can appear in a lineage graph, for the legend. */
export const LINEAGE_KINDS = ['DatasetVersion', 'FeatureSetVersion', 'Run', 'ModelVersion', 'Deployment', 'Artifact'];

/** Impact analysis starts only from data (the API refuses other kinds). */
export const IMPACT_TARGET_KINDS = ['Dataset', 'DatasetVersion', 'FeatureSet', 'FeatureSetVersion'];

/** Assets whose lineage lives on their versions. */
export const VERSIONED_KINDS = ['Dataset', 'FeatureSet', 'Model'];

export const ENVIRONMENT_WORDS: Record<string, string> = { PROD: 'production', STAGING: 'staging', DEV: 'development' };
