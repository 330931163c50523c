import { Router } from 'express';
import { rateLimit } from 'express-rate-limit';
import { AppError, errorEnvelope } from '../../http/errors.js';
import { parse } from '../../http/validate.js';
import { requireRole, SESSION_COOKIE } from '../../http/auth.js';
import { objectIdSchema } from '../../lib/schemas.js';
import { createApiKeySchema, createUserSchema, loginSchema, type LoginView, type MeView } from './auth.schema.js';
import type { AuthService } from './auth.service.js';

/** Public: login. Mounted before authentication. */
export function loginRouter(auth: AuthService, opts: { secureCookies: boolean }): Router {
  const r = Router();
  const limiter = rateLimit({
    windowMs: 60_000,
    limit: 20,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    handler: (_req, res) => {
      res.status(429).json(errorEnvelope(new AppError('rate_limited', 'Too many login attempts; wait a minute')));
    },
  });
  r.post('/auth/login', limiter, async (req, res) => {
    const body = parse(loginSchema, req.body);
    const { user, token, csrfToken } = await auth.login(body.email, body.password);
    res.cookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'lax',
      secure: opts.secureCookies || req.secure,
      path: '/',
      maxAge: 12 * 3_600_000,
    });
    const answer: LoginView = { user, csrfToken };
    res.json(answer);
  });
  return r;
}

/** Authenticated: who am I, logout, users and API keys (admin). */
export function authRouter(auth: AuthService): Router {
  const r = Router();
  r.get('/auth/me', (req, res) => {
    const p = req.principal!;
    const me: MeView = { kind: p.kind, id: p.id, role: p.role, name: p.name, csrfToken: req.sessionToken ? auth.csrfToken(req.sessionToken) : null };
    res.json(me);
  });
  r.post('/auth/logout', async (req, res) => {
    if (req.principal?.kind === 'session') await auth.logout(req.principal.id);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.status(204).end();
  });
  r.get('/users', requireRole('admin'), async (_req, res) => {
    res.json({ items: await auth.listUsers(), nextCursor: null });
  });
  r.post('/users', requireRole('admin'), async (req, res) => {
    res.status(201).json(await auth.createUser(parse(createUserSchema, req.body)));
  });
  r.get('/api-keys', requireRole('admin'), async (_req, res) => {
    res.json({ items: await auth.listApiKeys(), nextCursor: null });
  });
  r.post('/api-keys', requireRole('admin'), async (req, res) => {
    const body = parse(createApiKeySchema, req.body);
    res.status(201).json(await auth.createApiKey(body.name, body.role));
  });
  r.delete('/api-keys/:id', requireRole('admin'), async (req, res) => {
    await auth.revokeApiKey(parse(objectIdSchema, req.params.id, ['id']));
    res.status(204).end();
  });
  return r;
}
