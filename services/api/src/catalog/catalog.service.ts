import { assertMayReadProject } from '../access/read-access';
import { accessRepository } from '../access/access.repository';
import { checkMetadata, checkTemplate, type MetadataFieldInput } from '../governance/templates/metadata';
import { GOVERNED } from '../governance/templates/metadata-template';
import { authorise } from '../access/authorise';
import { recordAudit } from '../audit/record-audit';
import { conflict } from '../platform/errors';
import { ids } from '../platform/ids';
import { currentPrincipal, setPrincipal } from '../platform/request-context';
import type { GraphDatabase, WriteTransaction } from '../platform/neo4j';
import { decodeCursor, type Page, pageSize, toPage } from '../platform/pagination';
import type { EntityRecord } from '../platform/records';
import { checkReferences } from '../platform/references';
import { resolveReferences } from './references';
import { InputCheck, LIMITS } from '../platform/validation';
import { catalogRepository, type EntityFilter, type EntityKind } from './catalog.repository';

export interface ProjectInput {
  slug: string;
  name: string;
  description?: string | null;
  tags?: string[] | null;
}

export interface TeamInput {
  slug: string;
  name: string;
  description?: string | null;
}

export interface UserInput {
  handle: string;
  name: string;
  email?: string | null;
  teamIds?: string[] | null;
}

/** What every asset registered in a project has: datasets, feature sets, experiments, models, deployments. */
export interface AssetInput {
  projectId: string;
  slug: string;
  name: string;
  description?: string | null;
  tags?: string[] | null;
  ownerIds?: string[] | null;
  /** Governed metadata, stored as `meta.<key>` and checked against the project's template. */
  metadata?: MetadataFieldInput[] | null;
}

type AssetKind = Extract<EntityKind, 'Dataset' | 'FeatureSet' | 'Experiment' | 'Model' | 'Deployment'>;

const ASSET_IDS: Record<AssetKind, (project: string, slug: string) => string> = {
  Dataset: ids.dataset,
  FeatureSet: ids.featureSet,
  Experiment: ids.experiment,
  Model: ids.model,
  Deployment: ids.deployment,
};

/** `A dataset`, `An experiment`: the start of a sentence naming a kind. */
const article = (noun: string) => (/^[aeiou]/.test(noun) ? `An ${noun}` : `A ${noun}`);
const actionName = (kind: string) => kind.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase();

/** Projects, people and the named assets of the catalog; versions and runs have their own services. */
export class CatalogService {
  constructor(private readonly db: GraphDatabase) {}

  async createProject(actor: string, input: ProjectInput): Promise<EntityRecord> {
    return this.createEntity(actor, 'Project', this.projectProps(input));
  }

  /**
   * A project an ingestion needs and does not find (an OpenLineage job namespace; MLflow's own
   * project when main.ts has not made it): created with the right to create projects (org ADMIN,
   * audited as project.created-implicitly), and its creator becomes its ADMIN.
   */
  async createProjectImplicitly(actor: string, input: ProjectInput): Promise<EntityRecord> {
    const props = this.projectProps(input);
    const principal = currentPrincipal();
    const adminId = principal?.mode === 'on' ? principal.userId : null;
    const project = await this.db.write(async (tx) => {
      const created = await this.createIn(tx, actor, 'Project', props, undefined, {
        alsoLinked: adminId ? { adminId } : {},
        action: 'project.created-implicitly',
      });
      if (adminId) await accessRepository.grantRole(tx, created.id, adminId, 'ADMIN');
      return created;
    });
    if (principal && adminId) {
      // The rest of this request writes in the new project as its ADMIN.
      setPrincipal({
        ...principal,
        projectRoles: [...principal.projectRoles, { projectId: project.id, role: 'ADMIN', via: adminId }],
      });
    }
    return project;
  }

  private projectProps(input: ProjectInput) {
    const check = new InputCheck('project');
    const slug = check.slug('slug', input.slug);
    const props = {
      id: ids.project(slug),
      slug,
      name: check.text('name', input.name, LIMITS.name),
      description: check.optionalText('description', input.description, LIMITS.description) ?? null,
      tags: check.tags('tags', input.tags),
    };
    check.done();
    return props;
  }

