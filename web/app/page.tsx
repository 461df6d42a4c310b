import { Suspense } from 'react';
import { ProjectList } from '../components/home/ProjectList';
import { RecentActivity } from '../components/home/RecentActivity';
import { SearchPanel } from '../components/home/SearchPanel';

export default function HomePage() {
  return (
    <>
      <h1>Find anything in the lineage</h1>
      <p className="subtitle">
        Datasets, feature sets, runs, models and deployments, and how they depend on each other.
      </p>
      <Suspense fallback={<p className="state">Loading search…</p>}>
        <SearchPanel />
      </Suspense>
      <div className="grid-2">
        <ProjectList />
        <RecentActivity />
      </div>
    </>
  );
}
