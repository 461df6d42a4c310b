'use client';
import { useParams } from 'next/navigation';
import { CostPage } from '../../../../components/dashboards/CostPage';
import { idFromParam } from '../../../../lib/routes';

export default function ProjectCostsPage() {
  const params = useParams<{ id: string }>();
  return <CostPage projectId={idFromParam(params.id)} />;
}
