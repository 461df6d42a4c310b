import { createHash } from 'node:crypto';
import type { Services } from '../context';
import type { GraphDatabase } from '../platform/neo4j';
import type { KeyValue, MetricInput, RunStatus } from '../runs/runs.service';
import { createServices } from '../services';
import { VERSION_SPECS } from '../versions/versions.service';
import {
  datasetMetadata,
  fairnessMetrics,
  featureSetMetadata,
  loadOrgRoles,
  loadProjectRules,
  restrictDataset,
  ModelRelease,
  taskTypeOf,
  type TrainingOutcome,
} from './demo-governance';
import { datasetProfile, featureSetProfile } from './demo-columns';
import { costOf, type Machine, machineOf, MACHINES, recordsCost, utilisationSamples } from './demo-compute';
import { digest, type Random, round, seeded } from './demo-numbers';
import {
  type DatasetPlan,
  type ExperimentPlan,
  type ModelFamily,
  PEOPLE,
  type ProjectPlan,
  PROJECTS,
  TEAMS,
} from './demo-plan';
import { demoRepository } from './demo.repository';

/**
 * A small but believable ML organisation for `npm start` and for tests: 3 projects, 2 teams, 5 people,
 * 21 datasets with raw → cleaned → joined chains built by data-prep runs, feature sets, ~120 runs with
 * metric histories, costs and GPU utilisation (demo-compute.ts), dataset and feature set versions with
 * schemas and column statistics, one of which drifts (demo-columns.ts), models and deployments in
 * every environment. Written only through the domain services, so every write is validated and
 * audited exactly as a client's would be.
 * Deterministic: fixed dates and a seeded PRNG, so every load produces the same organisation.
 */
const ACTOR = 'system:demo';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** The demo's fixed clock: the first snapshot's month starts here; every other date follows from it. */
const BASE = Date.UTC(2026, 6, 1);
/** Training happens over the eight weeks after the September snapshots were built. */
const TRAINING_START = BASE + 96 * DAY; // 5 Oct 2026
const TRAINING_DAYS = 55;
/** Metric points a training script flushes at once (the service takes up to 1000 per call). */
const STEPS_PER_BATCH = 10;
/** System metrics go in calls as large as the service takes. */
const POINTS_PER_CALL = 1000;

const gitCommit = (text: string) => createHash('sha1').update(text).digest('hex');
const iso = (ms: number) => new Date(ms).toISOString();

/** When a monthly snapshot is built: the 2nd of the following month (the 1st is for late data). */
function builtAt(snapshot: string): number {
  const [year, month] = snapshot.split('-').map(Number);
  return Date.UTC(year, month, 2, 1); // Date.UTC months count from 0, so `month` is the following one
}

const pick = <T>(random: Random, options: readonly T[]): T => options[Math.floor(random() * options.length)];
const between = (random: Random, low: number, high: number) => low + Math.floor(random() * (high - low + 1));

/** How each kind of training code behaves: its hyperparameters, machines, speed and how good it can get. */
interface Family {
  entryPoint: string;
  machines: Machine[];
  minutesPerStep: number;
  /** Share of the metric's headroom the best run of this family reaches. */
  skill: number;
  params(random: Random): KeyValue[];
}

const param = (key: string, value: string | number): KeyValue => ({ key, value: String(value) });

