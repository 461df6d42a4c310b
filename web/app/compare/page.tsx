import { Suspense } from 'react';
import { CompareView } from '../../components/compare/CompareView';

export default function ComparePage() {
  return (
    <Suspense fallback={<p className="state">Loading the comparison…</p>}>
      <CompareView />
    </Suspense>
  );
}
