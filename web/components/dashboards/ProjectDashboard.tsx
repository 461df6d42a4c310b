'use client';
import { gql } from '../../lib/gql';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { entityHref, projectCostsHref, projectHref } from '../../lib/routes';
import { useQuery } from '../../lib/use-query';
import { DataState } from '../DataState';

const PROJECT = gql(`
  query DashboardProject($id: ID!) {
    project(id: $id) { id name description }
  }
`);

/**
 * A dashboard page of one project: its name and the views of it, then the page's panels (only once
 * the project is known to exist, so a mistyped id is said once, not in every panel).
 */
export function ProjectDashboard({
  projectId,
  page,
  children,
}: {
  projectId: string;
  page: 'overview' | 'costs';
  children: ReactNode;
}) {
  const state = useQuery(PROJECT, { id: projectId });
  return (
    <DataState
      state={state}
      what={`project ${projectId}`}
      isEmpty={(data) => data.project === null}
      empty={
        <p>
          No project is registered under the id <span className="mono">{projectId}</span>.{' '}
          <Link href="/">The home page</Link> lists the projects.
        </p>
      }
    >
      {(data) => (
        <article>
          <h1>
            {data.project!.name}: {page === 'overview' ? 'overview' : 'costs'}
          </h1>
          <p className="subtitle mono">{projectId}</p>
          {data.project!.description && <p>{data.project!.description}</p>}
          <nav className="actions" aria-label="Views of this project">
            <Link
              className="button-link"
              href={projectHref(projectId)}
              aria-current={page === 'overview' ? 'page' : undefined}
            >
              Overview
            </Link>
            <Link
              className="button-link"
              href={projectCostsHref(projectId)}
              aria-current={page === 'costs' ? 'page' : undefined}
            >
              Costs
            </Link>
            <Link className="button-link" href={entityHref(projectId)}>
              Project details and history
            </Link>
          </nav>
          {children}
        </article>
      )}
    </DataState>
  );
}
