import type { Services } from '../context';
import type { BlastRadius } from '../planned-migrations/blast-radius';
import type { MigrationResponse } from '../planned-migrations/planned-migrations.service';
import { PEOPLE } from './demo-plan';

/** The demo's migration in progress: churn's cleaned October transactions, about to be replaced. */
export const DEMO_MIGRATION = {
  target: 'dataset:churn/transactions@2026-10',
  kind: 'REPLACE',
  effectiveAt: '2026-12-15T00:00:00Z',
  note: 'Amounts move to minor units (cents) and refunds become their own rows; transactions@2026-11 replaces it.',
} as const;

/** What the owners who are not production's say, in turn; the rest have not answered. */
const ANSWERS: { response: MigrationResponse; comment: string }[] = [
  { response: 'ACKNOWLEDGED', comment: 'Seen; our next training runs will read transactions@2026-11.' },
  { response: 'READY', comment: 'The labelling job reads cents already.' },
];

/**
 * Plans the demo's migration and has some owners answer, each as itself (a team through its first
 * member): the owners of the production deployment leave it pending, so `mnemo migration check`
 * exits 1 on the demo. Planning is one command (the acknowledgements written with one UNWIND), each
 * answer one more. Answers the migration's id.
 */
export async function planDemoMigration(services: Services, actor: string): Promise<string> {
  const migration = await services.plannedMigrations.plan(actor, DEMO_MIGRATION);
  const planned = JSON.parse(String(migration.impactReport)) as BlastRadius;
  const production = new Set(planned.items.filter((item) => item.production).flatMap((item) => item.ownerIds));
  const others = planned.owners.map((owner) => owner.ownerId).filter((ownerId) => !production.has(ownerId));
  await Promise.all(
    others.slice(0, ANSWERS.length).map((ownerId, i) =>
      services.plannedMigrations.respond(answeringFor(ownerId), {
        migrationId: migration.id,
        ownerId,
        ...ANSWERS[i],
      }),
    ),
  );
  return migration.id;
}

/** Who answers for an owner: the user itself, or a team's first member. */
function answeringFor(ownerId: string): string {
  if (!ownerId.startsWith('team:')) return ownerId;
  const member = PEOPLE.find((person) => person.teams.includes(ownerId.slice('team:'.length)));
  return member ? `user:${member.handle}` : ownerId;
}
