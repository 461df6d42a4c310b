import { createHash } from 'node:crypto';
import type { Services } from '../context';
import type { GraphDatabase } from '../platform/neo4j';
import type { FinishRunInput, KeyValue, MetricInput, RunStatus, StartRunInput } from '../runs/runs.service';
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
import { Lanes } from './demo-lanes';
import { planDemoMigration } from './demo-migration';
import { demoRepository } from './demo.repository';
import { registerDemoWebhook } from './demo-webhook';

/**
 * A small but believable ML organisation for `npm start` and for tests: 3 projects, 2 teams, 5 people,
 * 21 datasets with raw → cleaned → joined chains built by data-prep runs, feature sets, ~120 runs with
 * metric histories, costs and GPU utilisation (demo-compute.ts), dataset and feature set versions with
 * schemas and column statistics, one of which drifts (demo-columns.ts), models and deployments in
 * every environment, and a planned migration some owners have answered (demo-migration.ts). Written only through the domain services, so every write is validated and
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
/** What a run logged goes in calls as large as the service takes. */
const POINTS_PER_CALL = 1000;
/** Demo writes (a run, a version with the run that builds it) under way at once, over all projects. */
const LANES = 6;

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
  const lanes = new Lanes(LANES);
  const tally: Tally = { datasets: 0, versions: 0, runs: 0, deployments: 0 };
  await loadPeople(services);
  await registerDemoWebhook(services, ACTOR);
  log(`demo: ${TEAMS.length} teams, ${PEOPLE.length} people, a webhook (${secondsSince(started)} s)`);
  // The projects load side by side: they share nothing but the people loaded above, and each draws
  // from its own seeded generator, so the organisation is the same whatever the interleaving.
  await Promise.all(
    PROJECTS.map(async (plan) => {
      await new ProjectLoader(services, plan, tally, lanes).load(log);
    }),
  );
  const migrationId = await planDemoMigration(services, ACTOR);
  log(`demo: a planned migration in progress, ${migrationId} (${secondsSince(started)} s)`);
  log(
    `demo: ${PROJECTS.length} projects, ${tally.datasets} datasets, ${tally.versions} versions, ` +
      `${tally.runs} runs, ${tally.deployments} deployments in ${secondsSince(started)} s`,
  );
  return true;
}

const secondsSince = (started: number) => ((Date.now() - started) / 1000).toFixed(1);

/** The teams first, then their people and the org auditor (each its own command, side by side). */
async function loadPeople(services: Services): Promise<void> {
  const { catalog } = services;
  await Promise.all(TEAMS.map((team) => catalog.createTeam(ACTOR, team)));
  await Promise.all([
    ...PEOPLE.map((person) =>
      catalog.createUser(ACTOR, {
        handle: person.handle,
        name: person.name,
        email: `${person.handle}@example.org`,
        teamIds: person.teams.map((team) => `team:${team}`),
      }),
    ),
    loadOrgRoles(services, ACTOR),
  ]);
}

/** An owner slug from the plan (a team or a person) as an id. */
const ownerId = (slug: string) => (TEAMS.some((team) => team.slug === slug) ? `team:${slug}` : `user:${slug}`);

/** A version that exists from some moment on, so runs only use what had been built when they started. */
interface Built {
  id: string;
  at: number;
  rowCount: number;
}

/** One dataset snapshot as the plan builds it, every number drawn. */
interface DatasetBuild {
  dataset: DatasetPlan;
  datasetId: string;
  snapshot: string;
  /** Which snapshot of its dataset it is (0 for the oldest). */
  index: number;
  versionId: string;
  at: number;
  sources: string[];
  rowCount: number;
  /** Rows the data-prep run dropped; null for a raw export, which no run builds. */
  dropped: number | null;
}

/** One feature set version: computed from one snapshot of its source. */
interface FeatureBuild {
  version: string;
  features: string[];
  source: Built;
}

/** One training run as its script logs it: the start, everything logged while it trains, how it ends. */
interface TrainingRun {
  start: StartRunInput & { id: string };
  /** The learning curve, then GPU utilisation, then (if it finished) the fairness report. */
  metrics: MetricInput[];
  /** Why it ended early, for a failed or killed run. */
  tags: KeyValue[];
  /** Null while it is still running. */
  finish: FinishRunInput | null;
  outcome: TrainingOutcome;
}

