import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { CallerChanged, MnemoError } from './errors';

/**
 * Who is calling. platform/ imports no domain, so it does not name the type: access/principal.ts
 * completes this interface with its `Principal` (declaration merging), and platform code itself only
 * asks whether there is a caller.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- completed by access/principal.ts
export interface RequestPrincipal {}

/** What the platform knows about the request being served, wherever in the call it is asked. */
export interface RequestContext {
  requestId: string;
  /**
   * Who is calling, set by the authentication middleware for every HTTP request. Work outside HTTP
   * (the demo loader, startup) has none: it is the server itself and is not checked.
   */
  principal?: RequestPrincipal;
  /** The request's read guard (access/read-access.ts), made on first use so its lookups batch and cache. */
  readGuard?: unknown;
  /**
   * A check of the caller still owed to the database: its principal was taken from what this process
   * remembers (access/access.service.ts), and must be confirmed before the request writes or answers.
   */
  callerCheck?: CallerCheck;
  /** The owed check once started (startCallerCheck), until settleCallerCheck takes its outcome. */
  callerChecking?: Promise<void>;
}

/** Confirms (or replaces) the request's principal against the database, by a query of `db`. */
export type CallerCheck = (db: {
  query<T>(name: string, params?: Record<string, unknown>): Promise<T[]>;
}) => Promise<void>;

const storage = new AsyncLocalStorage<RequestContext>();

/** A caller's own request id is kept when it is plain (letters, digits, `.`, `_`, `-`, `:`; ≤ 100). */
const CALLER_REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;
export const REQUEST_ID_HEADER = 'x-request-id';

/**
 * Gives every HTTP request an id (the caller's `X-Request-Id`, or a new one), echoed in the
 * response, so an audit event can be traced back to the request that caused it. The audit writer
 * reads it from here rather than through every service signature.
 */
export function requestIds(req: Request, res: Response, next: NextFunction): void {
  const offered = req.get(REQUEST_ID_HEADER);
  const requestId = offered && CALLER_REQUEST_ID.test(offered) ? offered : randomUUID();
  res.setHeader(REQUEST_ID_HEADER, requestId);
  storage.run({ requestId }, next);
}

/** Runs work outside HTTP (the demo loader, tools) under a request id of its own. */
export function withRequestId<T>(requestId: string, work: () => T): T {
  return storage.run({ requestId }, work);
}

export function currentRequestId(): string | null {
  return storage.getStore()?.requestId ?? null;
}

/** The caller of the request being served; undefined outside HTTP (the server's own work). */
export function currentPrincipal(): RequestPrincipal | undefined {
  return storage.getStore()?.principal;
}

/** Called once per request by the authentication middleware (and when a grant changes it mid-request). */
export function setPrincipal(principal: RequestPrincipal): void {
  const store = storage.getStore();
  if (!store) throw new Error('setPrincipal outside a request context');
  store.principal = principal;
  store.readGuard = undefined; // what the caller may read changed with it
}

/** Called by the authentication middleware when the caller's principal came from memory. */
export function oweCallerCheck(check: CallerCheck): void {
  const store = storage.getStore();
  if (store) store.callerCheck = check;
}

/**
 * Starts the check owed for this request's caller, if one is, with `db`, without waiting for it. A
 * command starts it with its first query, so the two reach the database together rather than one
 * round trip after the other; settleCallerCheck waits for it before anything is authorised. When it
 * ends without a verdict (its transaction failed under it), it is owed again.
 */
export function startCallerCheck(db: Parameters<CallerCheck>[0]): void {
  const store = storage.getStore();
  if (!store?.callerCheck) return;
  const check = store.callerCheck;
  store.callerCheck = undefined;
  const checking: Promise<void> = check(db).catch((error: unknown) => {
    if (!isVerdict(error) && store.callerChecking === checking) {
      store.callerChecking = undefined;
      store.callerCheck = check;
    }
    throw error;
  });
  checking.catch(() => undefined); // its outcome is taken by settleCallerCheck
  store.callerChecking = checking;
}

/** Whether a check's error is its answer about the caller (revoked, changed) rather than a failure to ask. */
function isVerdict(error: unknown): boolean {
  return error instanceof CallerChanged || (error instanceof MnemoError && error.code === 'UNAUTHENTICATED');
}

/**
 * Makes the check owed for this request's caller, if one is, with `db` (inside a command, its own
 * transaction, so the check and the command see the same database), or takes the outcome of the one
 * started. Made once: it is taken before it runs, so the check's own query does not wait for itself.
 */
export async function settleCallerCheck(db: Parameters<CallerCheck>[0]): Promise<void> {
  startCallerCheck(db);
  const store = storage.getStore();
  const checking = store?.callerChecking;
  if (!store || !checking) return;
  store.callerChecking = undefined;
  await checking;
}

/** Waits until a started check has ended, leaving its outcome to settleCallerCheck: a failed command's transaction outlives it. */
export async function callerCheckEnded(): Promise<void> {
  await storage.getStore()?.callerChecking?.catch(() => undefined);
}

export const currentReadGuard = (): unknown => storage.getStore()?.readGuard;

/** Keeps the request's read guard; outside a request there is nothing to keep it in (each use makes its own). */
export function keepReadGuard(guard: unknown): void {
  const store = storage.getStore();
  if (store) store.readGuard = guard;
}
