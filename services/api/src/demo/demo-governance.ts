import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import type { MetadataFieldInput } from '../governance/templates/metadata';
import type { Services } from '../context';
import { GOVERNANCE_DIR } from '../platform/governance-dir';
import type { MetricInput, RunStatus } from '../runs/runs.service';
import { VERSION_SPECS } from '../versions/versions.service';
import { digest, round, seeded } from './demo-numbers';
import type { DatasetPlan, ProjectPlan } from './demo-plan';

/**
 * The demo's governance: metadata the templates ask for, fairness results on training runs, and
 * releases that go through promotion gates with reviews and approvals, so the explorer and
 * `mnemo gate check` have a real history to show. Kept apart from demo-organisation.ts, and with
 * its own seeded numbers, so the rest of the demo stays exactly as it was.
 */

export const DEMO_LICENCE = 'proprietary';

/** Raw exports with personal data are pii, other raw exports confidential, derived data internal. */
export function datasetMetadata(dataset: DatasetPlan): MetadataFieldInput[] {
  const metadata = [{ key: 'licence', value: DEMO_LICENCE }];
  if (dataset.unclassified) return metadata; // left for the completeness report to find
  const classification = dataset.tags.includes('pii')
    ? 'pii'
    : dataset.tags.includes('raw')
      ? 'confidential'
      : 'internal';
  return [...metadata, { key: 'classification', value: classification }];
}

export const featureSetMetadata: MetadataFieldInput[] = [
  { key: 'classification', value: 'confidential' },
  { key: 'licence', value: DEMO_LICENCE },
];

export const taskTypeOf = (plan: ProjectPlan) => (plan.slug === 'search-ranking' ? 'ranking' : 'classification');

/** Fairness on the holdout, as an evaluation script would compute it: a fixed draw per run. */
export function fairnessMetrics(runId: string, timestamp: number): MetricInput[] {
  const random = seeded(`${runId}/fairness`);
  return [
    { key: 'demographic_parity_difference', value: round(0.01 + 0.13 * random(), 3), step: 0, timestamp },
    { key: 'equalized_odds_gap', value: round(0.02 + 0.1 * random(), 3), step: 0, timestamp },
  ];
}

/** Bounds of the default production policy (governance/policies/default.yaml). */
const FAIRNESS_BOUND = 0.1;

export interface TrainingOutcome {
  runId: string;
  status: RunStatus;
  score: number;
  startedAt: number;
  ownerId: string;
  dirty: boolean;
  fairness: { demographicParity: number; equalizedOdds: number };
}

const isFair = (outcome: TrainingOutcome) =>
  outcome.fairness.demographicParity <= FAIRNESS_BOUND && outcome.fairness.equalizedOdds <= FAIRNESS_BOUND;

/** An org-wide auditor: reads everything, the audit trail included, and writes nothing. */
export const DEMO_AUDITOR = { handle: 'olga', name: 'Olga Ivanova', email: 'olga@example.org' };

export async function loadOrgRoles(services: Services, actor: string): Promise<void> {
  const auditor = await services.catalog.createUser(actor, DEMO_AUDITOR);
  await services.access.setOrgRole(actor, auditor.id, 'AUDITOR', true);
}

/**
 * Who may do what in a project (the project's team writes; its lead also promotes and approves),
 * and the project's rules kept as repo files: fraud holds its data to the strict dataset template;
 * ranking has its own gates.
 */
