import { assertMayReadProject } from '../../access/read-access';
import { authorise } from '../../access/authorise';
import { recordAudit } from '../../audit/record-audit';
import { MnemoError, notFound } from '../../platform/errors';
import { slugOf } from '../../platform/ids';
import type { GraphDatabase } from '../../platform/neo4j';
import type { EntityRecord } from '../../platform/records';
import { resolveReferences } from '../../catalog/references';
import { InputCheck } from '../../platform/validation';
import {
  checkTemplateKind,
  type Completeness,
  completenessOf,
  effectiveTemplate,
  fieldPresent,
  GOVERNED,
  type GovernedSubject,
  isGoverned,
  type MetadataTemplate,
  parseTemplate,
  partFor,
  type TemplateKind,
  type TemplatePart,
  repositoryTemplate,
  TEMPLATE_KINDS,
} from './metadata-template';
import {
  applyVocabularies,
  checkMetadata,
  governanceRefusal,
  type MetadataFieldInput,
  templateSource,
} from './metadata';
import { checkQualityChecks, type DataQualityCheckInput, recordQualityChecks } from './quality-checks';
import { type StoredTemplate, type SubjectRow, templatesRepository } from './templates.repository';

/** The template a project works with, where it comes from, and what it says. */
export interface EffectiveTemplate {
  projectId: string;
  kind: TemplateKind;
  source: 'PROJECT' | 'REPOSITORY';
  /** The repo file, when the project has loaded none. */
  path: string | null;
  yaml: string;
  loadedAt: string | null;
  loadedBy: string | null;
  parts: TemplatePart[];
  vocabularies: { field: string; values: string[] }[];
}

export interface CompletenessOffender extends Completeness {
  entity: EntityRecord;
}

export interface ProjectCompletenessReport {
  projectId: string;
  /** The average over every governed entity of the project (1 when it has none). */
  score: number;
  entities: number;
  kinds: { kind: string; count: number; averageScore: number }[];
  worstOffenders: CompletenessOffender[];
}

const MAX_TEMPLATE_LENGTH = 100_000;

function templateOf(kind: TemplateKind, templates: StoredTemplate[]): MetadataTemplate {
  return effectiveTemplate(kind, templates.find((t) => t.templateKind === kind)?.yaml);
}

function subjectOf(row: Pick<SubjectRow, 'entity' | 'owners' | 'parent'>): GovernedSubject | null {
  if (!isGoverned(row.entity.kind)) return null;
  return { label: row.entity.kind, props: row.entity, owners: row.owners, parent: row.parent };
}

/** An entity's completeness against its project's template; null for kinds no template governs. */
export function subjectCompleteness(row: SubjectRow | null): Completeness | null {
  const subject = row && subjectOf(row);
  if (!subject) return null;
  return completenessOf(templateOf(GOVERNED[subject.label].template, row.templates), subject);
}

/**
 * Governed metadata: templates per project and kind, metadata set after registration,
 * completeness per project, and the data-quality checks runs declare.
 */
export class MetadataService {
  constructor(private readonly db: GraphDatabase) {
    // A missing or broken template file stops the server at start, not the first write of its kind.
    for (const kind of TEMPLATE_KINDS) repositoryTemplate(kind);
  }

