import { isConstraintViolation, MnemoError } from '../platform/errors';

/** MLflow's error codes with the HTTP status its client expects for each (docs in ../shared compat notes). */
export const MLFLOW_STATUS = {
  INVALID_PARAMETER_VALUE: 400,
  RESOURCE_ALREADY_EXISTS: 400,
  RESOURCE_DOES_NOT_EXIST: 404,
  ENDPOINT_NOT_FOUND: 404,
  PERMISSION_DENIED: 403,
  UNAUTHENTICATED: 401,
  INTERNAL_ERROR: 500,
  TEMPORARILY_UNAVAILABLE: 503,
} as const;
export type MlflowErrorCode = keyof typeof MLFLOW_STATUS;

export class MlflowError extends Error {
  constructor(
    readonly errorCode: MlflowErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const FROM_MNEMO: Record<string, MlflowErrorCode> = {
  BAD_USER_INPUT: 'INVALID_PARAMETER_VALUE',
  NOT_FOUND: 'RESOURCE_DOES_NOT_EXIST',
  CONFLICT: 'INVALID_PARAMETER_VALUE',
  IMMUTABLE_VERSION: 'INVALID_PARAMETER_VALUE',
  FORBIDDEN: 'PERMISSION_DENIED',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
};

/**
 * Any error as MLflow's `{ error_code, message }` with its status. Client mistakes must never be
 * 5xx: the MLflow client retries those for minutes, which looks like a hang. A uniqueness
 * constraint decided by the database (two replicas creating the same thing at once) is
 * RESOURCE_ALREADY_EXISTS, as MLflow answers a create of something that exists.
 */
export function toMlflowError(error: unknown): { status: number; body: { error_code: string; message: string } } {
  if (error instanceof MlflowError) {
    return { status: MLFLOW_STATUS[error.errorCode], body: { error_code: error.errorCode, message: error.message } };
  }
  if (error instanceof MnemoError) {
    const code = FROM_MNEMO[error.code] ?? 'INVALID_PARAMETER_VALUE';
    return { status: MLFLOW_STATUS[code], body: { error_code: code, message: error.message } };
  }
  if (isConstraintViolation(error)) {
    const code = 'RESOURCE_ALREADY_EXISTS';
    return {
      status: MLFLOW_STATUS[code],
      body: { error_code: code, message: 'That was just created by a concurrent request.' },
    };
  }
  console.error('Unexpected error while answering MLflow:', error);
  return {
    status: 500,
    body: { error_code: 'INTERNAL_ERROR', message: 'Internal error; the server log has the details.' },
  };
}