export async function loadProjectRules(services: Services, actor: string, plan: ProjectPlan): Promise<void> {
  const projectId = `project:${plan.slug}`;
  const policyFile = path.join(GOVERNANCE_DIR, 'policies', `${plan.slug}.yaml`);
  let policy: { environments: Record<string, unknown> } | null;
  try {
    policy = parse(readFileSync(policyFile, 'utf8'));
  } catch {
    policy = null; // no file of its own: the default policy applies
  }
  // Each its own command; none depends on another, so they go side by side.
  await Promise.all([
    services.access.grantProjectRole(actor, projectId, `team:${plan.team}`, 'EDITOR'),
    services.access.grantProjectRole(actor, projectId, `user:${plan.people[0]}`, 'MAINTAINER'),
    ...(plan.viewers ?? []).map((team) => services.access.grantProjectRole(actor, projectId, `team:${team}`, 'VIEWER')),
    plan.slug === 'fraud'
      ? services.metadata.loadTemplate(
          actor,
          projectId,
          'dataset',
          readFileSync(path.join(GOVERNANCE_DIR, 'templates', 'strict', 'dataset.yaml'), 'utf8'),
        )
      : null,
    ...Object.entries(policy?.environments ?? {}).map(([environment, section]) =>
      services.promotion.setPolicy(actor, projectId, environment, stringify(section)),
    ),
  ]);
}

/**
 * Restricts a dataset before its versions are registered (they are born restricted) and grants
 * read access to the readers the plan names (ids), e.g. a platform lead who debugs its pipeline.
 */
export async function restrictDataset(
  services: Services,
  actor: string,
  datasetId: string,
  readerIds: string[],
): Promise<void> {
  await services.restrictedAssets.setRestricted(actor, datasetId, true);
  for (const readerId of readerIds) await services.restrictedAssets.grantReadAccess(actor, datasetId, readerId);
}

interface ReleasedVersion extends TrainingOutcome {
  versionId: string;
}

/**
 * Releases a project's model: the three best finished runs trained from clean code and within the
 * fairness bounds become versions; each better one in turn is reviewed, approved by someone other
 * than its author and promoted to production; the runner-up is promoted to staging, the third to
 * development. The best remaining run that misses a fairness bound becomes a candidate version with
 * a review asking for changes, so a gate check has something to refuse.
 */
export class ModelRelease {
  private readonly modelId: string;

  constructor(
    private readonly services: Services,
    private readonly plan: ProjectPlan,
    private readonly actor: string,
    private readonly ownerId: string,
  ) {
    this.modelId = `model:${plan.slug}/${plan.model.slug}`;
  }

  /** The runs whose versions the release registers: the demo writes them before it starts. */
  runsToRelease(outcomes: TrainingOutcome[]): string[] {
    const { best, candidate } = this.choose(outcomes);
    return [...best, ...(candidate ? [candidate] : [])].map((outcome) => outcome.runId);
  }

  async release(outcomes: TrainingOutcome[]): Promise<number> {
    const { plan } = this;
    await this.services.catalog.registerAsset(this.actor, 'Model', {
      projectId: `project:${plan.slug}`,
      slug: plan.model.slug,
      name: plan.model.name,
      description: plan.model.description,
      tags: [plan.model.framework],
      ownerIds: [this.ownerId],
      metadata: [
        { key: 'taskType', value: taskTypeOf(plan) },
        { key: 'licence', value: DEMO_LICENCE },
      ],
    });
    const { best, candidate } = this.choose(outcomes);
    // Registered one by one: the model numbers its versions in this order.
    const released: ReleasedVersion[] = [];
    for (const outcome of [...best].sort((a, b) => a.startedAt - b.startedAt)) {
      released.push({ ...outcome, versionId: await this.registerVersion(outcome) });
    }
    const [first, second, third] = [...released].sort((a, b) => b.score - a.score);
    if (!first) throw new Error(`demo plan: ${plan.slug} has no run fit to release`);

    // Production's history: every version that beat the one serving there went through the gates.
    const production: ReleasedVersion[] = [];
    for (const version of released) {
      if (production.length > 0 && version.score <= production[production.length - 1].score) continue;
      production.push(version);
    }
    // The reviews, tags and the candidate side by side; then each production version is approved and
    // promoted in turn (an approval judges the gates against what serves production at that moment).
    await Promise.all([
      ...released.map((version) => this.tagReleased(version)),
      ...production.map((version) => this.reviewForProduction(version)),
      candidate ? this.proposeCandidate(candidate) : null,
    ]);
    for (const version of production) {
      await this.approveForProduction(version);
      await this.services.promotion.promote(this.actor, version.versionId, 'PROD');
    }
    await Promise.all([
      second ? this.services.promotion.promote(this.actor, second.versionId, 'STAGING') : null,
      third ? this.services.promotion.promote(this.actor, third.versionId, 'DEV') : null,
    ]);
    return [first, second, third].filter(Boolean).length;
  }