const FAMILIES: Record<ModelFamily, Family> = {
  trees: {
    entryPoint: 'train/boosted_trees.py',
    machines: [MACHINES.cpu, MACHINES.gpu],
    minutesPerStep: 1.5,
    skill: 1,
    params: (random) => [
      param('learning_rate', pick(random, [0.01, 0.03, 0.05, 0.1, 0.3])),
      param('max_depth', between(random, 3, 10)),
      param('n_estimators', 100 * between(random, 2, 10)),
      param('subsample', pick(random, [0.7, 0.8, 0.9, 1])),
    ],
  },
  linear: {
    entryPoint: 'train/logistic_regression.py',
    machines: [MACHINES.small],
    minutesPerStep: 0.5,
    skill: 0.55,
    params: (random) => [
      param('C', pick(random, [0.01, 0.1, 1, 10])),
      param('penalty', pick(random, ['l1', 'l2'])),
      param('class_weight', pick(random, ['balanced', 'none'])),
    ],
  },
  neural: {
    entryPoint: 'train/two_tower.py',
    machines: [MACHINES.gpu, MACHINES.multiGpu],
    minutesPerStep: 6,
    skill: 0.85,
    params: (random) => [
      param('learning_rate', pick(random, [0.0001, 0.0003, 0.001])),
      param('batch_size', pick(random, [512, 1024, 2048])),
      param('embedding_dim', pick(random, [64, 128, 256])),
      param('dropout', pick(random, [0.1, 0.2, 0.3])),
    ],
  },
  anomaly: {
    entryPoint: 'train/isolation_forest.py',
    machines: [MACHINES.cpu],
    minutesPerStep: 1,
    skill: 0.4,
    params: (random) => [
      param('n_estimators', pick(random, [100, 200, 400])),
      param('contamination', pick(random, [0.001, 0.002, 0.005])),
      param('max_samples', pick(random, [256, 512, 1024])),
    ],
  },
};

/** What was loaded, for the progress lines. */
interface Tally {
  datasets: number;
  versions: number;
  runs: number;
  deployments: number;
}

export async function loadDemoOrganisation(db: GraphDatabase, log: (line: string) => void): Promise<boolean> {
  if (await demoRepository.hasProjects(db)) return false;
  const started = Date.now();
  const services = createServices(db);
  const tally: Tally = { datasets: 0, versions: 0, runs: 0, deployments: 0 };
  await loadPeople(services);
  await loadOrgRoles(services, ACTOR);
  log(`demo: ${TEAMS.length} teams, ${PEOPLE.length} people`);
  // The projects load side by side: they share nothing but the people loaded above, and each draws
  // from its own seeded generator, so the organisation is the same whatever the interleaving.
  await Promise.all(
    PROJECTS.map(async (plan) => {
      await new ProjectLoader(services, plan, tally).load();
      log(`demo: project ${plan.slug} loaded (${tally.datasets} datasets, ${tally.runs} runs so far)`);
    }),
  );
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  log(
    `demo: ${PROJECTS.length} projects, ${tally.datasets} datasets, ${tally.versions} versions, ` +
      `${tally.runs} runs, ${tally.deployments} deployments in ${seconds} s`,
  );
  return true;
}

async function loadPeople({ catalog }: Services): Promise<void> {
  for (const team of TEAMS) await catalog.createTeam(ACTOR, team);
  for (const person of PEOPLE) {
    await catalog.createUser(ACTOR, {
      handle: person.handle,
      name: person.name,
      email: `${person.handle}@example.org`,
      teamIds: person.teams.map((team) => `team:${team}`),
    });
  }
}

/** An owner slug from the plan (a team or a person) as an id. */
const ownerId = (slug: string) => (TEAMS.some((team) => team.slug === slug) ? `team:${slug}` : `user:${slug}`);

/** A version that exists from some moment on, so runs only use what had been built when they started. */
interface Built {
  id: string;
  at: number;
  rowCount: number;
}

class ProjectLoader {
  private readonly random: Random;
  private readonly projectId: string;
  /** Versions built so far, per dataset or feature set slug, oldest first. */
  private readonly built = new Map<string, Built[]>();

  constructor(
    private readonly services: Services,
    private readonly plan: ProjectPlan,
    private readonly tally: Tally,
  ) {
    this.random = seeded(`demo/${plan.slug}`);
    this.projectId = `project:${plan.slug}`;
  }

