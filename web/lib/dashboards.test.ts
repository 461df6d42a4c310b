import {
  costCsv,
  costCsvFileName,
  defaultGoal,
  formatUsd,
  improvementSummary,
  metricKeys,
  primaryMetric,
  runsPerWeek,
  runsPerWeekSummary,
  spendSummary,
  weekOf,
} from './dashboards';

describe('dashboard arithmetic', () => {
  test('dollars read to the cent, unknown as a dash', () => {
    expect(formatUsd(1234.5)).toBe('$1,234.50');
    expect(formatUsd(0.005)).toBe('$0.01');
    expect(formatUsd(3.3)).toBe('$3.30');
    expect(formatUsd(null)).toBe('—');
  });

  test('a week starts on Monday, UTC', () => {
    expect(weekOf('2026-11-23T10:00:00Z')).toBe('2026-11-23'); // a Monday
    expect(weekOf('2026-11-29T23:59:00Z')).toBe('2026-11-23'); // the Sunday after
    expect(weekOf('2026-11-01T00:00:00Z')).toBe('2026-10-26'); // a Sunday, across a month
  });

  test('runs per week by status, empty weeks included', () => {
    const weekly = runsPerWeek([
      { startedAt: '2026-10-05T00:00:00Z', status: 'FINISHED' },
      { startedAt: '2026-10-07T00:00:00Z', status: 'FAILED' },
      { startedAt: '2026-10-21T00:00:00Z', status: 'FINISHED' },
      { startedAt: '2026-10-22T00:00:00Z', status: 'RUNNING' },
    ]);
    expect(weekly.weeks).toEqual(['2026-10-05', '2026-10-12', '2026-10-19']);
    expect(weekly.counts).toEqual({ FINISHED: [1, 0, 1], RUNNING: [0, 0, 1], FAILED: [1, 0, 0], KILLED: [0, 0, 0] });
    expect(runsPerWeekSummary(weekly)).toBe(
      '4 runs started over 3 weeks from the week of 2026-10-05 to the week of 2026-10-19: 2 finished, 1 running, ' +
        '1 failed. Busiest: the week of 2026-10-05, 2 runs.',
    );
    expect(runsPerWeekSummary(runsPerWeek([]))).toBe('No runs.');
  });

  test('the cost tables as one CSV: a row per group, its grouping named, quoted where needed, never a formula', () => {
    const ann = {
      key: 'user:ann',
      label: 'Ann, "Lead"',
      runCount: 2,
      totalUsd: 3.3,
      recordedUsd: 1,
      derivedUsd: 2.3,
      unknownCount: 0,
    };
    const nobody = {
      key: 'none',
      label: '=HYPERLINK()',
      runCount: 1,
      totalUsd: 0,
      recordedUsd: 0,
      derivedUsd: 0,
      unknownCount: 1,
    };
    const october = {
      key: '2026-10',
      label: 'October 2026',
      runCount: 3,
      totalUsd: 3.3,
      recordedUsd: 1,
      derivedUsd: 2.3,
      unknownCount: 1,
    };
    expect(
      costCsv([
        { grouping: 'OWNER', groups: [ann, nobody] },
        { grouping: 'MONTH', groups: [october] },
      ]),
    ).toBe(
      'grouping,key,label,runs,total_usd,recorded_usd,derived_usd,unknown_cost_runs\r\n' +
        'owner,user:ann,"Ann, ""Lead""",2,3.30,1.00,2.30,0\r\n' +
        "owner,none,'=HYPERLINK(),1,0.00,0.00,0.00,1\r\n" +
        'month,2026-10,October 2026,3,3.30,1.00,2.30,1\r\n',
    );
    expect(costCsv([])).toBe('grouping,key,label,runs,total_usd,recorded_usd,derived_usd,unknown_cost_runs\r\n');
  });

  test('the CSV is named after the project', () => {
    expect(costCsvFileName('project:churn')).toBe('churn-costs.csv');
    expect(costCsvFileName('project:a/b c')).toBe('a-b-c-costs.csv');
  });

  test('spend in words', () => {
    expect(
      spendSummary([
        { key: 'a', label: 'Ranker', runCount: 3, totalUsd: 14, recordedUsd: 5, derivedUsd: 9, unknownCount: 1 },
        { key: 'b', label: 'tuning', runCount: 1, totalUsd: 9.6, recordedUsd: 0, derivedUsd: 9.6, unknownCount: 0 },
      ]),
    ).toBe('Ranker $14.00 (3 runs, 1 of unknown cost); tuning $9.60 (1 run).');
    expect(spendSummary([])).toBe('No spend recorded.');
  });

  test('a family’s primary metric is the model metric most of its runs logged', () => {
    const runs = [
      { metrics: [{ key: 'auc' }, { key: 'loss' }, { key: 'system/gpu_utilization' }] },
      { metrics: [{ key: 'auc' }, { key: 'system/gpu_utilization' }] },
      { metrics: [{ key: 'f1' }, { key: 'system/gpu_utilization' }] },
    ];
    expect(primaryMetric(runs)).toBe('auc');
    expect(metricKeys(runs)).toEqual(['auc', 'f1', 'loss']);
    expect(primaryMetric([{ metrics: [{ key: 'system/gpu_utilization' }] }])).toBeNull();
    expect(defaultGoal('val_loss')).toBe('MINIMIZE');
    expect(defaultGoal('auc')).toBe('MAXIMIZE');
  });

  test('the improvement curve in words', () => {
    expect(
      improvementSummary('Ranker', 'auc', [
        {
          runId: 'r1',
          runName: 'r1',
          cumulativeUsd: 1,
          value: 0.7,
          bestSoFar: 0.7,
          newBest: true,
          gain: null,
          gainPerDollar: null,
        },
        {
          runId: 'r2',
          runName: 'r2',
          cumulativeUsd: 4.3,
          value: 0.68,
          bestSoFar: 0.7,
          newBest: false,
          gain: null,
          gainPerDollar: null,
        },
        {
          runId: 'r3',
          runName: 'r3',
          cumulativeUsd: 9.3,
          value: 0.75,
          bestSoFar: 0.75,
          newBest: true,
          gain: 0.05,
          gainPerDollar: 0.00602,
        },
      ]),
    ).toBe(
      'Best auc of Ranker against cumulative spend: 3 runs, $9.30 in all, best 0.75. New bests: r1 reached 0.7 at ' +
        '$1.00 spent; r3 reached 0.75 at $9.30 spent (0.00602 per dollar).',
    );
  });
});
