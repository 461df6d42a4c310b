'use client';
import { useParams } from 'next/navigation';
import { MigrationView } from '../../../components/migrations/MigrationView';
import { idFromParam } from '../../../lib/routes';

export default function MigrationPage() {
  return <MigrationView id={idFromParam(useParams<{ id: string }>().id)} />;
}