  async load(): Promise<void> {
    const { plan } = this;
    await this.services.catalog.createProject(ACTOR, {
      slug: plan.slug,
      name: plan.name,
      description: plan.description,
      tags: ['demo'],
    });
    await loadProjectRules(this.services, ACTOR, plan);
    await this.registerExperiment({
      slug: 'data-prep',
      name: 'Data preparation',
      description: 'The nightly jobs that clean the raw exports and join them into training sets.',
      tags: ['pipeline'],
    });
    for (const [order, dataset] of plan.datasets.entries()) await this.loadDataset(dataset, order);
    await this.loadFeatureSet();
    const outcomes: TrainingOutcome[] = [];
    for (const experiment of plan.experiments) outcomes.push(...(await this.loadExperiment(experiment)));
    const released = await new ModelRelease(this.services, plan, ACTOR, ownerId(plan.team)).release(outcomes);
    this.tally.deployments += released;
  }

  private async registerExperiment(experiment: { slug: string; name: string; description: string; tags: string[] }) {
    const taskType = experiment.slug === 'data-prep' ? 'other' : taskTypeOf(this.plan);
    await this.services.catalog.registerAsset(ACTOR, 'Experiment', {
      projectId: this.projectId,
      ...experiment,
      ownerIds: [ownerId(this.plan.team)],
      metadata: [{ key: 'taskType', value: taskType }],
    });
  }

  // ---- datasets and feature sets ----

  private async loadDataset(dataset: DatasetPlan, order: number): Promise<void> {
    const datasetId = `dataset:${this.plan.slug}/${dataset.slug}`;
    await this.services.catalog.registerAsset(ACTOR, 'Dataset', {
      projectId: this.projectId,
      slug: dataset.slug,
      name: dataset.name,
      description: dataset.description,
      tags: dataset.tags,
      ownerIds: [ownerId(dataset.owner)],
      metadata: datasetMetadata(dataset),
    });
    if (dataset.restrictedTo) await restrictDataset(this.services, ACTOR, datasetId, dataset.restrictedTo.map(ownerId));
    this.tally.datasets += 1;
    for (const [i, snapshot] of dataset.snapshots.entries()) {
      // Later datasets in the plan are built later the same night, after what they read.
      const at = builtAt(snapshot) + order * 40 * MINUTE;
      const sources = (dataset.from ?? []).map((slug) => this.versionOf(slug, snapshot)).filter((id) => id !== null);
      const versionId = `${datasetId}@${snapshot}`;
      const prepRunId = sources.length > 0 ? await this.startPrepRun(dataset, snapshot, sources, at) : null;
      const rowCount = Math.round(dataset.rows * (1 + 0.04 * i) * (0.95 + 0.1 * this.random()));
      await this.services.versions.register(ACTOR, VERSION_SPECS.DatasetVersion, {
        parentId: datasetId,
        version: snapshot,
        digest: digest(versionId),
        uri: `s3://example-lake/${this.plan.slug}/${dataset.slug}/snapshot=${snapshot}/`,
        description: `${dataset.name} as of the end of ${monthName(snapshot)}.`,
        rowCount,
        sizeBytes: rowCount * 140,
        ...datasetProfile(`${this.plan.slug}/${dataset.slug}`, snapshot, rowCount),
        derivedFromIds: sources,
        generatedByRunId: prepRunId,
      });
      this.tally.versions += 1;
      if (prepRunId) await this.finishPrepRun(prepRunId, versionId, rowCount, at);
      this.remember(dataset.slug, { id: versionId, at: at + 30 * MINUTE, rowCount });
    }
  }