  /**
   * Sets metadata keys of an entity (an empty value removes a key). Refused, with every problem
   * listed, when a value is outside its vocabulary or a removal takes away a required field.
   */
  async setMetadata(actor: string, entityId: string, metadata: MetadataFieldInput[]): Promise<EntityRecord> {
    const check = new InputCheck('metadata');
    check.text('entityId', entityId, 300);
    if (!Array.isArray(metadata) || metadata.length === 0) check.fail('metadata', 'must list at least one field');
    const changes = checkMetadata(check, metadata, { blankRemoves: true });
    check.done();

    return this.db.write(async (tx) => {
      const [row] = await templatesRepository.subjects(tx, [entityId]);
      if (!row) throw notFound('entity', entityId);
      const subject = subjectOf(row);
      if (!subject) {
        throw new MnemoError('BAD_USER_INPUT', `A ${row.entity.kind} carries no governed metadata.`, { id: entityId });
      }
      await authorise(tx, actor, [{ action: 'entity.metadata-set', entityId, entityKind: subject.label }]);
      const template = templateOf(GOVERNED[subject.label].template, row.templates);
      const { props: normalised, problems } = applyVocabularies(
        template,
        { ...row.entity, ...changes },
        new Set(Object.keys(changes)),
      );
      const after: GovernedSubject = { ...subject, props: normalised };
      const removedRequired = partFor(template, subject.label).required.filter(
        (field) => fieldPresent(subject, field) && !fieldPresent(after, field),
      );
      if (removedRequired.length > 0 || problems.length > 0) {
        const noun = `${subject.label} ${entityId}`;
        throw governanceRefusal(noun, templateSource(this.yamlOf(row, template), template), removedRequired, problems);
      }
      const changed = Object.keys(changes).filter(
        (property) => JSON.stringify(row.entity[property] ?? null) !== JSON.stringify(normalised[property] ?? null),
      );
      if (changed.length === 0) return row.entity;
      const written = Object.fromEntries(changed.map((property) => [property, normalised[property] ?? null]));
      const entity = await templatesRepository.setMetadata(tx, entityId, written);
      const byKey = (source: Record<string, unknown>) =>
        Object.fromEntries(changed.map((property) => [property.slice('meta.'.length), source[property] ?? null]));
      await recordAudit(tx, actor, {
        action: 'entity.metadata-set',
        entityId,
        entityKind: subject.label,
        before: byKey(row.entity),
        after: byKey(written),
      });
      return entity;
    });
  }

  /** Stores a project's own template of a kind (checked whole first); the repo file stops applying to it. */
  async loadTemplate(actor: string, projectId: string, kind: string, yaml: string): Promise<EffectiveTemplate> {
    const check = new InputCheck('template');
    check.id('projectId', projectId, 'project');
    check.text('yaml', yaml, MAX_TEMPLATE_LENGTH);
    check.done();
    const templateKind = checkTemplateKind(kind);
    const parsed = parseTemplate(templateKind, yaml, 'loaded text');

    return this.db.write(async (tx) => {
      await resolveReferences(tx, [{ field: 'projectId', id: projectId, kinds: ['Project'] }]);
      await authorise(tx, actor, [
        { action: 'template.loaded', entityId: projectId, entityKind: 'Project', projectId },
      ]);
      const before = await templatesRepository.storedTemplate(tx, projectId, templateKind);
      if (before?.yaml === yaml) return this.describe(projectId, parsed, before);
      const stored = await templatesRepository.storeTemplate(tx, {
        id: `metadata-template:${slugOf(projectId)}/${templateKind}`,
        projectId,
        templateKind,
        yaml,
        loadedBy: actor,
      });
      await recordAudit(tx, actor, {
        action: 'template.loaded',
        entityId: projectId,
        entityKind: 'Project',
        before: { kind: templateKind, yaml: before?.yaml ?? null },
        after: { kind: templateKind, yaml },
      });
      return this.describe(projectId, parsed, stored);
    });
  }

  /** The template that applies to a project's entities of a kind: its own, else the repo file. */
  async template(projectId: string, kind: string): Promise<EffectiveTemplate> {
    const templateKind = checkTemplateKind(kind);
    await assertMayReadProject(this.db, projectId);
    await resolveReferences(this.db, [{ field: 'projectId', id: projectId, kinds: ['Project'] }]);
    const stored = await templatesRepository.storedTemplate(this.db, projectId, templateKind);
    return this.describe(projectId, effectiveTemplate(templateKind, stored?.yaml), stored);
  }

