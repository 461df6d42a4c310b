import { createHash } from 'node:crypto';
import type { Services } from '../platform/context';
import type { GraphDatabase } from '../platform/neo4j';
import { createServices } from '../services';
import { VERSION_SPECS } from '../versions/versions.service';

/**
 * A small but believable ML organisation for `npm start` and for tests: 3 projects, 2 teams,
 * ~20 datasets with DERIVED_FROM chains, feature sets, ~100 runs with metric histories, models
 * and deployments in every environment. Written only through the domain services, so every
 * write is validated and audited exactly as a client's would be. Deterministic: same data each time.
 */
const ACTOR = 'system:demo';
const BASE = Date.UTC(2026, 8, 1); // 1 Sep 2026
const DAY = 86_400_000;

const digest = (label: string) => `sha256:${createHash('sha256').update(label).digest('hex')}`;
const commit = (label: string) => createHash('sha1').update(label).digest('hex');

/** mulberry32: a tiny seeded PRNG so the demo is identical on every machine. */
function seeded(seed: number) {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface DatasetPlan {
  slug: string;
  name: string;
  description: string;
  tags: string[];
  owner: string;
  /** Version labels, oldest first. */
  versions: string[];
  /** Slug of the dataset each version derives from (same label), if any. */
  from?: string[];
}

interface ProjectPlan {
  slug: string;
  name: string;
  description: string;
  team: string;
  people: string[];
  datasets: DatasetPlan[];
  featureSet: { slug: string; name: string; features: string[]; from: string };
  experiments: { slug: string; name: string; description: string; runs: number; metric: string }[];
  model: { slug: string; name: string; description: string; framework: string };
}

const MONTHS = ['2026-07', '2026-08', '2026-09', '2026-10'];

const PROJECTS: ProjectPlan[] = [
  {
    slug: 'churn',
    name: 'Customer churn',
    description: 'Predicts which subscribers are likely to cancel in the next 30 days.',
    team: 'team:risk-data',
    people: ['user:alice', 'user:bruno'],
    datasets: [
      {
        slug: 'transactions-raw',
        name: 'Transactions (raw)',
        description: 'Card and direct-debit payments as exported nightly from billing.',
        tags: ['raw', 'pii'],
        owner: 'team:risk-data',
        versions: MONTHS,
      },
      {
        slug: 'transactions',
        name: 'Transactions',
        description: 'Payments with duplicates removed and currencies converted to EUR.',
        tags: ['cleaned'],
        owner: 'team:risk-data',
        versions: MONTHS,
        from: ['transactions-raw'],
      },
      {
        slug: 'subscriptions-raw',
        name: 'Subscriptions (raw)',
        description: 'Plan changes and cancellations from the CRM.',
        tags: ['raw', 'pii'],
        owner: 'user:bruno',
        versions: MONTHS,
      },
      {
        slug: 'subscriptions',
        name: 'Subscriptions',
        description: 'One row per subscriber per month with plan and tenure.',
        tags: ['cleaned'],
        owner: 'user:bruno',
        versions: MONTHS,
        from: ['subscriptions-raw'],
      },
      {
        slug: 'support-tickets',
        name: 'Support tickets',
        description: 'Tickets opened with customer support, with their topic.',
        tags: ['raw'],
        owner: 'user:alice',
        versions: MONTHS.slice(1),
      },
      {
        slug: 'churn-labels',
        name: 'Churn labels',
        description: 'Whether each subscriber cancelled within 30 days.',
        tags: ['labels'],
        owner: 'user:alice',
        versions: MONTHS,
        from: ['subscriptions'],
      },
      {
        slug: 'customer-360',
        name: 'Customer 360',
        description: 'Transactions, subscriptions and tickets joined per subscriber.',
        tags: ['joined', 'gold'],
        owner: 'team:risk-data',
        versions: MONTHS.slice(1),
        from: ['transactions', 'subscriptions'],
      },
    ],
    featureSet: {
      slug: 'customer-features',
      name: 'Customer features',
      features: ['tenure_days', 'spend_30d', 'spend_90d', 'tickets_30d', 'plan_tier'],
      from: 'customer-360',
    },
    experiments: [
      {
        slug: 'xgb-baseline',
        name: 'XGBoost baseline',
        description: 'Gradient-boosted trees on the customer features.',
        runs: 24,
        metric: 'auc',
      },
      {
        slug: 'logreg',
        name: 'Logistic regression',
        description: 'A simple, explainable benchmark.',
        runs: 12,
        metric: 'auc',
      },
    ],
    model: {
      slug: 'churn-classifier',
      name: 'Churn classifier',
      description: 'Scores every subscriber daily for churn risk.',
      framework: 'xgboost',
    },
  },
  {
    slug: 'fraud',
    name: 'Payment fraud',
    description: 'Flags card payments that are likely fraudulent before they settle.',
    team: 'team:risk-data',
    people: ['user:chen', 'user:alice'],
    datasets: [
      {
        slug: 'card-payments-raw',
        name: 'Card payments (raw)',
        description: 'Authorisation requests from the card processor.',
        tags: ['raw', 'pii'],
        owner: 'user:chen',
        versions: MONTHS,
      },
      {
        slug: 'card-payments',
        name: 'Card payments',
        description: 'Authorisations with merchant and device details attached.',
        tags: ['cleaned'],
        owner: 'user:chen',
        versions: MONTHS,
        from: ['card-payments-raw'],
      },
      {
        slug: 'chargebacks',
        name: 'Chargebacks',
        description: 'Disputed payments confirmed as fraud by the bank.',
        tags: ['labels'],
        owner: 'team:risk-data',
        versions: MONTHS,
      },
      {
        slug: 'merchants',
        name: 'Merchants',
        description: 'Merchant category, country and risk rating.',
        tags: ['reference'],
        owner: 'user:chen',
        versions: MONTHS.slice(2),
      },
      {
        slug: 'fraud-training',
        name: 'Fraud training set',
        description: 'Payments labelled with chargebacks, balanced by sampling.',
        tags: ['gold'],
        owner: 'team:risk-data',
        versions: MONTHS.slice(1),
        from: ['card-payments', 'chargebacks'],
      },
      {
        slug: 'device-fingerprints',
        name: 'Device fingerprints',
        description: 'Hashed device identifiers seen at checkout.',
        tags: ['raw', 'pii'],
        owner: 'user:chen',
        versions: MONTHS.slice(2),
      },
    ],
    featureSet: {
      slug: 'payment-features',
      name: 'Payment features',
      features: ['amount_eur', 'merchant_risk', 'velocity_1h', 'country_mismatch'],
      from: 'fraud-training',
    },
    experiments: [
      {
        slug: 'lightgbm',
        name: 'LightGBM',
        description: 'Boosted trees tuned for precision at low alert rates.',
        runs: 20,
        metric: 'precision_at_1pct',
      },
      {
        slug: 'isolation-forest',
        name: 'Isolation forest',
        description: 'Unsupervised anomaly scores as a fallback.',
        runs: 10,
        metric: 'precision_at_1pct',
      },
    ],
    model: {
      slug: 'fraud-scorer',
      name: 'Fraud scorer',
      description: 'Scores each payment in real time.',
      framework: 'lightgbm',
    },
  },
  {
    slug: 'search-ranking',
    name: 'Search ranking',
    description: 'Orders product search results by how likely a shopper is to buy.',
    team: 'team:ml-platform',
    people: ['user:dana', 'user:emeka'],
    datasets: [
      {
        slug: 'search-logs-raw',
        name: 'Search logs (raw)',
        description: 'Queries, shown results and clicks from the storefront.',
        tags: ['raw'],
        owner: 'user:dana',
        versions: MONTHS,
      },
      {
        slug: 'search-logs',
        name: 'Search logs',
        description: 'Sessions with bots removed and clicks attributed.',
        tags: ['cleaned'],
        owner: 'user:dana',
        versions: MONTHS,
        from: ['search-logs-raw'],
      },
      {
        slug: 'catalogue',
        name: 'Product catalogue',
        description: 'Titles, categories and prices of every product.',
        tags: ['reference'],
        owner: 'team:ml-platform',
        versions: MONTHS.slice(1),
      },
      {
        slug: 'relevance-judgements',
        name: 'Relevance judgements',
        description: 'Human ratings of query–product relevance.',
        tags: ['labels'],
        owner: 'user:emeka',
        versions: MONTHS.slice(2),
      },
      {
        slug: 'ranking-training',
        name: 'Ranking training set',
        description: 'Query–product pairs with click and purchase labels.',
        tags: ['gold'],
        owner: 'team:ml-platform',
        versions: MONTHS.slice(1),
        from: ['search-logs', 'catalogue'],
      },
    ],
    featureSet: {
      slug: 'query-product-features',
      name: 'Query–product features',
      features: ['bm25', 'ctr_7d', 'price_rank', 'category_match'],
      from: 'ranking-training',
    },
    experiments: [
      {
        slug: 'lambdamart',
        name: 'LambdaMART',
        description: 'Learning-to-rank with gradient-boosted trees.',
        runs: 18,
        metric: 'ndcg_at_10',
      },
      {
        slug: 'two-tower',
        name: 'Two-tower retrieval',
        description: 'Neural embeddings for candidate retrieval.',
        runs: 10,
        metric: 'ndcg_at_10',
      },
    ],
    model: {
      slug: 'ranker',
      name: 'Search ranker',
      description: 'Re-ranks the top 200 candidates for every search.',
      framework: 'lightgbm',
    },
  },
];

const PEOPLE = [
  { handle: 'alice', name: 'Alice Martin', team: 'team:risk-data' },
  { handle: 'bruno', name: 'Bruno Costa', team: 'team:risk-data' },
  { handle: 'chen', name: 'Chen Wei', team: 'team:risk-data' },
  { handle: 'dana', name: 'Dana Okafor', team: 'team:ml-platform' },
  { handle: 'emeka', name: 'Emeka Obi', team: 'team:ml-platform' },
];

export async function loadDemoOrganisation(db: GraphDatabase, log: (line: string) => void): Promise<boolean> {
  const [{ hasProjects }] = await db.query<{ hasProjects: boolean }>('demo/has-projects');
  if (hasProjects) return false;
  const services = createServices(db);
  await loadPeople(services);
  let runs = 0;
  for (const project of PROJECTS) {
    runs += await loadProject(services, project, seeded(project.slug.length * 7919));
    log(`demo: project ${project.slug} loaded (${runs} runs so far)`);
  }
  return true;
}

async function loadPeople({ catalog }: Services) {
  await catalog.createTeam(ACTOR, {
    slug: 'risk-data',
    name: 'Risk data',
    description: 'Owns payment and customer data.',
  });
  await catalog.createTeam(ACTOR, {
    slug: 'ml-platform',
    name: 'ML platform',
    description: 'Runs training and serving.',
  });
  for (const person of PEOPLE) {
    await catalog.createUser(ACTOR, {
      handle: person.handle,
      name: person.name,
      email: `${person.handle}@example.org`,
      teamIds: [person.team],
    });
  }
}

/** Loads one project and returns how many runs it holds. */
async function loadProject(services: Services, plan: ProjectPlan, random: () => number): Promise<number> {
  const { catalog, versions, runs } = services;
  const projectId = `project:${plan.slug}`;
  await catalog.createProject(ACTOR, {
    slug: plan.slug,
    name: plan.name,
    description: plan.description,
    tags: ['demo'],
  });
  const prep = await catalog.registerAsset(ACTOR, 'Experiment', {
    projectId,
    slug: 'data-prep',
    name: 'Data preparation',
    description: 'Jobs that clean and join the raw data.',
    ownerIds: [plan.team],
  });

  // Datasets, oldest version first; derived versions come from a data-prep run that used their sources.
  for (const dataset of plan.datasets) {
    const datasetId = `dataset:${plan.slug}/${dataset.slug}`;
    await catalog.registerAsset(ACTOR, 'Dataset', {
      projectId,
      slug: dataset.slug,
      name: dataset.name,
      description: dataset.description,
      tags: dataset.tags,
      ownerIds: [dataset.owner],
    });
    for (const [i, month] of dataset.versions.entries()) {
      const sources = (dataset.from ?? [])
        .filter((source) => plan.datasets.find((d) => d.slug === source)?.versions.includes(month))
        .map((source) => `dataset:${plan.slug}/${source}@${month}`);
      const at = BASE + (MONTHS.indexOf(month) * 30 + 2) * DAY;
      let generatedByRunId: string | null = null;
      if (sources.length > 0) {
        const run = await runs.startRun(ACTOR, {
          id: `run:demo-${plan.slug}-build-${dataset.slug}-${month}`,
          experimentId: prep.id,
          name: `build ${dataset.slug} ${month}`,
          ownerId: plan.people[0],
          entryPoint: `jobs/build_${dataset.slug.replace(/-/g, '_')}.py`,
          code: {
            repo: `git@git.example.org:data/${plan.slug}.git`,
            branch: 'main',
            commit: commit(`${datasetId}${month}`),
            dirty: false,
          },
          environment: { languageVersion: 'python 3.11.7', packageLockDigest: digest(`${plan.slug}-lock`) },
          infrastructure: { instanceType: 'm6i.2xlarge', region: 'eu-west-1' },
          inputs: sources.map((versionId) => ({ versionId, role: 'source' })),
          startedAt: new Date(at - 3_600_000).toISOString(),
        });
        generatedByRunId = run.id;
        await runs.finishRun(ACTOR, {
          runId: run.id,
          status: 'FINISHED',
          computeCostUsd: 1.2,
          endedAt: new Date(at - 600_000).toISOString(),
        });
      }
      await versions.register(ACTOR, VERSION_SPECS.DatasetVersion, {
        parentId: datasetId,
        version: month,
        digest: digest(`${datasetId}@${month}`),
        uri: `s3://lake-${plan.slug}/${dataset.slug}/${month}/`,
        rowCount: Math.round(50_000 * (1 + i * 0.08) * (0.5 + random())),
        derivedFromIds: sources,
        generatedByRunId,
      });
    }
  }

  const featureSetId = `featureset:${plan.slug}/${plan.featureSet.slug}`;
  await catalog.registerAsset(ACTOR, 'FeatureSet', {
    projectId,
    slug: plan.featureSet.slug,
    name: plan.featureSet.name,
    description: `Features computed from ${plan.featureSet.from}.`,
    ownerIds: [plan.team],
  });
  const source = plan.datasets.find((d) => d.slug === plan.featureSet.from)!;
  for (const [i, month] of source.versions.entries()) {
    await versions.register(ACTOR, VERSION_SPECS.FeatureSetVersion, {
      parentId: featureSetId,
      version: String(i + 1),
      digest: digest(`${featureSetId}@${i + 1}`),
      features: plan.featureSet.features.slice(0, 3 + Math.min(i, plan.featureSet.features.length - 3)),
      derivedFromIds: [`dataset:${plan.slug}/${source.slug}@${month}`],
    });
  }
  const latestFeatures = `${featureSetId}@${source.versions.length}`;
  const labels = plan.datasets.find((d) => d.tags.includes('labels'))!;
  const latestLabels = `dataset:${plan.slug}/${labels.slug}@${labels.versions[labels.versions.length - 1]}`;

  const modelId = `model:${plan.slug}/${plan.model.slug}`;
  await catalog.registerAsset(ACTOR, 'Model', {
    projectId,
    slug: plan.model.slug,
    name: plan.model.name,
    description: plan.model.description,
    ownerIds: [plan.team],
  });

  let runCount = plan.datasets.reduce((n, d) => n + (d.from ? d.versions.length : 0), 0);
  const bestRuns: { runId: string; score: number }[] = [];
  for (const experiment of plan.experiments) {
    const experimentId = (
      await catalog.registerAsset(ACTOR, 'Experiment', {
        projectId,
        slug: experiment.slug,
        name: experiment.name,
        description: experiment.description,
        tags: ['training'],
        ownerIds: [plan.people[1]],
      })
    ).id;
    for (let i = 0; i < experiment.runs; i++) {
      const outcome = await loadTrainingRun(services, {
        experimentId,
        id: `run:demo-${plan.slug}-${experiment.slug}-${i + 1}`,
        name: `${experiment.slug} #${i + 1}`,
        owner: plan.people[i % plan.people.length],
        metric: experiment.metric,
        inputs: [
          { versionId: latestFeatures, role: 'training' },
          { versionId: latestLabels, role: 'labels' },
        ],
        startedAt: BASE + ((95 + i) * DAY) / 2 + experiment.slug.length * 3_600_000,
        index: i,
        random,
        repo: `git@git.example.org:ml/${plan.slug}.git`,
      });
      if (outcome.score !== null) bestRuns.push({ runId: outcome.runId, score: outcome.score });
      runCount += 1;
    }
  }

  // Three model versions from the best runs; the best serves in production, the others in staging and dev.
  bestRuns.sort((a, b) => b.score - a.score);
  const chosen = bestRuns.slice(0, 3).reverse();
  const environments = ['DEV', 'STAGING', 'PROD'] as const;
  for (const [i, best] of chosen.entries()) {
    const version = await versions.register(ACTOR, VERSION_SPECS.ModelVersion, {
      parentId: modelId,
      digest: digest(`${modelId}@${i + 1}`),
      uri: `s3://models-${plan.slug}/${plan.model.slug}/${i + 1}/`,
      description: `Trained by ${best.runId}; ${plan.experiments[0].metric} ${best.score.toFixed(3)}.`,
      framework: plan.model.framework,
      generatedByRunId: best.runId,
    });
    await services.deployments.create(ACTOR, {
      projectId,
      slug: `${plan.model.slug}-${environments[i].toLowerCase()}`,
      name: `${plan.model.name} (${environments[i].toLowerCase()})`,
      description: `Serves ${plan.model.name} version ${version.version}.`,
      environment: environments[i],
      modelVersionId: version.id,
      endpoint: `https://${environments[i].toLowerCase()}.ml.example.org/${plan.model.slug}`,
      ownerIds: [plan.team],
    });
  }
  return runCount;
}

interface TrainingRunPlan {
  id: string;
  experimentId: string;
  name: string;
  owner: string;
  metric: string;
  inputs: { versionId: string; role: string }[];
  startedAt: number;
  index: number;
  random: () => number;
  repo: string;
}

/** One training run with a learning curve; most finish, a few fail, are killed or still run. */
async function loadTrainingRun(
  { runs }: Services,
  plan: TrainingRunPlan,
): Promise<{ runId: string; score: number | null }> {
  const { random } = plan;
  const learningRate = [0.01, 0.03, 0.1, 0.3][Math.floor(random() * 4)];
  const depth = 3 + Math.floor(random() * 6);
  const run = await runs.startRun(ACTOR, {
    id: plan.id,
    experimentId: plan.experimentId,
    name: plan.name,
    ownerId: plan.owner,
    params: [
      { key: 'learning_rate', value: String(learningRate) },
      { key: 'max_depth', value: String(depth) },
      { key: 'n_estimators', value: String(100 * (1 + Math.floor(random() * 5))) },
    ],
    tags: [{ key: 'trigger', value: random() < 0.3 ? 'scheduled' : 'manual' }],
    seed: 1000 + plan.index,
    entryPoint: 'train.py',
    code: {
      repo: plan.repo,
      branch: random() < 0.8 ? 'main' : 'feature/tuning',
      commit: commit(plan.name),
      dirty: random() < 0.15,
    },
    environment: {
      languageVersion: 'python 3.11.7',
      packageLockDigest: digest(`${plan.repo}-lock`),
      imageDigest: digest(`${plan.repo}-image`),
    },
    infrastructure:
      random() < 0.5
        ? { instanceType: 'g5.xlarge', accelerators: ['A10G'], region: 'eu-west-1' }
        : { instanceType: 'c6i.4xlarge', region: 'eu-west-1' },
    inputs: plan.inputs,
    startedAt: new Date(plan.startedAt).toISOString(),
  });

  const roll = random();
  const status = plan.index === 0 ? 'RUNNING' : roll < 0.08 ? 'FAILED' : roll < 0.12 ? 'KILLED' : 'FINISHED';
  const steps =
    status === 'FINISHED' || status === 'RUNNING' ? 20 + Math.floor(random() * 30) : 5 + Math.floor(random() * 5);
  const ceiling = 0.7 + random() * 0.22 - Math.abs(learningRate - 0.1) / 2;
  const points = [];
  for (let step = 0; step < steps; step++) {
    const progress = 1 - Math.exp(-step / 8);
    const noise = (random() - 0.5) * 0.01;
    const at = plan.startedAt + (step + 1) * 60_000;
    points.push(
      { key: 'loss', value: round(0.7 * (1 - progress) + 0.15 + noise), step, timestamp: at },
      { key: plan.metric, value: round(0.5 + (ceiling - 0.5) * progress + noise), step, timestamp: at },
    );
  }
  await runs.logMetrics(ACTOR, run.id, points);
  if (status === 'RUNNING') return { runId: run.id, score: null };
  const hours = steps / 60;
  await runs.finishRun(ACTOR, {
    runId: run.id,
    status,
    computeCostUsd: round(hours * (run.instanceType === 'g5.xlarge' ? 1.006 : 0.68) + 0.05),
    endedAt: new Date(plan.startedAt + (steps + 2) * 60_000).toISOString(),
  });
  return { runId: run.id, score: status === 'FINISHED' ? points[points.length - 1].value : null };
}

const round = (value: number) => Math.round(value * 10_000) / 10_000;