  /** The data-prep run that builds one snapshot: it USED the sources, and the new version is GENERATED_BY it. */
  private async startPrepRun(dataset: DatasetPlan, snapshot: string, sources: string[], at: number): Promise<string> {
    const repo = `git@git.example.org:data/${this.plan.slug}-pipelines.git`;
    const release = gitCommit(`${repo} ${snapshot}`); // one pipeline release a month
    const run = await this.services.runs.startRun(ACTOR, {
      id: `run:demo-${this.plan.slug}-build-${dataset.slug}-${snapshot}`,
      experimentId: `experiment:${this.plan.slug}/data-prep`,
      name: `Build ${dataset.name} for ${monthName(snapshot)}`,
      ownerId: `user:${this.plan.people[0]}`,
      params: [param('snapshot', snapshot), param('sources', String(sources.length))],
      entryPoint: `pipelines/${dataset.slug.replace(/-/g, '_')}.py`,
      code: { repo, branch: 'main', commit: release, dirty: false },
      environment: {
        languageVersion: 'Python 3.11.9',
        packageLockDigest: digest(`${repo} uv.lock ${snapshot}`),
        imageDigest: digest(`${repo} image ${release}`),
      },
      infrastructure: this.infrastructure(MACHINES.pipeline),
      inputs: sources.map((versionId) => ({ versionId, role: 'source' })),
      startedAt: iso(at),
    });
    this.tally.runs += 1;
    return run.id;
  }

  private async finishPrepRun(runId: string, versionId: string, rowCount: number, at: number): Promise<void> {
    const { runs } = this.services;
    const minutes = 8 + Math.round(rowCount / 200_000);
    const dropped = Math.round(rowCount * 0.01 * this.random());
    await runs.logMetrics(ACTOR, runId, [
      { key: 'rows_written', value: rowCount, step: 0, timestamp: at + minutes * MINUTE },
      { key: 'rows_dropped', value: dropped, step: 0, timestamp: at + minutes * MINUTE },
    ]);
    await runs.finishRun(ACTOR, {
      runId,
      status: 'FINISHED',
      outputIds: [versionId],
      dataQualityChecks: [
        {
          name: 'rows_dropped_share <= 0.01',
          passed: dropped <= rowCount * 0.01,
          value: round(dropped / rowCount, 5),
          datasetVersionId: versionId,
        },
        { name: 'rows_written > 0', passed: rowCount > 0, value: rowCount, datasetVersionId: versionId },
      ],
      computeCostUsd: costOf(MACHINES.pipeline, minutes), // the pipeline scheduler reports its bill
      endedAt: iso(at + (minutes + 1) * MINUTE),
    });
  }

  private async loadFeatureSet(): Promise<void> {
    const { featureSet } = this.plan;
    const featureSetId = `featureset:${this.plan.slug}/${featureSet.slug}`;
    await this.services.catalog.registerAsset(ACTOR, 'FeatureSet', {
      projectId: this.projectId,
      slug: featureSet.slug,
      name: featureSet.name,
      description: featureSet.description,
      tags: ['features'],
      ownerIds: [ownerId(this.plan.team)],
      metadata: featureSetMetadata,
    });
    // One feature set version per snapshot of its source, each adding a feature.
    for (const [i, source] of (this.built.get(featureSet.from) ?? []).entries()) {
      const version = String(i + 1);
      const features = featureSet.features.slice(0, featureSet.features.length - 2 + i);
      await this.services.versions.register(ACTOR, VERSION_SPECS.FeatureSetVersion, {
        parentId: featureSetId,
        version,
        digest: digest(`${featureSetId}@${version}`),
        uri: `s3://example-features/${this.plan.slug}/${featureSet.slug}/v${version}/`,
        description: `Computed from ${source.id}.`,
        features,
        ...featureSetProfile(`${featureSetId}@${version}`, features, source.rowCount),
        derivedFromIds: [source.id],
      });
      this.tally.versions += 1;
      this.remember(featureSet.slug, {
        id: `${featureSetId}@${version}`,
        at: source.at + HOUR,
        rowCount: source.rowCount,
      });
    }
  }

  private remember(slug: string, built: Built): void {
    this.built.set(slug, [...(this.built.get(slug) ?? []), built]);
  }

  /** The id of a dataset's version for one snapshot, or null when that dataset has no such snapshot. */
  private versionOf(slug: string, snapshot: string): string | null {
    return (this.built.get(slug) ?? []).find((v) => v.id.endsWith(`@${snapshot}`))?.id ?? null;
  }