class ProjectLoader {
  private readonly random: Random;
  private readonly projectId: string;
  /** Versions built so far, per dataset or feature set slug, oldest first. */
  private readonly built = new Map<string, Built[]>();
  /** Writes under way or done, by the id of what they create, for the writes that refer to it. */
  private readonly written = new Map<string, Promise<unknown>>();

  constructor(
    private readonly services: Services,
    private readonly plan: ProjectPlan,
    private readonly tally: Tally,
    private readonly lanes: Lanes,
  ) {
    this.random = seeded(`demo/${plan.slug}`);
    this.projectId = `project:${plan.slug}`;
  }

  async load(log: (line: string) => void): Promise<void> {
    const { plan } = this;
    const started = Date.now();
    // Every number is drawn before anything is written, in the order the loader has always drawn
    // them, so the organisation is the same whichever order the writes below finish in.
    const builds = this.planDatasets();
    const features = this.planFeatureSet();
    const training = this.planTraining();

    await this.services.catalog.createProject(ACTOR, {
      slug: plan.slug,
      name: plan.name,
      description: plan.description,
      tags: ['demo'],
    });
    await loadProjectRules(this.services, ACTOR, plan);
    // Then each write starts as soon as what it refers to is there (and a lane is free): a version
    // after its dataset, its sources and its dataset's previous version (registered in order, for
    // the schema change); a training run after its experiment and the versions it reads.
    const writes = [
      this.write(`experiment:${plan.slug}/data-prep`, [], () =>
        this.registerExperiment({
          slug: 'data-prep',
          name: 'Data preparation',
          description: 'The nightly jobs that clean the raw exports and join them into training sets.',
          tags: ['pipeline'],
        }),
      ),
      ...plan.experiments.map((experiment) =>
        this.write(`experiment:${plan.slug}/${experiment.slug}`, [], () =>
          this.registerExperiment({
            slug: experiment.slug,
            name: experiment.name,
            description: experiment.description,
            tags: ['training', experiment.family],
          }),
        ),
      ),
      ...plan.datasets.map((dataset) =>
        this.write(`dataset:${plan.slug}/${dataset.slug}`, [], () => this.registerDataset(dataset)),
      ),
      ...builds.flatMap((build) => this.loadDatasetVersion(build)),
      ...this.loadFeatureSet(features),
    ];
    const runs = training.map((run) =>
      this.write(
        run.start.id,
        [run.start.experimentId, ...(run.start.inputs ?? []).map((used) => used.versionId)],
        () => this.writeTrainingRun(run),
      ),
    );
    // The release starts once the experiments it releases from are written (a gate counts the other
    // runs of the experiment), while the other experiments' runs still load.
    const outcomes = training.map((run) => run.outcome);
    const release = new ModelRelease(this.services, plan, ACTOR, ownerId(plan.team));
    const releasedFrom = new Set(release.runsToRelease(outcomes).map((runId) => this.experimentOf(training, runId)));
    const gatesRead = training.filter((run) => releasedFrom.has(run.start.experimentId)).map((run) => run.start.id);
    const released = this.after(gatesRead).then(async () => {
      const releaseStarted = Date.now();
      const deployments = await release.release(outcomes);
      this.tally.deployments += deployments;
      log(`demo: ${plan.slug}: model released in ${secondsSince(releaseStarted)} s`);
    });
    await Promise.all([...writes, ...runs, released]);
    log(`demo: ${plan.slug}: loaded in ${secondsSince(started)} s`);
  }

  /** Starts `work` in a lane once the writes of `after` (ids) are done; what refers to `id` waits for it. */
  private write<T>(id: string, after: string[], work: () => Promise<T>): Promise<T> {
    const done = this.after(after).then(() => this.lanes.run(work));
    this.written.set(id, done);
    return done;
  }

  private experimentOf(training: TrainingRun[], runId: string): string {
    return training.find((run) => run.start.id === runId)!.start.experimentId;
  }

