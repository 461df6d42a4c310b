'use client';
import { useParams } from 'next/navigation';
import { ImpactView } from '../../../components/impact/ImpactView';
import { idFromParam } from '../../../lib/routes';

export default function ImpactPage() {
  return <ImpactView id={idFromParam(useParams<{ id: string }>().id)} />;
}
