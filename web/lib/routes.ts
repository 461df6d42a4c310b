/** The explorer's URLs; ids contain ':', '/' and '@', so each goes in one encoded path segment. */
export const entityHref = (id: string) => `/n/${encodeURIComponent(id)}`;
export const lineageHref = (id: string) => `/lineage/${encodeURIComponent(id)}`;
export const impactHref = (id: string) => `/impact/${encodeURIComponent(id)}`;
/** A column of a version: `<version id>#<column>`, as the API names it (LineageColumn.id). */
export const columnId = (versionId: string, column: string) => `${versionId}#${column}`;
/** A column's lineage (its upstream and downstream columns drawn) and its impact. */
export const columnLineageHref = (versionId: string, column: string) =>
  `/column-lineage/${encodeURIComponent(columnId(versionId, column))}`;
export const columnImpactHref = (versionId: string, column: string) =>
  `/column-impact/${encodeURIComponent(columnId(versionId, column))}`;
/** A column id back to its version and column name (the name is what follows the last '#'). */
export function splitColumnId(id: string): { versionId: string; column: string } {
  const at = id.lastIndexOf('#');
  return at > 0 ? { versionId: id.slice(0, at), column: id.slice(at + 1) } : { versionId: id, column: '' };
}
export const migrationHref = (id: string) => `/m/${encodeURIComponent(id)}`;
export const compareHref = (runIds: string[]) => `/compare?runs=${runIds.map(encodeURIComponent).join(',')}`;
/** A project's dashboards: its overview, and its costs. */
export const projectHref = (id: string) => `/p/${encodeURIComponent(id)}`;
export const projectCostsHref = (id: string) => `/p/${encodeURIComponent(id)}/costs`;
/** The impact report as a file; as the graph stood at `asOf` when given (the page's "as of" date). */
export const impactExportHref = (id: string, format: 'csv' | 'md' | 'json', asOf?: string | null) =>
  `/api/impact/${encodeURIComponent(id)}?format=${format}${asOf ? `&asOf=${encodeURIComponent(asOf)}` : ''}`;

/** A route parameter back to the id; Next hands it over still encoded in some versions, decoded in others. */
export function idFromParam(param: string | string[] | undefined): string {
  const raw = Array.isArray(param) ? param.join('/') : (param ?? '');
  if (!/%[0-9a-f]{2}/i.test(raw)) return raw;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** The sign-in page, coming back to `from` (a path on this site) once signed in. */
export const signInHref = (from?: string) =>
  from && from !== '/sign-in' ? `/sign-in?next=${encodeURIComponent(from)}` : '/sign-in';

/** Where to go after signing in: only a path on this site, never another origin ("//host", "https:..."). */
export function afterSignIn(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}
