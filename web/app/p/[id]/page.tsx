'use client';
import { useParams } from 'next/navigation';
import { ProjectOverview } from '../../../components/dashboards/ProjectOverview';
import { idFromParam } from '../../../lib/routes';

export default function ProjectOverviewPage() {
  const params = useParams<{ id: string }>();
  return <ProjectOverview projectId={idFromParam(params.id)} />;
}
