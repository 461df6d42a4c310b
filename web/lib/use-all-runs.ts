'use client';
import { useCallback } from 'react';
import { graphql } from './graphql';
import { type QueryState, useLoad } from './use-query';

/** Pages of 500, at most this many: a dashboard over 10,000 runs says it shows the first ones. */
const PAGE_SIZE = 500;
const MAX_PAGES = 20;

export interface AllRuns<T> {
  runs: T[];
  /** False when the project has more runs than the dashboard fetched. */
  complete: boolean;
}

/**
 * Every run of a project, oldest first, page after page: `fields` is the selection of each run.
 * Like useQuery, a newer request cancels the older one and errors carry the API's code.
 */
export function useAllRuns<T>(projectId: string, fields: string): QueryState<AllRuns<T>> {
  const load = useCallback(
    async (signal: AbortSignal): Promise<AllRuns<T>> => {
      const query = `query ProjectRuns($projectId: ID!, $after: String) {
        runs(filter: { projectId: $projectId }, first: ${PAGE_SIZE}, after: $after, orderBy: { by: STARTED_AT, direction: ASC }) {
          nodes { ${fields} }
          pageInfo { endCursor hasNextPage }
        }
      }`;
      const runs: T[] = [];
      let after: string | null = null;
      for (let page = 0; page < MAX_PAGES; page += 1) {
        const data: { runs: { nodes: T[]; pageInfo: { endCursor: string | null; hasNextPage: boolean } } } =
          await graphql(query, { projectId, after }, signal);
        runs.push(...data.runs.nodes);
        if (!data.runs.pageInfo.hasNextPage) return { runs, complete: true };
        after = data.runs.pageInfo.endCursor;
      }
      return { runs, complete: false };
    },
    [projectId, fields],
  );
  return useLoad(`${projectId}#${fields}`, load);
}
