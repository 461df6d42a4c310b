'use client';
import { useCallback } from 'react';
import { graphqlAsGenerated, type Operation } from './graphql';
import { type QueryState, useLoad } from './use-query';

/** Pages of 500, at most this many: a dashboard over 10,000 runs says it shows the first ones. */
const PAGE_SIZE = 500;
const MAX_PAGES = 20;

export interface AllRuns<T> {
  runs: T[];
  /** False when the project has more runs than the dashboard fetched. */
  complete: boolean;
}

/** What a query for useAllRuns answers: one page of runs, each with the fields its caller selects. */
interface RunsPage<T> {
  runs: { nodes: T[]; pageInfo: { endCursor: string | null; hasNextPage: boolean } };
}

/**
 * Every run of a project, oldest first, page after page. `query` selects each run's fields; it
 * takes `$projectId: ID!, $first: Int!, $after: String` and asks
 * `runs(filter: { projectId: $projectId }, first: $first, after: $after, orderBy: { by: STARTED_AT, direction: ASC })`
 * with `pageInfo { endCursor hasNextPage }`. Like useQuery, a newer request cancels the older one
 * and errors carry the API's code.
 */
export function useAllRuns<T>(
  projectId: string,
  query: Operation<RunsPage<T>, { projectId: string; first: number; after?: string | null }>,
): QueryState<AllRuns<T>> {
  const load = useCallback(
    async (signal: AbortSignal): Promise<AllRuns<T>> => {
      const runs: T[] = [];
      let after: string | null = null;
      for (let page = 0; page < MAX_PAGES; page += 1) {
        const data: RunsPage<T> = await graphqlAsGenerated(query, { projectId, first: PAGE_SIZE, after }, signal);
        runs.push(...data.runs.nodes);
        if (!data.runs.pageInfo.hasNextPage) return { runs, complete: true };
        after = data.runs.pageInfo.endCursor;
      }
      return { runs, complete: false };
    },
    [projectId, query],
  );
  return useLoad(`${projectId}#${query.toString()}`, load);
}
