import { MnemoError } from './errors';

export const DEFAULT_PAGE = 50;
export const MAX_PAGE = 500;

/** Cursors are opaque to clients: base64url of the sort key and id of the last item seen. */
export interface CursorPosition {
  key: string | number;
  id: string;
}

export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify([position.key, position.id])).toString('base64url');
}

export function decodeCursor(cursor: string | null | undefined): CursorPosition | null {
  if (!cursor) return null;
  try {
    const [key, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if ((typeof key === 'string' || typeof key === 'number') && typeof id === 'string') return { key, id };
  } catch {
    // fall through to the error below
  }
  throw new MnemoError('BAD_USER_INPUT', `"${cursor.slice(0, 60)}" is not a cursor this API issued.`);
}

export function pageSize(first: number | null | undefined): number {
  if (first === null || first === undefined) return DEFAULT_PAGE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE) {
    throw new MnemoError('BAD_USER_INPUT', `first must be a whole number from 1 to ${MAX_PAGE}; got ${first}.`);
  }
  return first;
}

export interface Page<T> {
  nodes: T[];
  endCursor: string | null;
  hasNextPage: boolean;
}

/** Queries fetch one row more than asked; that extra row says whether another page exists. */
export function toPage<T extends { id: string }>(rows: T[], size: number, keyOf: (row: T) => string | number): Page<T> {
  const nodes = rows.slice(0, size);
  const last = nodes[nodes.length - 1];
  return {
    nodes,
    endCursor: last ? encodeCursor({ key: keyOf(last), id: last.id }) : null,
    hasNextPage: rows.length > size,
  };
}
