'use client';
import { gql } from '../../lib/gql';
import { useAllRuns } from '../../lib/use-all-runs';
import { useQuery } from '../../lib/use-query';
import { CompletenessPanel } from './CompletenessPanel';
import { DriftFlagsPanel } from './DriftFlagsPanel';
import { ImprovementPanel } from './ImprovementPanel';
import { ProjectDashboard } from './ProjectDashboard';
import { RunsOverTime } from './RunsOverTime';
import { FAMILY_SPEND, SpendByFamily } from './SpendByFamily';

const OVERVIEW_RUNS = gql(`
  query OverviewRuns($projectId: ID!, $first: Int!, $after: String) {
    runs(filter: { projectId: $projectId }, first: $first, after: $after, orderBy: { by: STARTED_AT, direction: ASC }) {
      nodes { id name status startedAt metrics { key } }
      pageInfo { endCursor hasNextPage }
    }
  }
`);

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
  const runs = useAllRuns(projectId, OVERVIEW_RUNS);
  const families = useQuery(FAMILY_SPEND, { projectId });
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