  /** Average completeness per kind over a project's governed entities, and the least complete ones. */
  async projectCompleteness(projectId: string, worst = 10): Promise<ProjectCompletenessReport> {
    const check = new InputCheck('project completeness');
    check.id('projectId', projectId, 'project');
    const limit = check.number('worst', worst, { integer: true, min: 0 }) ?? 10;
    if (limit > 200) check.fail('worst', 'must be at most 200');
    check.done();
    await assertMayReadProject(this.db, projectId);
    const found = await templatesRepository.projectSubjects(this.db, projectId);
    if (!found) throw notFound('project', projectId);

    const scored: CompletenessOffender[] = [];
    const kinds = new Map<string, { count: number; total: number }>();
    for (const row of found.subjects) {
      const completeness = subjectCompleteness({ ...row, projectId, templates: found.templates });
      if (!completeness) continue;
      scored.push({ entity: row.entity, ...completeness });
      const kind = kinds.get(row.entity.kind) ?? { count: 0, total: 0 };
      kind.count += 1;
      kind.total += completeness.score;
      kinds.set(row.entity.kind, kind);
    }
    const worstOffenders = scored
      .filter((entry) => entry.score < 1)
      .sort(
        (a, b) =>
          a.score - b.score ||
          b.missingRequired.length - a.missingRequired.length ||
          a.entity.id.localeCompare(b.entity.id),
      )
      .slice(0, limit);
    return {
      projectId,
      score: scored.length === 0 ? 1 : scored.reduce((sum, entry) => sum + entry.score, 0) / scored.length,
      entities: scored.length,
      kinds: [...kinds]
        .map(([kind, { count, total }]) => ({ kind, count, averageScore: total / count }))
        .sort((a, b) => a.kind.localeCompare(b.kind)),
      worstOffenders,
    };
  }

  /** Records data-quality checks of a run after it started (a changed result is audited with the earlier one). */
  async recordDataQualityChecks(actor: string, runId: string, checks: DataQualityCheckInput[]): Promise<EntityRecord> {
    const check = new InputCheck('data-quality checks');
    check.id('runId', runId, 'run');
    if (!Array.isArray(checks) || checks.length === 0) check.fail('checks', 'must list at least one check');
    const writes = checkQualityChecks(check, runId, 'checks', checks);
    check.done();
    return this.db.write(async (tx) => {
      const run = (await resolveReferences(tx, [{ field: 'runId', id: runId, kinds: ['Run'] }])).get(runId)!;
      await authorise(tx, actor, [{ action: 'run.quality-checks-recorded', entityId: runId, entityKind: 'Run' }]);
      const { before, after } = await recordQualityChecks(tx, actor, runId, writes);
      if (after.length > 0) {
        await recordAudit(tx, actor, {
          action: 'run.quality-checks-recorded',
          entityId: runId,
          entityKind: 'Run',
          before: { dataQualityChecks: before },
          after: { dataQualityChecks: after },
        });
      }
      return run;
    });
  }

  private yamlOf(row: SubjectRow, template: MetadataTemplate): string | null {
    return row.templates.some((t) => t.templateKind === template.kind) ? template.yaml : null;
  }

  private describe(projectId: string, template: MetadataTemplate, stored: StoredTemplate | null): EffectiveTemplate {
    const fromProject = stored !== null && stored.yaml === template.yaml;
    return {
      projectId,
      kind: template.kind,
      source: fromProject ? 'PROJECT' : 'REPOSITORY',
      path: fromProject ? null : `governance/templates/${template.kind}.yaml`,
      yaml: template.yaml,
      loadedAt: fromProject ? (stored.loadedAt ?? null) : null,
      loadedBy: fromProject ? (stored.loadedBy ?? null) : null,
      parts: template.parts,
      vocabularies: Object.entries(template.vocabularies).map(([field, values]) => ({ field, values })),
    };
  }
}
