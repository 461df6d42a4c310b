'use client';
import { useParams } from 'next/navigation';
import { ColumnImpactView } from '../../../components/columns/ColumnImpactView';
import { idFromParam } from '../../../lib/routes';

export default function ColumnImpactPage() {
  return <ColumnImpactView id={idFromParam(useParams<{ id: string }>().id)} />;
}
