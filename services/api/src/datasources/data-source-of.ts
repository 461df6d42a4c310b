import { sha256Hex } from '../platform/ids';
import type { DataSourceProps } from './datasources.repository';

const SLUG = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/**
 * A slug from an OpenLineage namespace or name: the name itself when it already is a slug
 * (`warehouse`, `public.orders`), else a cleaned-up prefix and a digest of the whole name, which
 * keeps apart names that clean up alike (`postgres://prod:5432` → `postgres-prod-5432-1a2b3c4d`).
 */
export function slugFor(name: string): string {
  if (SLUG.test(name)) return name;
  const base = name
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, 40)
    .replace(/[^a-z0-9]+$/, '');
  const digest = sha256Hex(name).slice(0, 8);
  return base ? `${base}-${digest}` : `ol-${digest}`;
}

/**
 * The data source an OpenLineage dataset namespace names (the spec's naming: `scheme://authority`
 * for databases and object stores, a bare name such as `bigquery` for a platform without a host):
 * its platform is the scheme (or the name), its host the authority without credentials.
 */
export function dataSourceOf(namespace: string): DataSourceProps {
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)/.exec(namespace);
  const platform = (scheme?.[1] ?? namespace.split(/[:/]/)[0] ?? namespace).toLowerCase().slice(0, 100) || 'unknown';
  const authority = scheme?.[2]?.replace(/^[^@]*@/, '') ?? '';
  return {
    id: `datasource:${slugFor(namespace)}`,
    name: namespace.slice(0, 200),
    namespace: namespace.slice(0, 2_000),
    platform,
    host: authority ? authority.slice(0, 200) : null,
  };
}
