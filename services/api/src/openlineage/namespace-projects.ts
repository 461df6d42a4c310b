import path from 'node:path';
import { isMap, isScalar, LineCounter, parseDocument, type Node as YamlNode, type Pair } from 'yaml';
import { FileOnChange } from '../platform/file-on-change';
import { GOVERNANCE_DIR } from '../platform/governance-dir';

export const NAMESPACE_PROJECTS_FILE = path.join(GOVERNANCE_DIR, 'openlineage.yaml');
const SLUG = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/** Which project each listed OpenLineage namespace reports into, by project slug. */
export type NamespaceProjects = ReadonlyMap<string, string>;

/**
 * Reads the admin's namespace mapping (`projects:` namespace → project slug); every problem is
 * listed with its line in one error naming the file.
 */
export function parseNamespaceProjects(text: string, source: string): NamespaceProjects {
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines });
  const problems: string[] = [];
  const at = (node: YamlNode | null | undefined) => (node?.range ? `line ${lines.linePos(node.range[0]).line}: ` : '');
  for (const error of document.errors) problems.push(`not valid YAML: ${error.message.split('\n')[0]}`);
  const mapping = new Map<string, string>();
  const root = document.contents;
  if (problems.length === 0 && root !== null) {
    const projects = isMap(root) ? root.get('projects', true) : undefined;
    if (!isMap(root) || root.items.some((pair) => !isScalar(pair.key) || pair.key.value !== 'projects')) {
      problems.push('must be a mapping with one key, projects (OpenLineage namespace → project slug)');
    } else if (projects !== null && projects !== undefined && !isMap(projects)) {
      problems.push(`${at(projects as YamlNode)}projects must map namespaces to project slugs`);
    } else {
      for (const pair of (projects?.items ?? []) as Pair<YamlNode, YamlNode | null>[]) {
        const namespace = isScalar(pair.key) ? String(pair.key.value) : '';
        const slug = isScalar(pair.value) ? String(pair.value.value) : '';
        if (!namespace) problems.push(`${at(pair.key)}a namespace must be text`);
        else if (!SLUG.test(slug)) {
          problems.push(`${at(pair.value ?? pair.key)}"${slug}" (for ${namespace}) is not a project slug`);
        } else mapping.set(namespace, slug);
      }
    }
  }
  if (problems.length > 0) throw new Error(`${source} is not a usable namespace mapping:\n  ${problems.join('\n  ')}`);
  return mapping;
}

/**
 * The mapping file, read again whenever it changes on disk (an edit needs no restart); no file maps
 * nothing. MNEMO_OPENLINEAGE_PROJECTS names another file (tests, deployments).
 */
export class NamespaceProjectsFile extends FileOnChange<NamespaceProjects> {
  constructor(file?: string) {
    super(
      () => file ?? process.env.MNEMO_OPENLINEAGE_PROJECTS ?? NAMESPACE_PROJECTS_FILE,
      parseNamespaceProjects,
      () => new Map(),
    );
  }
}
