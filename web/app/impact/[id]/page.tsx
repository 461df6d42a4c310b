'use client';
import { useParams } from 'next/navigation';
import { Suspense } from 'react';
import { ImpactView } from '../../../components/impact/ImpactView';
import { idFromParam } from '../../../lib/routes';

export default function ImpactPage() {
  const id = idFromParam(useParams<{ id: string }>().id);
  // The view reads its "as of" date from the URL (useSearchParams), which needs a Suspense boundary.
  return (
    <Suspense fallback={<p className="state">Loading the impact analysis…</p>}>
      <ImpactView id={id} />
    </Suspense>
  );
}
