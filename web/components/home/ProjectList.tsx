'use client';
import { gql } from '../../lib/gql';
import Link from 'next/link';
import { kindStyle } from '../../lib/kinds';
import { entityHref, projectCostsHref, projectHref } from '../../lib/routes';
import { useQuery } from '../../lib/use-query';
import { DataState } from '../DataState';

const PROJECTS = gql(`
  query Projects {
    projects(first: 100) { nodes { id name description counts { kind total } } }
  }
`);

export function ProjectList() {
  const state = useQuery(PROJECTS, {});
  return (
    <section className="panel" aria-labelledby="projects-heading">
      <h2 id="projects-heading">Projects</h2>
      <DataState
        state={state}
        what="projects"
        isEmpty={(data) => data.projects.nodes.length === 0}
        empty={<p>No projects yet. Create one with the createProject mutation.</p>}
      >
        {(data) => (
          <ul className="plain">
            {data.projects.nodes.map((project) => (
              <li key={project.id}>
                <Link href={entityHref(project.id)}>{project.name}</Link>
                {' · '}
                <Link href={projectHref(project.id)} aria-label={`${project.name} overview`}>
                  overview
                </Link>
                {' · '}
                <Link href={projectCostsHref(project.id)} aria-label={`${project.name} costs`}>
                  costs
                </Link>
                {project.description && <div className="subtitle">{project.description}</div>}
                <div className="subtitle">
                  {project.counts.length === 0
                    ? 'empty'
                    : project.counts.map((count) => countOf(count.total, count.kind)).join(' · ')}
                </div>
              </li>
            ))}
          </ul>
        )}
      </DataState>
    </section>
  );
}

/** "1 model", "3 feature sets". */
const countOf = (total: number, kind: string) =>
  `${total} ${total === 1 ? kindStyle(kind).label.toLowerCase() : kindStyle(kind).plural}`;
