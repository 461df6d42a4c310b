import type { MetricInput } from '../runs/runs.service';
import type { ModelFamily } from './demo-plan';
import { round, seeded } from './demo-numbers';

/**
 * The machines demo runs use, what their clients record about cost, and the GPU utilisation MLflow's
 * system metrics logger would sample on them. The instance and accelerator types are those of
 * governance/prices.yaml, except the m7i generation, which the table does not price yet. Draws use
 * their own seeds, so the rest of the demo is exactly as it was.
 */

export interface Machine {
  instanceType: string;
  accelerators: string[];
  /** All-in price: what the scheduler bills, and what prices.yaml gives for instance + accelerators. */
  usdPerHour: number;
}

export const MACHINES = {
  cpu: { instanceType: 'c6i.4xlarge', accelerators: [], usdPerHour: 0.68 },
  small: { instanceType: 'm6i.xlarge', accelerators: [], usdPerHour: 0.192 },
  pipeline: { instanceType: 'm6i.2xlarge', accelerators: [], usdPerHour: 0.384 },
  gpu: { instanceType: 'g5.xlarge', accelerators: ['NVIDIA A10G'], usdPerHour: 1.006 },
  multiGpu: { instanceType: 'g5.12xlarge', accelerators: Array(4).fill('NVIDIA A10G'), usdPerHour: 5.672 },
} satisfies Record<string, Machine>;

/** A newer generation the platform started to use before the price table listed it: costs UNKNOWN unless recorded. */
const UNPRICED: Machine = { instanceType: 'm7i.xlarge', accelerators: [], usdPerHour: 0.2016 };

/** CPU-only, cheap families sometimes land on the new generation (one run in four). */
export function machineOf(runId: string, family: ModelFamily, picked: Machine): Machine {
  const movable = family === 'linear' || family === 'anomaly';
  return movable && seeded(`${runId}/machine`)() < 0.25 ? UNPRICED : picked;
}

/**
 * Runs the training scheduler launches report their bill (RECORDED); runs started by hand record
 * nothing, so their cost is DERIVED from the price table (or UNKNOWN on an unpriced machine).
 */
export const recordsCost = (trigger: string) => trigger === 'scheduled';

export const costOf = (machine: Machine, minutes: number) => round((minutes / 60) * machine.usdPerHour, 2);

/** Minutes between two utilisation samples. */
const SAMPLE_MINUTES = 2;
const MINUTE = 60_000;

/**
 * `system/gpu_<n>_utilization_percentage` samples for each of a run's accelerators, from its start to
 * `untilMs`. Boosted trees on a GPU machine barely touch it (the libraries train on the CPU unless
 * told otherwise), so those runs are mostly idle, busy in one sample in seven or so; neural runs keep their GPUs busy, except some
 * 4-GPU runs whose data-parallel setup only used two devices. Every run warms up for one sample.
 */
export function utilisationSamples(
  runId: string,
  family: ModelFamily,
  devices: number,
  startedAt: number,
  untilMs: number,
): MetricInput[] {
  if (devices === 0) return [];
  const random = seeded(`${runId}/gpu`);
  const onlyTwoUsed = devices > 2 && random() < 0.4;
  const samples: MetricInput[] = [];
  for (let step = 0; startedAt + step * SAMPLE_MINUTES * MINUTE < untilMs; step++) {
    const timestamp = startedAt + step * SAMPLE_MINUTES * MINUTE;
    for (let device = 0; device < devices; device++) {
      const busy = step > 0 && (family === 'neural' ? !(onlyTwoUsed && device >= 2) : random() < 0.15);
      const value = busy ? 72 + 26 * random() : 1 + 7 * random();
      samples.push({ key: `system/gpu_${device}_utilization_percentage`, value: round(value, 1), step, timestamp });
    }
  }
  return samples;
}
