'use client';
import { useParams } from 'next/navigation';
import { EntityView } from '../../../components/entity/EntityView';
import { idFromParam } from '../../../lib/routes';

export default function EntityPage() {
  const params = useParams<{ id: string }>();
  return <EntityView id={idFromParam(params.id)} />;
}
