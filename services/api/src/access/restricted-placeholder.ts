import { createHmac } from 'node:crypto';
import { placeholderKey } from './placeholder-key';

/** What a caller may know about one entity: enough to decide whether to show it or a placeholder. */
export interface Visibility {
  id: string;
  kind: string;
  projectId: string | null;
  restricted: boolean;
  ownerId: string | null;
  readable: boolean;
  reason: 'RESTRICTED' | 'OTHER_PROJECT' | null;
}

export type RestrictedReasonName = 'RESTRICTED' | 'OTHER_PROJECT';

/** What lineage shows instead of a node the caller may not read (record kind `RestrictedNode`). */
export interface RestrictedPlaceholder {
  id: string;
  kind: 'RestrictedNode';
  /** The placeholder does not tell when the hidden node was made: always the Unix epoch. */
  createdAt: string;
  hiddenKind: string;
  reason: RestrictedReasonName;
  ownerName: string | null;
  summary: string;
}

export const RESTRICTED_NODE_KIND = 'RestrictedNode';
const HIDDEN_CREATED_AT = new Date(0).toISOString();

/**
 * `restricted:<first 16 hex of HMAC-SHA256(server key, id)>`: stable, so edges still connect and two
 * views agree; never the id, and keyed, so a guessed id cannot be checked against it offline.
 */
export function placeholderId(id: string): string {
  return `restricted:${createHmac('sha256', placeholderKey()).update(id).digest('hex').slice(0, 16)}`;
}

export const isPlaceholder = (record: { kind: string }): record is RestrictedPlaceholder =>
  record.kind === RESTRICTED_NODE_KIND;

/** `DatasetVersion` → `dataset version`, `FeatureSetVersion` → `feature set version`. */
export function kindInWords(kind: string): string {
  return kind
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase();
}

/** `team:risk-data` → `team risk-data`. */
const ownerInWords = (ownerId: string) => ownerId.replace(':', ' ');

/** The placeholder that stands for an entity the caller may not read. */
export function placeholderFor(v: Visibility): RestrictedPlaceholder {
  const reason: RestrictedReasonName = v.reason ?? (v.restricted ? 'RESTRICTED' : 'OTHER_PROJECT');
  const what = kindInWords(v.kind);
  let summary: string;
  if (reason === 'RESTRICTED') {
    summary = v.ownerId ? `1 restricted ${what}, owned by ${ownerInWords(v.ownerId)}` : `1 restricted ${what}`;
  } else {
    summary = v.projectId
      ? `1 ${what} in a project you cannot read (${v.projectId})`
      : `1 ${what} in a project you cannot read`;
  }
  return {
    id: placeholderId(v.id),
    kind: RESTRICTED_NODE_KIND,
    createdAt: HIDDEN_CREATED_AT,
    hiddenKind: v.kind,
    reason,
    ownerName: v.ownerId,
    summary,
  };
}
