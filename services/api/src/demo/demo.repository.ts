import type { Queryable } from '../platform/neo4j';

export const demoRepository = {
  /** Whether the graph holds any project: the demo loads only into an empty one. */
  async hasProjects(db: Queryable): Promise<boolean> {
    const [{ hasProjects }] = await db.query<{ hasProjects: boolean }>('demo/has-projects');
    return hasProjects;
  },
};
