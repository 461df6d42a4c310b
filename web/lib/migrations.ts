/** Planned migrations as the explorer asks for them, and their words. */
import { gql } from './gql';
import type { BlastRadiusFieldsFragment, MigrationQuery } from './gql/graphql';

export type BlastRadiusItem = BlastRadius['items'][number];

export type BlastRadius = BlastRadiusFieldsFragment;

export type Acknowledgement = PlannedMigration['acknowledgements'][number];

export type PlannedMigration = NonNullable<MigrationQuery['migration']>;

export const BLAST_RADIUS_FIELDS = gql(`
  fragment BlastRadiusFields on BlastRadius { total truncated items { id kind name environment production depth ownerIds } }
`);

export const MIGRATION_QUERY = gql(`query Migration($id: ID!) { migration(id: $id) {
  id name targetId changeKind columns effectiveAt note plannedBy createdAt
  acknowledgements { ownerId state comment respondedBy respondedAt }
  status {
    atRisk summary
    planned { ...BlastRadiusFields }
    current { ...BlastRadiusFields }
    newConsumers { id } vanishedConsumers { id }
    productionDeploymentsAtRisk { deployment { id name } waitingOn { ownerId state } reason }
  }
} }`);

export const MIGRATIONS_OF_QUERY = gql(`query MigrationsOf($targetId: ID!) {
  migrations(targetId: $targetId) { id name changeKind effectiveAt acknowledgements { state } }
}`);

export const REMIND_OWNERS = gql(`mutation RemindOwners($id: ID!) { remindMigrationOwners(id: $id) { id } }`);

export const CHANGE_WORDS: Record<string, string> = {
  DROP: 'Drop',
  RETYPE_COLUMNS: 'Retype columns',
  REPLACE: 'Replace',
  DEPRECATE: 'Deprecate',
};

export const STATE_WORDS: Record<string, string> = {
  PENDING: 'Has not answered',
  ACKNOWLEDGED: 'Acknowledged',
  OBJECTED: 'Objected',
  READY: 'Ready',
  NOT_ASKED: 'Not asked (appeared after planning)',
};

/** Owners who have not cleared the migration: those a reminder goes to. */
export const ownersToRemind = (acknowledgements: Acknowledgement[]) =>
  acknowledgements.filter((ack) => ack.state === 'PENDING' || ack.state === 'OBJECTED').map((ack) => ack.ownerId);

export type RadiusChange = 'new' | 'gone' | 'unchanged';

/** Every item of the blast radius as planned and now, each once, marked new or gone since planning. */
export function radiusAsPlannedAndNow(migration: PlannedMigration): (BlastRadiusItem & { change: RadiusChange })[] {
  const fresh = new Set(migration.status.newConsumers.map((item) => item.id));
  const gone = new Set(migration.status.vanishedConsumers.map((item) => item.id));
  const items = [
    ...migration.status.current.items.map((item) => ({
      ...item,
      change: (fresh.has(item.id) ? 'new' : 'unchanged') as RadiusChange,
    })),
    ...migration.status.planned.items
      .filter((item) => gone.has(item.id))
      .map((item) => ({ ...item, change: 'gone' as RadiusChange })),
  ];
  return items.sort((a, b) => a.depth - b.depth || a.name.localeCompare(b.name));
}
