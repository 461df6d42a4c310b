'use client';
import { useParams } from 'next/navigation';
import { ColumnLineageView } from '../../../components/columns/ColumnLineageView';
import { idFromParam } from '../../../lib/routes';

export default function ColumnLineagePage() {
  return <ColumnLineageView id={idFromParam(useParams<{ id: string }>().id)} />;
}