  async createTeam(actor: string, input: TeamInput): Promise<EntityRecord> {
    const check = new InputCheck('team');
    const slug = check.slug('slug', input.slug);
    const props = {
      id: ids.team(slug),
      slug,
      name: check.text('name', input.name, LIMITS.name),
      description: check.optionalText('description', input.description, LIMITS.description) ?? null,
    };
    check.done();
    return this.createEntity(actor, 'Team', props);
  }

  async createUser(actor: string, input: UserInput): Promise<EntityRecord> {
    const check = new InputCheck('user');
    const handle = check.slug('handle', input.handle);
    const email = check.optionalText('email', input.email, LIMITS.name);
    if (email && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) check.fail('email', `"${email}" is not an email address`);
    const teamIds = check.list('teamIds', input.teamIds).map((id, i) => check.id(`teamIds[${i}]`, id, 'team'));
    const props = {
      id: ids.user(handle),
      slug: handle,
      name: check.text('name', input.name, LIMITS.name),
      email: email ?? null,
    };
    check.done();
    return this.db.write(async (tx) => {
      await resolveReferences(
        tx,
        teamIds.map((id, i) => ({ field: `teamIds[${i}]`, id, kinds: ['Team'] })),
      );
      const user = await this.createIn(tx, actor, 'User', props, undefined, { alsoLinked: { teamIds } });
      await catalogRepository.addTeamMembers(
        tx,
        teamIds.map((teamId) => ({ userId: user.id, teamId })),
      );
      return user;
    });
  }

  /** Checks an asset's common fields; `extra` adds kind-specific properties already checked by the caller. */
  checkAsset(check: InputCheck, kind: AssetKind, input: AssetInput) {
    const projectId = check.id('projectId', input.projectId, 'project');
    const slug = check.slug('slug', input.slug);
    const ownerIds = check
      .list('ownerIds', input.ownerIds, 20)
      .map((id, i) => check.id(`ownerIds[${i}]`, id, 'user', 'team'));
    const props = {
      id: projectId && slug ? ASSET_IDS[kind](projectId.slice('project:'.length), slug) : '',
      slug,
      name: check.text('name', input.name, LIMITS.name),
      description: check.optionalText('description', input.description, LIMITS.description) ?? null,
      tags: check.tags('tags', input.tags),
      ...checkMetadata(check, input.metadata),
    };
    return { projectId, ownerIds, props };
  }

  async registerAsset(
    actor: string,
    kind: AssetKind,
    input: AssetInput,
    extra: { props?: Record<string, unknown>; check?: InputCheck } = {},
  ): Promise<EntityRecord> {
    const check = extra.check ?? new InputCheck(actionName(kind).replace('-', ' '));
    const { projectId, ownerIds, props } = this.checkAsset(check, kind, input);
    check.done();
    return this.db.write((tx) =>
      this.registerAssetIn(tx, actor, kind, { projectId, ownerIds, props: { ...props, ...extra.props } }),
    );
  }

  /** The asset write itself, for services that add more to the same transaction (e.g. deployments). */
  async registerAssetIn(
    tx: WriteTransaction,
    actor: string,
    kind: AssetKind,
    asset: { projectId: string; ownerIds: string[]; props: Record<string, unknown> & { id: string } },
  ): Promise<EntityRecord> {
    // One read answers what the asset links to, whether its id is taken already and its template.
    const { found, yaml } = await catalogRepository.planAsset(tx, {
      ids: [...new Set([asset.projectId, ...asset.ownerIds, asset.props.id])],
      projectId: asset.projectId,
      templateKind: GOVERNED[kind].template,
    });
    checkReferences(found, [
      { field: 'projectId', id: asset.projectId, kinds: ['Project'] },
      ...asset.ownerIds.map((id, i) => ({ field: `ownerIds[${i}]`, id, kinds: ['User', 'Team'] })),
    ]);
    const write = {
      label: kind,
      noun: actionName(kind).replace('-', ' '),
      props: asset.props,
      ownerIds: asset.ownerIds,
    };
    const props = checkTemplate(write, { yaml, parent: null });
    return this.createIn(
      tx,
      actor,
      kind,
      { ...props, id: asset.props.id },
      {
        projectId: asset.projectId,
        ownerIds: asset.ownerIds,
      },
      { taken: found.has(asset.props.id) },
    );
  }

