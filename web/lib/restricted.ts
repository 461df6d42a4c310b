import { type Principal, type WriteAccess, writeAccess } from './access';
import type { Owner } from './entity-query';
import { gql } from './gql';
import type { RestrictionQuery } from './gql/graphql';
import type { Merged } from './merged';
import { GOVERNED_KINDS } from './metadata';

/**
 * Restricted assets: who may read an entity marked restricted (its owners and those granted it,
 * besides org auditors and admins), the maintainer's controls, and what a refused read says.
 */
export const RESTRICTABLE_KINDS = GOVERNED_KINDS;

/** Owners and readers of every restrictable kind (RESTRICTABLE_KINDS): a version's owners are its parent's. */
export const RESTRICTION_QUERY = gql(`
  query Restriction($id: ID!) {
    node(id: $id) {
      id
      kind
      ... on Dataset { restricted readers { ...Owner } owners { ...Owner } project { id } }
      ... on FeatureSet { restricted readers { ...Owner } owners { ...Owner } project { id } }
      ... on Model { restricted readers { ...Owner } owners { ...Owner } project { id } }
      ... on Experiment { restricted readers { ...Owner } owners { ...Owner } project { id } }
      ... on Deployment { restricted readers { ...Owner } owners { ...Owner } project { id } }
      ... on DatasetVersion { restricted readers { ...Owner } parent: dataset { owners { ...Owner } project { id } } }
      ... on FeatureSetVersion { restricted readers { ...Owner } parent: featureSet { owners { ...Owner } project { id } } }
      ... on ModelVersion { restricted readers { ...Owner } parent: model { owners { ...Owner } project { id } } }
      ... on Run { restricted readers { ...Owner } runOwner: owner { ...Owner } project { id } }
    }
  }
`);

export const SET_RESTRICTED = gql(`
  mutation SetRestricted($id: ID!, $restricted: Boolean!) { setRestricted(entityId: $id, restricted: $restricted) { id } }
`);
export const GRANT_READ_ACCESS = gql(`
  mutation GrantReadAccess($id: ID!, $memberId: ID!) { grantReadAccess(entityId: $id, memberId: $memberId) { id } }
`);
export const REVOKE_READ_ACCESS = gql(`
  mutation RevokeReadAccess($id: ID!, $memberId: ID!) { revokeReadAccess(entityId: $id, memberId: $memberId) { id } }
`);

export type Member = Owner;

export type RestrictionNode = Merged<NonNullable<RestrictionQuery['node']>>;

export interface Restriction {
  restricted: boolean;
  /** Its owners (a version's: its dataset's, feature set's or model's), who read it when restricted. */
  owners: Member[];
  /** Granted read access, besides the owners. */
  readers: Member[];
  projectId: string | null;
}

export function restrictionOf(node: RestrictionNode): Restriction {
  const owners = node.owners ?? node.parent?.owners ?? (node.runOwner ? [node.runOwner] : []);
  return {
    restricted: node.restricted === true,
    owners,
    readers: (node.readers ?? []).filter((reader) => !owners.some((owner) => owner.id === reader.id)),
    projectId: node.project?.id ?? node.parent?.project?.id ?? null,
  };
}

const joinWords = (words: string[]) =>
  words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;

/** "Readable by team:risk-data (owner) and user:dana (granted), and by org auditors and admins." */
export function readableBy(restriction: Restriction): string {
  const who = [
    ...restriction.owners.map((owner) => `${owner.id} (owner)`),
    ...restriction.readers.map((reader) => `${reader.id} (granted)`),
  ];
  return who.length === 0
    ? 'Readable only by org auditors and admins: it has no owner and nobody is granted it.'
    : `Readable by ${joinWords(who)}, and by org auditors and admins.`;
}

/** Marking restricted and granting read access need MAINTAINER on the entity's project (or org ADMIN, or auth off). */
export function restrictionAccess(principal: Principal | null, projectId: string | null): WriteAccess {
  return writeAccess(principal, projectId, 'restrictions and read grants', 'MAINTAINER');
}

/**
 * What a detail page says when the API refuses to read its entity: the API's reason, addressed to
 * the reader ("user:bob may not read dataset:x: it is restricted to team:risk-data and those granted
 * it." becomes "You may not read dataset:x: it is restricted to ..."). Null for any other error,
 * a refusal about something else included.
 */
export function forbiddenSentence(code: string | undefined, message: string, id: string): string | null {
  if (code !== 'FORBIDDEN') return null;
  const prefix = ` may not read ${id}: `;
  const at = message.indexOf(prefix);
  if (at < 0) return null;
  const reason = message.slice(at + prefix.length).replace(/\.$/, '');
  return `You may not read ${id}: ${reason}.`;
}

/** A member id as typed: a user or team id, trimmed. Null when it names neither. */
export function memberIdOf(text: string): string | null {
  const id = text.trim();
  return /^(user|team):\S+$/.test(id) ? id : null;
}
