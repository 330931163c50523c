/**
 * The one error type services throw, and the express error handler that maps it (and zod,
 * body-parser and database errors) to the contract's envelope. Nothing else formats errors.
 */
import type { ErrorRequestHandler } from 'express';
import type {} from 'pino-http'; // req.log (the augmentation pino-http declares)
import { ZodError } from 'zod';

export const errorStatus = {
  validation_failed: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export interface ErrorDetail {
  path?: string;
  field?: string;
  line?: number;
  message: string;
  [key: string]: unknown;
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
  }
  get status(): number {
    return errorStatus[this.code];
  }
}

export const notFound = (what: string): AppError => new AppError('not_found', `${what} not found`);

/** zod issues as contract details: each names the bad field (dotted path) and why. */
export function zodDetails(err: ZodError, prefix: (string | number)[] = []): ErrorDetail[] {
  return err.issues.map((issue) => {
    const path = [...prefix, ...issue.path].map(String).join('.');
    return { path: path || '(body)', field: path || '(body)', message: issue.message };
  });
}

export function validationError(err: ZodError, prefix: (string | number)[] = []): AppError {
  return new AppError('validation_failed', 'The request is not valid', zodDetails(err, prefix));
}

/** Errors that mean the database cannot be reached (driver-level), answered as 503. */
export function isDatabaseDown(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const name = err.name;
  return (
    name === 'MongoServerSelectionError' ||
    name === 'MongoNetworkError' ||
    name === 'MongoNetworkTimeoutError' ||
    name === 'MongoNotConnectedError' ||
    name === 'MongoTopologyClosedError' ||
    name === 'MongooseServerSelectionError' ||
    (name === 'MongoPoolClearedError')
  );
}

interface BodyParserError extends Error {
  type?: string;
  status?: number;
}

function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof ZodError) return validationError(err);
  if (isDatabaseDown(err)) return new AppError('unavailable', 'The database is unavailable; try again shortly');
  const bp = err as BodyParserError;
  if (bp && typeof bp === 'object') {
    if (bp.type === 'entity.too.large') return new AppError('payload_too_large', 'The request body is larger than 5 MB');
    if (bp.type === 'entity.parse.failed') return new AppError('validation_failed', 'The body is not valid JSON', [{ path: '(body)', message: 'JSON does not parse' }]);
    if (bp.type === 'encoding.unsupported' || bp.type === 'charset.unsupported') return new AppError('unsupported_media_type', 'Unsupported body encoding');
    if (bp.type === 'request.aborted') return new AppError('validation_failed', 'The request was aborted');
    if (typeof bp.status === 'number' && bp.status >= 400 && bp.status < 500) {
      return new AppError('validation_failed', 'The request could not be read', [{ path: '(body)', message: bp.message }]);
    }
  }
  return new AppError('internal', 'Something went wrong on our side');
}

export function errorEnvelope(e: AppError): { error: { code: string; message: string; details: ErrorDetail[] } } {
  return { error: { code: e.code, message: e.message, details: e.details } };
}

export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  const appErr = toAppError(err);
  if (appErr.code === 'internal') req.log?.error({ err }, 'unhandled error');
  else if (appErr.code === 'unavailable') req.log?.warn({ err: (err as Error).message }, 'database unavailable');
  if (res.headersSent) return;
  if (appErr.code === 'unavailable') res.setHeader('Retry-After', '5');
  res.status(appErr.status).json(errorEnvelope(appErr));
};
