// @ts-check
// A synthetic lineage graph of a realistic shape, loaded with UNWIND batches:
//   raw dataset versions (long version chains) → cleaned versions (each derived from 3 raws: diamonds)
//   → feature set versions (each from 3 cleaned) → runs (each USED 6 feature versions: fan-in)
//   → model versions (GENERATED_BY) → deployments (SERVES, some in PROD).
// One "hub" pipeline is scaled so the downstream closure of its raw version is ~10k nodes;
// the rest of the graph is many ordinary pipelines, up to the requested size (1M nodes, ~3M edges).
'use strict';

const cliProgress = require('cli-progress');

const BATCH = 10_000;
const HUB_ID = 'dataset:bench/hub-raw@1';
/** When every generated node was created: before BENCH_AS_OF, so impact(asOf) walks the whole closure. */
const CREATED_AT = '2020-01-01T00:00:00Z';
const BENCH_AS_OF = '2021-01-01T00:00:00Z';

/** Deterministic PRNG so every generated graph is the same. */
function seeded(seed) {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One pipeline's nodes and edges; `shape` says how many of each kind. */
function pipeline(prefix, shape, random) {
  const nodes = [];
  const edges = [];
  const pick = (list, n) => Array.from({ length: n }, () => list[Math.floor(random() * list.length)]);
  const add = (kind, id, extra = {}) => {
    nodes.push({ kind, id, name: id, ...extra });
    return id;
  };
  const raws = [];
  for (let i = 0; i < shape.raw; i++) {
    raws.push(add('DatasetVersion', i === 0 && shape.rootId ? shape.rootId : `dataset:${prefix}/raw@${i}`));
    if (i > 0 && !shape.rootId) edges.push({ type: 'DERIVED_FROM', from: raws[i], to: raws[i - 1] }); // a long version chain
  }
  const cleaned = [];
  for (let i = 0; i < shape.cleaned; i++) {
    const id = add('DatasetVersion', `dataset:${prefix}/clean@${i}`);
    cleaned.push(id);
    for (const source of new Set(pick(raws, 3))) edges.push({ type: 'DERIVED_FROM', from: id, to: source });
  }
  const features = [];
  for (let i = 0; i < shape.features; i++) {
    const id = add('FeatureSetVersion', `featureset:${prefix}/features@${i}`);
    features.push(id);
    for (const source of new Set(pick(cleaned, 3))) edges.push({ type: 'DERIVED_FROM', from: id, to: source });
  }
  const models = [];
  for (let i = 0; i < shape.runs; i++) {
    const run = add('Run', `run:${prefix.replace(/[^A-Za-z0-9]/g, '-')}-${i}`, { status: 'FINISHED' });
    for (const input of new Set(pick(features, 6)))
      edges.push({ type: 'USED', from: run, to: input, role: 'training' });
    const model = add('ModelVersion', `model:${prefix}/model@${i}`);
    models.push(model);
    edges.push({ type: 'GENERATED_BY', from: model, to: run });
  }
  for (let i = 0; i < shape.deployments; i++) {
    const id = add('Deployment', `deployment:${prefix}/serving-${i}`, {
      environment: i % 4 === 0 ? 'PROD' : 'STAGING',
    });
    edges.push({ type: 'SERVES', from: id, to: models[Math.floor(random() * models.length)] });
  }
  return { nodes, edges };
}

const HUB_SHAPE = { rootId: HUB_ID, raw: 1, cleaned: 20, features: 200, runs: 4_000, deployments: 400 };
const PIPELINE_SHAPE = { raw: 6, cleaned: 10, features: 20, runs: 50, deployments: 4 };
const PIPELINE_NODES = 6 + 10 + 20 + 50 * 2 + 4;

async function run(session, text, params) {
  await session.executeWrite((tx) => tx.run(text, params));
}

/** A graph loaded before nodes carried createdAt (every Entity has one) gets it once. */
async function stampCreatedAt(session, log) {
  const hub = await session.run('MATCH (n:Entity {id: $id}) RETURN n.createdAt IS NULL AS missing', { id: HUB_ID });
  if (!hub.records[0]?.get('missing')) return;
  log('stamping createdAt on the nodes of a graph loaded before it carried one ...');
  await session.run(
    'MATCH (n:Entity) WHERE n.createdAt IS NULL CALL (n) { SET n.createdAt = datetime($at) } IN TRANSACTIONS OF 10000 ROWS',
    { at: CREATED_AT },
  );
}

/**
 * The items in lists by key, in the order met.
 * @template T
 * @param {T[]} items
 * @param {(item: T) => string} keyOf
 * @returns {Map<string, T[]>}
 */
function groupedBy(items, keyOf) {
  const groups = new Map();
  for (const item of items) {
    const key = keyOf(item);
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(item);
  }
  return groups;
}

/** Nodes by kind, then edges by type, in UNWIND batches. */
async function write(session, nodes, edges) {
  for (const [kind, rows] of groupedBy(nodes, (node) => node.kind)) {
    for (let i = 0; i < rows.length; i += BATCH) {
      // The bench builds labels from its own fixed kinds, never from input.
      await run(session, `UNWIND $rows AS r CREATE (n:Entity:${kind}) SET n = r, n.createdAt = datetime($at)`, {
        rows: rows.slice(i, i + BATCH),
        at: CREATED_AT,
      });
    }
  }
  for (const [type, rows] of groupedBy(edges, (edge) => edge.type)) {
    for (let i = 0; i < rows.length; i += BATCH) {
      await run(
        session,
        `UNWIND $rows AS r MATCH (a:Entity {id: r.from}) MATCH (b:Entity {id: r.to}) CREATE (a)-[e:${type}]->(b) SET e.role = r.role`,
        { rows: rows.slice(i, i + BATCH) },
      );
    }
  }
}

const WIDE_ID = 'dataset:bench/wide-raw@1';

/**
 * One more pipeline beside whatever graph is loaded, for the explorer's folded view: one raw version →
 * 20 cleaned → 200 feature versions → `runs` runs (each using 6) → as many model versions → a fifth as
 * many deployments; its downstream closure is 221 + 2.2 × `runs` nodes (20,021 for 9,000 runs). Added once.
 * @param {import('neo4j-driver').Driver} driver
 */
async function addWidePipeline(driver, runs, log = (line) => console.log(line)) {
  const session = driver.session();
  try {
    const marker = await session.run('MATCH (m:BenchWide) RETURN m.nodes AS nodes');
    if (marker.records.length) {
      log(`wide pipeline already loaded: ${marker.records[0].get('nodes')} nodes`);
      return;
    }
    const shape = { rootId: WIDE_ID, raw: 1, cleaned: 20, features: 200, runs, deployments: Math.round(runs / 5) };
    const { nodes, edges } = pipeline('bench/wide', shape, seeded(11));
    await write(session, nodes, edges);
    await run(session, 'CREATE (:BenchWide {nodes: $nodes, edges: $edges})', {
      nodes: nodes.length,
      edges: edges.length,
    });
    log(`wide pipeline loaded: ${nodes.length} nodes, ${edges.length} edges`);
  } finally {
    await session.close();
  }
}

/**
 * Generates a graph of about `totalNodes` nodes unless one of that size is already there.
 * @param {import('neo4j-driver').Driver} driver
 */
async function generate(driver, totalNodes, log = (line) => console.log(line)) {
  const session = driver.session();
  try {
    const existing = await session.run('MATCH (m:BenchGraph) RETURN m.nodes AS nodes, m.edges AS edges');
    if (existing.records.length && existing.records[0].get('nodes') >= totalNodes * 0.95) {
      const meta = existing.records[0].toObject();
      log(`bench graph already loaded: ${meta.nodes} nodes, ${meta.edges} edges`);
      await stampCreatedAt(session, log);
      return meta;
    }
    if (existing.records.length)
      throw new Error('a bench graph of another size is loaded; delete .mnemo/bench-neo4j to regenerate');
    await run(session, 'CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE');
    await run(session, 'CALL db.awaitIndexes(300)');

    const random = seeded(42);
    const pipelines = Math.max(0, Math.round((totalNodes - 8_620) / PIPELINE_NODES));
    const bar = new cliProgress.SingleBar(
      {
        format: 'generating |{bar}| {percentage}% | {value}/{total} pipelines | {nodes} nodes, {edges} edges',
        hideCursor: true,
        noTTYOutput: true, // progress lines in CI logs too
        notTTYSchedule: 15_000,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(pipelines + 1, 0, { nodes: 0, edges: 0 });
    let nodeCount = 0;
    let edgeCount = 0;
    let pendingNodes = [];
    let pendingEdges = [];
    const flush = async () => {
      await write(session, pendingNodes, pendingEdges);
      nodeCount += pendingNodes.length;
      edgeCount += pendingEdges.length;
      pendingNodes = [];
      pendingEdges = [];
    };
    for (let p = 0; p <= pipelines; p++) {
      const { nodes, edges } =
        p === 0 ? pipeline('bench/hub', HUB_SHAPE, random) : pipeline(`bench/p${p}`, PIPELINE_SHAPE, random);
      pendingNodes.push(...nodes);
      pendingEdges.push(...edges);
      if (pendingNodes.length >= BATCH) await flush();
      bar.update(p + 1, { nodes: nodeCount, edges: edgeCount });
    }
    await flush();
    bar.update(pipelines + 1, { nodes: nodeCount, edges: edgeCount });
    bar.stop();
    await run(session, 'CREATE (:BenchGraph {nodes: $nodes, edges: $edges})', { nodes: nodeCount, edges: edgeCount });
    return { nodes: nodeCount, edges: edgeCount };
  } finally {
    await session.close();
  }
}

const COLUMNS = 10;

/**
 * Column lineage over the hub pipeline (issue 17's column-closure target), added once to whatever graph
 * is loaded: every data version of the hub has ten columns; each column of a cleaned or feature version
 * is computed from two columns of the versions it derives from (DIRECT) and filtered by a third (INDIRECT),
 * as the columnLineage facet would record it. The rest of the graph has no column lineage.
 * @param {import('neo4j-driver').Driver} driver
 */
async function addColumnLineage(driver, log = (line) => console.log(line)) {
  const session = driver.session();
  try {
    const marker = await session.run('MATCH (m:BenchColumns) RETURN m.columns AS columns, m.edges AS edges');
    if (marker.records.length) {
      const meta = marker.records[0].toObject();
      log(`bench column lineage already loaded: ${meta.columns} columns, ${meta.edges} edges`);
      return meta;
    }
    const derived = await session.run(
      `MATCH (v)-[:DERIVED_FROM]->(source)
       WHERE v.id STARTS WITH 'dataset:bench/hub/' OR v.id STARTS WITH 'featureset:bench/hub/'
       RETURN v.id AS id, collect(source.id) AS sources ORDER BY id`,
    );
    const random = seeded(7);
    const columnsOf = (versionId) => Array.from({ length: COLUMNS }, (_, i) => `${versionId}#c${i}`);
    const versions = new Set([HUB_ID]);
    const edges = [];
    for (const record of derived.records) {
      const id = record.get('id');
      const sources = record.get('sources');
      versions.add(id);
      for (const source of sources) versions.add(source);
      const inputs = sources.flatMap(columnsOf);
      for (const column of columnsOf(id)) {
        const pick = () => inputs[Math.floor(random() * inputs.length)];
        for (const to of new Set([pick(), pick()])) {
          edges.push({ from: column, to, type: 'DIRECT', subtypes: ['TRANSFORMATION'] });
        }
        edges.push({ from: column, to: pick(), type: 'INDIRECT', subtypes: ['FILTER'] });
      }
    }
    const columns = [...versions].flatMap((versionId) =>
      columnsOf(versionId).map((id) => ({ id, versionId, name: id.slice(id.indexOf('#') + 1) })),
    );
    for (let i = 0; i < columns.length; i += BATCH) {
      await run(
        session,
        `UNWIND $rows AS r CREATE (c:DataColumn) SET c = r
         WITH c MATCH (v:Entity {id: c.versionId}) CREATE (c)-[:COLUMN_OF]->(v)`,
        { rows: columns.slice(i, i + BATCH) },
      );
    }
    for (let i = 0; i < edges.length; i += BATCH) {
      await run(
        session,
        `UNWIND $rows AS r MATCH (a:DataColumn {id: r.from}) MATCH (b:DataColumn {id: r.to})
         MERGE (a)-[e:COLUMN_DERIVED_FROM]->(b) ON CREATE SET e.type = r.type, e.subtypes = r.subtypes`,
        { rows: edges.slice(i, i + BATCH) },
      );
    }
    await run(session, 'CREATE (:BenchColumns {columns: $columns, edges: $edges})', {
      columns: columns.length,
      edges: edges.length,
    });
    log(`bench column lineage: ${columns.length} columns, ${edges.length} edges over the hub pipeline`);
    return { columns: columns.length, edges: edges.length };
  } finally {
    await session.close();
  }
}

module.exports = { addColumnLineage, addWidePipeline, BENCH_AS_OF, generate, HUB_ID, WIDE_ID };
