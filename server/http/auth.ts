/**
 * Authentication and authorisation for /api/v1: a bearer API key or the session cookie of a
 * logged-in marketer. Viewers read only; cookie-authenticated writes need the CSRF header.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { parse as parseCookies } from 'cookie';
import type { AuthService } from '../modules/auth/index.js';
import type { Principal, Role } from '../modules/auth/index.js';
import { AppError } from './errors.js';

declare module 'express-serve-static-core' {
  interface Request {
    principal?: Principal;
    sessionToken?: string;
  }
}

export const SESSION_COOKIE = 'retainly_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function sessionTokenOf(req: Request): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  return parseCookies(header)[SESSION_COOKIE];
}

export function authenticate(auth: AuthService): RequestHandler {
  return async (req: Request, _res: Response, next: NextFunction) => {
    const header = req.headers.authorization;
    if (header !== undefined) {
      const m = /^Bearer\s+(\S{1,200})$/i.exec(header);
      const principal = m?.[1] ? await auth.authenticateApiKey(m[1]) : null;
      if (!principal) throw new AppError('unauthenticated', 'The API key is missing, malformed or unknown');
      req.principal = principal;
      return next();
    }
    const token = sessionTokenOf(req);
    const session = token ? await auth.authenticateSession(token) : null;
    if (!session || !token) throw new AppError('unauthenticated', 'Send "Authorization: Bearer <api key>" or log in');
    if (!SAFE_METHODS.has(req.method) && !auth.verifyCsrf(token, req.get('x-csrf-token'))) {
      throw new AppError('forbidden', 'Missing or wrong X-CSRF-Token header for a cookie-authenticated write');
    }
    req.principal = session.principal;
    req.sessionToken = token;
    next();
  };
}

/**
 * POSTs that only read: previews take a body (rules, sources, sample data) but store nothing and
 * send nothing, so a viewer may run them (paths under /api/v1).
 */
const READ_ONLY_POSTS = [/^\/segments\/preview$/, /^\/templates\/preview$/, /^\/templates\/[0-9a-f]{24}\/preview$/];

export const isReadOnlyPost = (method: string, path: string): boolean => method === 'POST' && READ_ONLY_POSTS.some((re) => re.test(path));

/** Viewers may only read (previews included); everything else needs at least `marketer`. */
export const writersOnly: RequestHandler = (req, _res, next) => {
  if (!SAFE_METHODS.has(req.method) && !isReadOnlyPost(req.method, req.path) && req.principal?.role === 'viewer') {
    throw new AppError('forbidden', 'Viewers have read-only access');
  }
  next();
};

export function requireRole(...allowed: Role[]): RequestHandler {
  return (req, _res, next) => {
    if (!req.principal || !allowed.includes(req.principal.role)) {
      throw new AppError('forbidden', `This needs the role ${allowed.join(' or ')}`);
    }
    next();
  };
}