  /** The newest version of a dataset or feature set already built at a moment. */
  private latestAt(slug: string, at: number): string {
    const ready = (this.built.get(slug) ?? []).filter((v) => v.at <= at);
    if (ready.length === 0) throw new Error(`demo plan: nothing of ${slug} is built by ${iso(at)}`);
    return ready[ready.length - 1].id;
  }

  // ---- training ----

  private async loadExperiment(experiment: ExperimentPlan): Promise<TrainingOutcome[]> {
    await this.registerExperiment({
      slug: experiment.slug,
      name: experiment.name,
      description: experiment.description,
      tags: ['training', experiment.family],
    });
    const outcomes: TrainingOutcome[] = [];
    const offset = this.plan.experiments.indexOf(experiment) * 5 * HOUR;
    for (let i = 0; i < experiment.runs; i++) {
      const startedAt = TRAINING_START + Math.floor((i / experiment.runs) * TRAINING_DAYS * DAY) + offset;
      const stillRunning = i >= experiment.runs - (experiment.stillRunning ?? 0);
      outcomes.push(
        await this.loadTrainingRun(experiment, i, startedAt + between(this.random, 0, 8) * HOUR, stillRunning),
      );
    }
    return outcomes;
  }

  /** One training run as a script would log it: start, params, tags, metric batches while it trains, finish. */
  private async loadTrainingRun(
    experiment: ExperimentPlan,
    index: number,
    startedAt: number,
    stillRunning: boolean,
  ): Promise<TrainingOutcome> {
    const { runs } = this.services;
    const { random, plan } = this;
    const family = FAMILIES[experiment.family];
    const runId = `run:demo-${plan.slug}-${experiment.slug}-${index + 1}`;
    const machine = machineOf(runId, experiment.family, pick(random, family.machines));
    const repo = `git@git.example.org:ml/${plan.slug}.git`;
    const sweep = Math.floor(index / 4); // runs come in small sweeps that share a commit
    const branch = random() < 0.75 ? 'main' : `exp/${experiment.slug}-tuning`;
    const commit = gitCommit(`${repo} ${experiment.slug} ${sweep} ${branch}`);
    const owner = `user:${plan.people[index % plan.people.length]}`;
    const dirty = branch !== 'main' && random() < 0.4;
    // What the script logs as it starts goes with the start (one command), drawn in the same order as ever.
    const params = family.params(random);
    const trigger = random() < 0.3 ? 'scheduled' : 'manual';
    const run = await runs.startRun(ACTOR, {
      id: runId,
      experimentId: `experiment:${plan.slug}/${experiment.slug}`,
      name: `${experiment.name} #${index + 1}`,
      ownerId: owner,
      seed: 42 + index,
      entryPoint: family.entryPoint,
      code: { repo, branch, commit, dirty },
      environment: {
        languageVersion: 'Python 3.11.9',
        packageLockDigest: digest(`${repo} uv.lock ${Math.floor(sweep / 2)}`),
        imageDigest: digest(`${repo} image ${commit}`),
      },
      infrastructure: this.infrastructure(machine),
      inputs: [
        { versionId: this.latestAt(plan.featureSet.slug, startedAt), role: 'training' },
        { versionId: this.latestAt(plan.labels, startedAt), role: 'labels' },
        { versionId: this.latestAt(plan.holdout, startedAt), role: 'validation' },
      ],
      startedAt: iso(startedAt),
      params,
      tags: [{ key: 'trigger', value: trigger }],
    });
    this.tally.runs += 1;

    const status: RunStatus = stillRunning ? 'RUNNING' : endingOf(random());
    const steps = status === 'FAILED' ? between(random, 3, 12) : between(random, 20, 50);
    const loggedSteps = status === 'RUNNING' || status === 'KILLED' ? Math.floor(steps * 0.6) : steps;
    const quality = random();
    const history = this.learningCurve(family.skill * quality, steps, loggedSteps, startedAt, family.minutesPerStep);
    for (let first = 0; first < history.length; first += STEPS_PER_BATCH * 3) {
      await runs.logMetrics(ACTOR, run.id, history.slice(first, first + STEPS_PER_BATCH * 3));
    }
    const score = history[history.length - 2].value; // the primary metric at the last logged step
    const minutes = loggedSteps * family.minutesPerStep + 4;
    // What MLflow's system metrics logger samples on a GPU machine, until the run ended (or now, if running).
    const sampledUntil = startedAt + (status === 'RUNNING' ? minutes - 4 : minutes) * MINUTE;
    const utilisation = utilisationSamples(
      run.id,
      experiment.family,
      machine.accelerators.length,
      startedAt,
      sampledUntil,
    );
    for (let first = 0; first < utilisation.length; first += POINTS_PER_CALL) {
      await runs.logMetrics(ACTOR, run.id, utilisation.slice(first, first + POINTS_PER_CALL));
    }
    const fairness = fairnessMetrics(run.id, startedAt + minutes * MINUTE);
    const outcome: TrainingOutcome = {
      runId: run.id,
      status,
      score,
      startedAt,
      ownerId: owner,
      dirty,
      fairness: { demographicParity: fairness[0].value, equalizedOdds: fairness[1].value },
    };
    if (status === 'RUNNING') return outcome;

    if (status === 'FINISHED')
      await runs.logMetrics(ACTOR, run.id, fairness); // the evaluation script's report
    else await runs.setTags(ACTOR, run.id, [endingReason(status, loggedSteps)]);
    await runs.finishRun(ACTOR, {
      runId: run.id,
      status,
      computeCostUsd: recordsCost(trigger) ? costOf(machine, minutes) : null,
      endedAt: iso(startedAt + minutes * MINUTE),
    });
    return outcome;
  }

