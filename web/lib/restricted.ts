import { type Principal, type WriteAccess, writeAccess } from './access';
import { GOVERNED_KINDS } from './metadata';

/**
 * Restricted assets: who may read an entity marked restricted (its owners and those granted it,
 * besides org auditors and admins), the maintainer's controls, and what a refused read says.
 */
export const RESTRICTABLE_KINDS = GOVERNED_KINDS;

const TOP = ['Dataset', 'FeatureSet', 'Model', 'Experiment', 'Deployment'];
const VERSION_PARENT: Record<string, string> = {
  DatasetVersion: 'dataset',
  FeatureSetVersion: 'featureSet',
  ModelVersion: 'model',
};
const OWNED = 'owners { ...Owner } project { id }';

export const RESTRICTION_QUERY = `
  query Restriction($id: ID!) {
    node(id: $id) {
      id
      kind
      ${TOP.map((kind) => `... on ${kind} { restricted readers { ...Owner } ${OWNED} }`).join('\n      ')}
      ${Object.entries(VERSION_PARENT)
        .map(([kind, parent]) => `... on ${kind} { restricted readers { ...Owner } parent: ${parent} { ${OWNED} } }`)
        .join('\n      ')}
      ... on Run { restricted readers { ...Owner } runOwner: owner { ...Owner } project { id } }
    }
  }
  fragment Owner on Owner { ... on User { id name } ... on Team { id name } }
`;

export const SET_RESTRICTED = `
  mutation SetRestricted($id: ID!, $restricted: Boolean!) { setRestricted(entityId: $id, restricted: $restricted) { id } }
`;
export const GRANT_READ_ACCESS = `
  mutation GrantReadAccess($id: ID!, $memberId: ID!) { grantReadAccess(entityId: $id, memberId: $memberId) { id } }
`;
export const REVOKE_READ_ACCESS = `
  mutation RevokeReadAccess($id: ID!, $memberId: ID!) { revokeReadAccess(entityId: $id, memberId: $memberId) { id } }
`;

export interface Member {
  id: string;
  name: string;
}

export interface RestrictionNode {
  id: string;
  kind: string;
  restricted?: boolean;
  readers?: Member[];
  owners?: Member[];
  runOwner?: Member | null;
  project?: { id: string } | null;
  parent?: { owners: Member[]; project: { id: string } | null } | null;
}

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