  /**
   * Archives an experiment or run (MLflow's soft delete) or restores it. Archived things leave lists
   * and searches that ask for active ones; lineage and the audit trail keep them.
   */
  async setArchived(actor: string, id: string, kinds: string[], archived: boolean): Promise<EntityRecord> {
    return this.db.write(async (tx) => {
      const found = await resolveReferences(tx, [{ field: 'id', id, kinds }]);
      const kind = String(found.get(id)!.kind);
      await authorise(tx, actor, [
        { action: `${actionName(kind)}.${archived ? 'archived' : 'restored'}`, entityId: id, entityKind: kind },
      ]);
      const row = await catalogRepository.setArchived(tx, id, archived);
      if (!row) return found.get(id)!;
      await recordAudit(tx, actor, {
        action: `${actionName(String(row.entity.kind))}.${archived ? 'archived' : 'restored'}`,
        entityId: id,
        entityKind: String(row.entity.kind),
        after: { archivedAt: row.entity.archivedAt ?? null },
      });
      return row.entity;
    });
  }

  async rename(actor: string, id: string, kinds: string[], name: string): Promise<EntityRecord> {
    const check = new InputCheck('rename');
    const newName = check.text('name', name, LIMITS.name);
    check.done();
    return this.db.write(async (tx) => {
      const before = (await resolveReferences(tx, [{ field: 'id', id, kinds }])).get(id)!;
      if (before.name === newName) return before;
      const kind = String(before.kind);
      await authorise(tx, actor, [{ action: `${actionName(kind)}.renamed`, entityId: id, entityKind: kind }]);
      const renamed = await catalogRepository.rename(tx, id, newName);
      await recordAudit(tx, actor, {
        action: `${actionName(String(renamed.kind))}.renamed`,
        entityId: id,
        entityKind: String(renamed.kind),
        before: { name: before.name },
        after: { name: newName },
      });
      return renamed;
    });
  }

  async page(
    kind: EntityKind,
    filter: EntityFilter,
    first?: number | null,
    after?: string | null,
  ): Promise<Page<EntityRecord>> {
    const size = pageSize(first);
    const cursor = decodeCursor(after);
    if (filter.projectId) await assertMayReadProject(this.db, filter.projectId);
    const rows = await catalogRepository.page(
      this.db,
      kind,
      filter,
      cursor ? { name: String(cursor.key), id: cursor.id } : null,
      size + 1,
    );
    return toPage(rows, size, (row) => row.name ?? '');
  }

  private createEntity(actor: string, kind: EntityKind, props: Record<string, unknown> & { id: string }) {
    return this.db.write((tx) => this.createIn(tx, actor, kind, props));
  }

  /**
   * Creates one entity in the caller's transaction: refuses a taken id (CONFLICT), authorises the
   * creation, writes the node with its project and owner links, and audits it.
   * `plan`, from a caller that read before writing: `taken`, whether the id is taken (looked up here
   * when absent); `alsoLinked`, what else the same change links, for the audit event (a new user's
   * teams); `action`, the audited and authorised action (`<kind>.created` by default).
   */
  private async createIn(
    tx: WriteTransaction,
    actor: string,
    kind: EntityKind,
    props: Record<string, unknown> & { id: string },
    links?: { projectId?: string; ownerIds?: string[] },
    plan: { taken?: boolean; alsoLinked?: Record<string, unknown>; action?: string } = {},
  ): Promise<EntityRecord> {
    const { alsoLinked = {}, action = `${actionName(kind)}.created` } = plan;
    const exists = () =>
      conflict(`${article(actionName(kind).replace('-', ' '))} with id "${props.id}" already exists.`, {
        id: props.id,
      });
    const taken = plan.taken ?? (await catalogRepository.find(tx, [props.id])).size > 0;
    if (taken) throw exists();
    await authorise(tx, actor, [
      // A project is its own scope; an asset is in its project; users and teams are in none.
      {
        action,
        entityId: props.id,
        entityKind: kind,
        projectId: kind === 'Project' ? props.id : (links?.projectId ?? null),
      },
    ]);
    // Created meanwhile by a command sharing this transaction (group commit): the same conflict.
    const entity = await catalogRepository.create(tx, kind, props, links);
    if (!entity) throw exists();
    await recordAudit(tx, actor, {
      action,
      entityId: entity.id,
      entityKind: kind,
      after: { ...entity, ...links, ...alsoLinked },
    });
    return entity;
  }
}