  /**
   * The three best finished runs trained from clean code within the fairness bounds, and the best
   * remaining finished run that misses a bound (the candidate), if any.
   */
  private choose(outcomes: TrainingOutcome[]): { best: TrainingOutcome[]; candidate: TrainingOutcome | undefined } {
    const finished = outcomes.filter((o) => o.status === 'FINISHED').sort((a, b) => b.score - a.score);
    const best = finished.filter((o) => !o.dirty && isFair(o)).slice(0, 3);
    const candidate = finished.find((o) => !isFair(o) && !best.some((r) => r.runId === o.runId));
    return { best, candidate };
  }

  private async registerVersion(outcome: TrainingOutcome): Promise<string> {
    const { plan, services } = this;
    const metric = plan.metrics[0].key;
    const version = await services.versions.register(this.actor, VERSION_SPECS.ModelVersion, {
      parentId: this.modelId,
      digest: digest(`${this.modelId} ${outcome.runId}`),
      uri: `s3://example-models/${plan.slug}/${plan.model.slug}/${outcome.runId.slice('run:'.length)}/`,
      description: `Trained by ${outcome.runId}; ${metric} ${outcome.score.toFixed(3)} on the holdout.`,
      framework: plan.model.framework,
      generatedByRunId: outcome.runId,
    });
    return version.id;
  }

  private async tagReleased(version: ReleasedVersion): Promise<void> {
    await this.services.runs.setTags(this.actor, version.runId, [{ key: 'released_as', value: version.versionId }]);
  }

  /** Someone other than the run's owner reviews the version ... */
  private async reviewForProduction(version: ReleasedVersion): Promise<void> {
    const metric = this.plan.metrics[0].key;
    await this.services.reviews.add(this.colleagueOf(version.ownerId), {
      entityId: version.versionId,
      objective: `Decide whether ${version.versionId} may replace what serves ${this.plan.name.toLowerCase()} in production.`,
      method:
        `Compared ${metric} on the holdout with the production version, read the fairness report ` +
        `(demographic parity ${version.fairness.demographicParity}, equalized odds ${version.fairness.equalizedOdds}) ` +
        'and checked the training data lineage.',
      confidence: 'HIGH',
      nextAction: 'Promote to production and watch the first week of live metrics.',
      decision: 'APPROVED',
    });
  }

  /** ... and approves it for production. */
  private async approveForProduction(version: ReleasedVersion): Promise<void> {
    await this.services.promotion.approve(
      this.colleagueOf(version.ownerId),
      version.versionId,
      'PROD',
      `Beats production on ${this.plan.metrics[0].key} (${version.score.toFixed(3)}) within the fairness bounds; reviewed the lineage.`,
    );
  }

  /** Registered after the released versions (so it is numbered after them), tagged and sent back for changes. */
  private async proposeCandidate(outcome: TrainingOutcome): Promise<void> {
    const versionId = await this.registerVersion(outcome);
    await this.tagReleased({ ...outcome, versionId });
    await this.services.reviews.add(this.colleagueOf(outcome.ownerId), {
      entityId: versionId,
      objective: `Decide whether ${versionId} is ready for production.`,
      method: 'Read the fairness report on the holdout and the training run.',
      confidence: 'MEDIUM',
      nextAction:
        `Rebalance the training data: demographic parity ${outcome.fairness.demographicParity} and ` +
        `equalized odds ${outcome.fairness.equalizedOdds} must both be at most ${FAIRNESS_BOUND}.`,
      decision: 'CHANGES_REQUESTED',
    });
  }

  /** The next person of the project after the given owner: the reviewer and approver. */
  private colleagueOf(ownerId: string): string {
    const people = this.plan.people.map((handle) => `user:${handle}`);
    const others = people.filter((person) => person !== ownerId);
    return others[0] ?? people[0];
  }
}