  /**
   * Loss falls and both metrics rise towards a ceiling set by the run's quality (0 to 1), with a little
   * noise; three points per step (loss, primary, secondary), in that order.
   */
  private learningCurve(
    quality: number,
    steps: number,
    loggedSteps: number,
    startedAt: number,
    minutesPerStep: number,
  ): MetricInput[] {
    const [primary, secondary] = this.plan.metrics;
    const ceiling = (m: { start: number; best: [number, number] }) => m.best[0] + (m.best[1] - m.best[0]) * quality;
    const points: MetricInput[] = [];
    for (let step = 0; step < loggedSteps; step++) {
      const progress = 1 - Math.exp((-5 * (step + 1)) / steps);
      const noise = () => (this.random() - 0.5) * 0.01;
      const timestamp = startedAt + Math.round((step + 1) * minutesPerStep * MINUTE);
      const towards = (m: { start: number; best: [number, number] }) =>
        round(m.start + (ceiling(m) - m.start) * progress + noise());
      points.push(
        { key: 'loss', value: round(0.69 - (0.3 + 0.15 * quality) * progress + noise()), step, timestamp },
        { key: primary.key, value: towards(primary), step, timestamp },
        { key: secondary.key, value: towards(secondary), step, timestamp },
      );
    }
    return points;
  }

  private infrastructure(machine: Machine) {
    return { instanceType: machine.instanceType, accelerators: machine.accelerators, region: this.plan.region };
  }
}

/** Most runs finish; a few fail or are stopped by hand. */
function endingOf(roll: number): RunStatus {
  if (roll < 0.07) return 'FAILED';
  if (roll < 0.12) return 'KILLED';
  return 'FINISHED';
}

function endingReason(status: RunStatus, steps: number): KeyValue {
  return status === 'FAILED'
    ? { key: 'failure', value: steps % 2 ? 'ran out of GPU memory' : 'loss became NaN' }
    : { key: 'stopped_because', value: `no better than the baseline after ${steps} steps` };
}

const MONTH_NAMES = 'January February March April May June July August September October November December'.split(' ');

/** "2026-10" → "October 2026". */
function monthName(snapshot: string): string {
  const [year, month] = snapshot.split('-').map(Number);
  return `${MONTH_NAMES[month - 1]} ${year}`;
}