  /** Once the writes of these ids are done. */
  private after(ids: string[]): Promise<unknown> {
    return Promise.all(
      ids.map((id) => {
        const pending = this.written.get(id);
        if (!pending) throw new Error(`demo plan: ${id} is referred to before anything writes it`);
        return pending;
      }),
    );
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

  /** Each snapshot of each dataset, in plan order: later datasets are built later the same night, after what they read. */
  private planDatasets(): DatasetBuild[] {
    const builds: DatasetBuild[] = [];
    for (const [order, dataset] of this.plan.datasets.entries()) {
      const datasetId = `dataset:${this.plan.slug}/${dataset.slug}`;
      for (const [index, snapshot] of dataset.snapshots.entries()) {
        const at = builtAt(snapshot) + order * 40 * MINUTE;
        const sources = (dataset.from ?? []).map((slug) => this.versionOf(slug, snapshot)).filter((id) => id !== null);
        const rowCount = Math.round(dataset.rows * (1 + 0.04 * index) * (0.95 + 0.1 * this.random()));
        const dropped = sources.length > 0 ? Math.round(rowCount * 0.01 * this.random()) : null;
        const versionId = `${datasetId}@${snapshot}`;
        builds.push({ dataset, datasetId, snapshot, index, versionId, at, sources, rowCount, dropped });
        this.remember(dataset.slug, { id: versionId, at: at + 30 * MINUTE, rowCount });
      }
    }
    return builds;
  }

  private async registerDataset(dataset: DatasetPlan): Promise<void> {
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
    // Restricted before its versions are registered, so they are born restricted.
    if (dataset.restrictedTo) await restrictDataset(this.services, ACTOR, datasetId, dataset.restrictedTo.map(ownerId));
    this.tally.datasets += 1;
  }

  /** The version's registration (with the run that builds it), and the run's end once the version is there. */
  private loadDatasetVersion(build: DatasetBuild): Promise<unknown>[] {
    const { dataset, versionId, rowCount, dropped, at } = build;
    const previous = build.index > 0 ? `${build.datasetId}@${dataset.snapshots[build.index - 1]}` : build.datasetId;
    const registered = this.write(
      versionId,
      [previous, ...build.sources, `experiment:${this.plan.slug}/data-prep`],
      () => this.registerDatasetVersion(build),
    );
    const finished = registered.then((prepRunId) =>
      prepRunId && dropped !== null
        ? this.lanes.run(() => this.finishPrepRun(prepRunId, versionId, rowCount, dropped, at))
        : undefined,
    );
    return [registered, finished];
  }

  private async registerDatasetVersion(build: DatasetBuild): Promise<string | null> {
    const { dataset, snapshot, sources, rowCount, at } = build;
    const prepRunId = sources.length > 0 ? await this.startPrepRun(dataset, snapshot, sources, at) : null;
    await this.services.versions.register(ACTOR, VERSION_SPECS.DatasetVersion, {
      parentId: build.datasetId,
      version: snapshot,
      digest: digest(build.versionId),
      uri: `s3://example-lake/${this.plan.slug}/${dataset.slug}/snapshot=${snapshot}/`,
      description: `${dataset.name} as of the end of ${monthName(snapshot)}.`,
      rowCount,
      sizeBytes: rowCount * 140,
      ...datasetProfile(`${this.plan.slug}/${dataset.slug}`, snapshot, rowCount),
      derivedFromIds: sources,
      generatedByRunId: prepRunId,
    });
    this.tally.versions += 1;
    return prepRunId;
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

  private async finishPrepRun(
    runId: string,
    versionId: string,
    rowCount: number,
    dropped: number,
    at: number,
  ): Promise<void> {
    const { runs } = this.services;
    const minutes = 8 + Math.round(rowCount / 200_000);
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

  /** One feature set version per snapshot of its source, each adding a feature. */
  private planFeatureSet(): FeatureBuild[] {
    const { featureSet } = this.plan;
    const featureSetId = `featureset:${this.plan.slug}/${featureSet.slug}`;
    return (this.built.get(featureSet.from) ?? []).map((source, i) => {
      const version = String(i + 1);
      this.remember(featureSet.slug, {
        id: `${featureSetId}@${version}`,
        at: source.at + HOUR,
        rowCount: source.rowCount,
      });
      return { version, features: featureSet.features.slice(0, featureSet.features.length - 2 + i), source };
    });
  }

  private loadFeatureSet(builds: FeatureBuild[]): Promise<unknown>[] {
    const { featureSet } = this.plan;
    const featureSetId = `featureset:${this.plan.slug}/${featureSet.slug}`;
    const registered = this.write(featureSetId, [], () =>
      this.services.catalog.registerAsset(ACTOR, 'FeatureSet', {
        projectId: this.projectId,
        slug: featureSet.slug,
        name: featureSet.name,
        description: featureSet.description,
        tags: ['features'],
        ownerIds: [ownerId(this.plan.team)],
        metadata: featureSetMetadata,
      }),
    );
    return [
      registered,
      ...builds.map(({ version, features, source }, i) =>
        this.write(
          `${featureSetId}@${version}`,
          [i > 0 ? `${featureSetId}@${i}` : featureSetId, source.id],
          async () => {
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
          },
        ),
      ),
    ];
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

  private planTraining(): TrainingRun[] {
    const runs: TrainingRun[] = [];
    for (const [e, experiment] of this.plan.experiments.entries()) {
      const offset = e * 5 * HOUR;
      for (let i = 0; i < experiment.runs; i++) {
        const startedAt = TRAINING_START + Math.floor((i / experiment.runs) * TRAINING_DAYS * DAY) + offset;
        const stillRunning = i >= experiment.runs - (experiment.stillRunning ?? 0);
        runs.push(this.planTrainingRun(experiment, i, startedAt + between(this.random, 0, 8) * HOUR, stillRunning));
      }
    }
    return runs;
  }

  /** One training run as a script would log it: start (with params and tags), metrics while it trains, finish. */
  private planTrainingRun(
    experiment: ExperimentPlan,
    index: number,
    startedAt: number,
    stillRunning: boolean,
  ): TrainingRun {
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
    // What the script logs as it starts goes with the start (one command).
    const params = family.params(random);
    const trigger = random() < 0.3 ? 'scheduled' : 'manual';
    const start = {
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
    };

    const status: RunStatus = stillRunning ? 'RUNNING' : endingOf(random());
    const steps = status === 'FAILED' ? between(random, 3, 12) : between(random, 20, 50);
    const loggedSteps = status === 'RUNNING' || status === 'KILLED' ? Math.floor(steps * 0.6) : steps;
    const quality = random();
    const history = this.learningCurve(family.skill * quality, steps, loggedSteps, startedAt, family.minutesPerStep);
    const score = history[history.length - 2].value; // the primary metric at the last logged step
    const minutes = loggedSteps * family.minutesPerStep + 4;
    // What MLflow's system metrics logger samples on a GPU machine, until the run ended (or now, if running).
    const sampledUntil = startedAt + (status === 'RUNNING' ? minutes - 4 : minutes) * MINUTE;
    const utilisation = utilisationSamples(
      runId,
      experiment.family,
      machine.accelerators.length,
      startedAt,
      sampledUntil,
    );
    const fairness = fairnessMetrics(runId, startedAt + minutes * MINUTE);
    return {
      start,
      // A finished run's evaluation script reports fairness; a failed or killed one says why it ended.
      metrics: [...history, ...utilisation, ...(status === 'FINISHED' ? fairness : [])],
      tags: status === 'FAILED' || status === 'KILLED' ? [endingReason(status, loggedSteps)] : [],
      finish:
        status === 'RUNNING'
          ? null
          : {
              runId,
              status,
              computeCostUsd: recordsCost(trigger) ? costOf(machine, minutes) : null,
              endedAt: iso(startedAt + minutes * MINUTE),
            },
      outcome: {
        runId,
        status,
        score,
        startedAt,
        ownerId: owner,
        dirty,
        fairness: { demographicParity: fairness[0].value, equalizedOdds: fairness[1].value },
      },
    };
  }

  /** Start, what it logged (in as few batches as the service takes), finish. */
  private async writeTrainingRun(run: TrainingRun): Promise<void> {
    const { runs } = this.services;
    await runs.startRun(ACTOR, run.start);
    this.tally.runs += 1;
    const batches = Math.max(1, Math.ceil(run.metrics.length / POINTS_PER_CALL));
    for (let b = 0; b < batches; b++) {
      await runs.logBatch(ACTOR, run.start.id, {
        metrics: run.metrics.slice(b * POINTS_PER_CALL, (b + 1) * POINTS_PER_CALL),
        tags: b === batches - 1 ? run.tags : [],
      });
    }
    if (run.finish) await runs.finishRun(ACTOR, run.finish);
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
