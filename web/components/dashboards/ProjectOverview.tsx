'use client';
import { useAllRuns } from '../../lib/use-all-runs';
import { useQuery } from '../../lib/use-query';
import { CompletenessPanel } from './CompletenessPanel';
import { DriftFlagsPanel } from './DriftFlagsPanel';
import { ImprovementPanel } from './ImprovementPanel';
import { ProjectDashboard } from './ProjectDashboard';
import { type OverviewRun, RunsOverTime } from './RunsOverTime';
import { FAMILY_SPEND, type FamilySpendAnswer, SpendByFamily } from './SpendByFamily';

const RUN_FIELDS = 'id name status startedAt metrics { key }';

/** `/p/<project id>`: runs over time, spend by family, improvement per dollar, completeness, open flags. */
export function ProjectOverview({ projectId }: { projectId: string }) {
  return (
    <ProjectDashboard projectId={projectId} page="overview">
      <OverviewPanels projectId={projectId} />
    </ProjectDashboard>
  );
}

function OverviewPanels({ projectId }: { projectId: string }) {
  // Both asked once: the weekly chart and the metric choices share the runs, two panels the families.
  const runs = useAllRuns<OverviewRun>(projectId, RUN_FIELDS);
  const families = useQuery<FamilySpendAnswer>(FAMILY_SPEND, { projectId });
  return (
    <>
      <div className="grid-2">
        <RunsOverTime state={runs} />
        <SpendByFamily state={families} />
      </div>
      <ImprovementPanel projectId={projectId} families={families} runs={runs} />
      <div className="grid-2">
        <CompletenessPanel projectId={projectId} />
        <DriftFlagsPanel projectId={projectId} />
      </div>
    </>
  );
}
