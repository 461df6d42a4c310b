import { Neo4jError } from 'neo4j-driver';
import type { WriteTransaction } from './neo4j';

/**
 * The error codes every entry point speaks. Services throw MnemoError; each adapter (GraphQL,
 * REST, CLI) maps the code once to its own protocol's shape.
 */
export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'IMMUTABLE_VERSION'
  | 'CONFLICT'
  | 'FORBIDDEN'
  /** A write without a token (or with an unknown or revoked one) where authentication is on. */
  | 'UNAUTHENTICATED'
  /** A promotion whose gates failed; details.failedGates lists each with its actual and required value. */
  | 'PROMOTION_BLOCKED';

export class MnemoError extends Error {
  /**
   * Work to do in a transaction of its own once the failed one has rolled back (a refused write's
   * access.denied event); GraphDatabase.write runs it, once.
   */
  afterRollback?: (tx: WriteTransaction) => Promise<void>;

  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Machine-readable detail, e.g. every invalid field with its problem. */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'MnemoError';
  }
}

/**
 * The caller changed in the database (a token revoked, a role granted or taken) since this process
 * remembered it: the command rolls back and runs again as the caller now is (platform/command.ts).
 */
export class CallerChanged extends Error {
  constructor() {
    super('The caller changed since it was remembered; the command runs again.');
    this.name = 'CallerChanged';
  }
}

export const notFound = (kind: string, id: string) =>
  new MnemoError('NOT_FOUND', `No ${kind} with id "${id}".`, { id });

export const conflict = (message: string, details?: Record<string, unknown>) =>
  new MnemoError('CONFLICT', message, details);

/**
 * Neo4j refused a write because a uniqueness constraint holds: a concurrent write (another request,
 * another replica) created the same thing first. Each adapter answers it as its protocol's conflict.
 */
export const isConstraintViolation = (error: unknown): boolean =>
  error instanceof Neo4jError && error.code === 'Neo.ClientError.Schema.ConstraintValidationFailed';

/** A conflict however it was decided: by a service (CONFLICT) or by the database (a uniqueness constraint). */
export const isConflict = (error: unknown): boolean =>
  (error instanceof MnemoError && error.code === 'CONFLICT') || isConstraintViolation(error);

/** For creating something that may already exist: a CONFLICT means another caller created it first. */
export function ignoreConflict(error: unknown): void {
  if (!(error instanceof MnemoError && error.code === 'CONFLICT')) throw error;
}
