import { Suspense } from 'react';
import { LineageView } from '../../../components/lineage/LineageView';

export default function LineagePage() {
  return (
    <Suspense fallback={<p className="state">Loading lineage…</p>}>
      <LineageView />
    </Suspense>
  );
}
